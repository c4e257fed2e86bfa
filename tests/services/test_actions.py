"""Writes on services: the lifecycle, creation, editing, moderation and deletion."""

import threading
from decimal import Decimal

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from profiles.models import Skill
from services import actions
from services.models import Category, Service
from tests.profiles.factories import SkillFactory, UserFactory
from tests.services.factories import ServiceFactory, leaf_category

pytestmark = pytest.mark.django_db

S = Service.Status


@pytest.fixture
def premoderation(settings):
    settings.SERVICES_PREMODERATION = True


@pytest.fixture
def no_premoderation(settings):
    settings.SERVICES_PREMODERATION = False


def _create(freelancer, **overrides):
    """service_create with a complete, valid set of arguments for Fran."""
    arguments = {
        "freelancer": freelancer.profile,
        "title": "News writing",
        "description": "Reported, sourced, on deadline.",
        "category": leaf_category(),
        "hourly_rate": Decimal("30"),
    }
    return actions.service_create(**(arguments | overrides))


def _in_status(status, **fields):
    published_at = timezone.now() if status == S.PUBLISHED else None
    return ServiceFactory(status=status, published_at=published_at, **fields)


def _search(word):
    return Service.objects.filter(search_document=SearchQuery(word, config="english"))


# --- The lifecycle -----------------------------------------------------------------------


STAFF_MOVES = {
    actions.service_approve,
    actions.service_reject,
    actions.service_suspend,
    actions.service_restore,
}


def _move(action):
    kwargs = {}
    if action in STAFF_MOVES:
        kwargs["moderator"] = UserFactory(is_staff=True)
    if action in (actions.service_reject, actions.service_suspend):
        kwargs["note"] = "Too vague."
    return lambda service: action(service=service, **kwargs)


LIFECYCLE = [
    # (status before, move, status after or None for "refused")
    (S.DRAFT, actions.service_submit, S.PENDING),
    (S.DRAFT, actions.service_withdraw, None),
    (S.DRAFT, actions.service_approve, None),
    (S.DRAFT, actions.service_reject, None),
    (S.PENDING, actions.service_submit, None),
    (S.PENDING, actions.service_withdraw, S.DRAFT),
    (S.PENDING, actions.service_approve, S.PUBLISHED),
    (S.PENDING, actions.service_reject, S.REJECTED),
    (S.PUBLISHED, actions.service_submit, None),
    (S.PUBLISHED, actions.service_withdraw, S.DRAFT),
    (S.PUBLISHED, actions.service_approve, None),
    (S.PUBLISHED, actions.service_reject, None),
    (S.REJECTED, actions.service_submit, S.PENDING),
    (S.REJECTED, actions.service_withdraw, None),
    (S.REJECTED, actions.service_approve, None),
    (S.REJECTED, actions.service_reject, None),
    (S.SUSPENDED, actions.service_submit, None),
    (S.SUSPENDED, actions.service_withdraw, None),
    (S.SUSPENDED, actions.service_approve, None),
    (S.SUSPENDED, actions.service_reject, None),
    (S.DRAFT, actions.service_suspend, None),
    (S.PENDING, actions.service_suspend, S.SUSPENDED),
    (S.PUBLISHED, actions.service_suspend, S.SUSPENDED),
    (S.REJECTED, actions.service_suspend, None),
    (S.SUSPENDED, actions.service_suspend, None),
    (S.DRAFT, actions.service_restore, None),
    (S.PENDING, actions.service_restore, None),
    (S.PUBLISHED, actions.service_restore, None),
    (S.REJECTED, actions.service_restore, None),
    (S.SUSPENDED, actions.service_restore, S.PUBLISHED),
]


@pytest.mark.parametrize(
    ("before", "action", "after"),
    LIFECYCLE,
    ids=[f"{before}-{action.__name__}" for before, action, _ in LIFECYCLE],
)
def test_each_move_from_each_status(premoderation, before, action, after):
    service = _in_status(before)

    if after is None:
        with pytest.raises(ValidationError):
            _move(action)(service)
    else:
        _move(action)(service)

    service.refresh_from_db()
    assert service.status == (before if after is None else after)


@pytest.mark.parametrize("before", [S.DRAFT, S.REJECTED])
def test_submitting_under_premoderation_waits_for_review(premoderation, before):
    service = _in_status(before)

    actions.service_submit(service=service)

    service.refresh_from_db()
    assert service.status == S.PENDING
    assert service.published_at is None


@pytest.mark.parametrize("before", [S.DRAFT, S.REJECTED])
def test_submitting_without_premoderation_publishes_at_once(no_premoderation, before):
    service = _in_status(before, moderation_note="Was too vague.")

    actions.service_submit(service=service)

    service.refresh_from_db()
    assert service.status == S.PUBLISHED
    assert service.published_at is not None
    assert service.moderation_note == ""
    assert service in Service.objects.public()


def test_approving_publishes_with_a_date_and_clears_the_note():
    service = _in_status(S.PENDING, moderation_note="Fixed now?")

    actions.service_approve(service=service, moderator=UserFactory(is_staff=True))

    service.refresh_from_db()
    assert service.status == S.PUBLISHED
    assert service.published_at is not None
    assert service.moderation_note == ""


def test_republishing_keeps_the_first_publication_date(no_premoderation):
    service = _in_status(S.DRAFT)
    service = actions.service_submit(service=service)
    first = service.published_at

    actions.service_withdraw(service=service)
    actions.service_submit(service=service)

    service.refresh_from_db()
    assert service.status == S.PUBLISHED
    assert service.published_at == first


@pytest.mark.parametrize("note", ["", "   "])
def test_rejecting_needs_a_note(note):
    service = _in_status(S.PENDING)

    with pytest.raises(ValidationError) as error:
        actions.service_reject(service=service, moderator=UserFactory(is_staff=True), note=note)

    assert "moderation_note" in error.value.message_dict
    service.refresh_from_db()
    assert service.status == S.PENDING


def test_rejecting_keeps_the_note_for_the_freelancer():
    service = _in_status(S.PENDING)

    actions.service_reject(
        service=service,
        moderator=UserFactory(is_staff=True),
        note="  Add a sample of your work.  ",
    )

    service.refresh_from_db()
    assert service.status == S.REJECTED
    assert service.moderation_note == "Add a sample of your work."


# --- Creating ----------------------------------------------------------------------------


def test_a_new_service_is_a_draft_with_its_fields(freelancer):
    service = _create(
        freelancer,
        title="  News writing  ",
        starting_price=Decimal("25"),
        engagement=Service.EngagementType.ONE_OFF,
    )

    service.refresh_from_db()
    assert service.status == S.DRAFT
    assert service.published_at is None
    assert service.freelancer == freelancer.profile
    assert service.title == "News writing"
    assert service.slug == "news-writing"
    assert service.hourly_rate == Decimal("30")
    assert service.starting_price == Decimal("25")
    assert service.engagement == Service.EngagementType.ONE_OFF


def test_a_service_cannot_go_in_a_top_level_category(freelancer):
    top = Category.objects.top_level().get(name="Writing & Translation")

    with pytest.raises(ValidationError) as error:
        _create(freelancer, category=top)

    assert "category" in error.value.message_dict
    assert not Service.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("hourly_rate", Decimal("0")), ("starting_price", Decimal("-1")), ("title", "   ")],
)
def test_invalid_values_are_refused_before_the_database(freelancer, field, value):
    with pytest.raises(ValidationError) as error:
        _create(freelancer, **{field: value})

    assert field in error.value.message_dict
    assert not Service.objects.exists()


def test_skills_by_name_are_reused_regardless_of_case_and_created_when_new(freelancer):
    existing = SkillFactory(name="News Writing")

    service = _create(freelancer, skill_names=["news writing", "Fact Checking"])

    assert set(service.skills.all()) == {existing, Skill.objects.get(name="Fact Checking")}
    assert Skill.objects.filter(name__iexact="news writing").count() == 1


def test_the_same_skill_twice_is_added_once(freelancer):
    service = _create(freelancer, skill_names=["Editing", "EDITING", "editing"])

    assert [skill.name for skill in service.skills.all()] == ["Editing"]
    assert Skill.objects.filter(name__iexact="editing").count() == 1


def test_keywords_hold_the_skill_and_category_names(freelancer):
    service = _create(freelancer, skill_names=["Fact Checking"])

    service.refresh_from_db()
    assert "Fact Checking" in service.keywords
    assert "Articles & News" in service.keywords
    assert "Writing & Translation" in service.keywords


@pytest.mark.parametrize(
    "word", ["checking", "articles", "translation"], ids=["skill", "category", "parent-category"]
)
def test_search_finds_a_new_service_by_its_skill_and_category_names(freelancer, word):
    service = _create(
        freelancer,
        title="Reporting",
        description="On deadline.",
        skill_names=["Fact Checking"],
    )
    _create(
        freelancer,
        title="Logo work",
        description="Marks.",
        category=leaf_category("logo-branding"),
    )

    assert list(_search(word)) == [service]


def test_slugs_of_one_title_get_numbered(freelancer, other_freelancer):
    first = _create(freelancer, title="News writing")
    second = _create(other_freelancer, title="News Writing")
    third = _create(freelancer, title="news writing!")

    assert (first.slug, second.slug, third.slug) == (
        "news-writing",
        "news-writing-2",
        "news-writing-3",
    )


@pytest.mark.parametrize("title", ["!!!", "★ ★ ★", "中文翻译"])
def test_a_title_without_letters_for_a_slug_still_gets_one(freelancer, title):
    first = _create(freelancer, title=title)
    second = _create(freelancer, title=title)

    assert first.slug == "service"
    assert second.slug == "service-2"


def test_a_new_service_can_have_a_banner(freelancer):
    service = _create(freelancer, banner=ContentFile(b"banner", "b.webp"))

    service.refresh_from_db()
    assert service.banner.name.startswith("services/banners/")
    assert service.banner.storage.exists(service.banner.name)


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_services_with_one_title_get_distinct_slugs(freelancer):
    profile = freelancer.profile
    category = leaf_category()
    barrier = threading.Barrier(20)
    slugs, errors = [], []

    def create():
        try:
            barrier.wait(timeout=30)
            with transaction.atomic():
                service = actions.service_create(
                    freelancer=profile,
                    title="Same title",
                    description="Racing.",
                    category=category,
                    hourly_rate=Decimal("30"),
                )
            slugs.append(service.slug)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(slugs) == 20
    assert len(set(slugs)) == 20
    assert Service.objects.filter(title="Same title").count() == 20
    assert set(Service.objects.values_list("slug", flat=True)) == set(slugs)
    assert "same-title" in slugs


# --- Editing -----------------------------------------------------------------------------


@pytest.fixture
def live(freelancer):
    """Fran's published service, made by the actions so its keywords are real."""
    service = _create(freelancer, title="News writing", skill_names=["Editing"])
    service.status = S.PUBLISHED
    service.published_at = timezone.now()
    service.save()
    return service


@pytest.mark.parametrize(
    "changes",
    [
        {"title": "Long-form news writing"},
        {"description": "Now with photos."},
        {"category": "blogs-web-content"},
    ],
    ids=["title", "description", "category"],
)
def test_under_premoderation_editing_reviewed_text_sends_a_service_back_to_review(
    premoderation, live, changes
):
    if "category" in changes:
        changes = {"category": leaf_category(changes["category"])}

    actions.service_update(service=live, data=changes)

    live.refresh_from_db()
    assert live.status == S.PENDING
    assert live not in Service.objects.public()


def test_under_premoderation_a_new_banner_sends_a_service_back_to_review(premoderation, live):
    actions.service_update(service=live, data={"banner": ContentFile(b"b", "b.webp")})

    live.refresh_from_db()
    assert live.status == S.PENDING


@pytest.mark.parametrize(
    ("changes", "skill_names"),
    [
        ({"hourly_rate": Decimal("45")}, None),
        ({"starting_price": Decimal("100")}, None),
        ({"engagement": Service.EngagementType.ONE_OFF}, None),
        ({}, ["Editing", "Fact Checking"]),
    ],
    ids=["rate", "starting-price", "engagement", "skills"],
)
def test_under_premoderation_editing_only_rate_or_skills_keeps_a_service_live(
    premoderation, live, changes, skill_names
):
    actions.service_update(service=live, data=changes, skill_names=skill_names)

    live.refresh_from_db()
    assert live.status == S.PUBLISHED
    assert live in Service.objects.public()


def test_under_premoderation_resaving_the_same_text_keeps_a_service_live(premoderation, live):
    actions.service_update(
        service=live,
        data={
            "title": live.title,
            "description": live.description,
            "category": leaf_category(),
        },
    )

    live.refresh_from_db()
    assert live.status == S.PUBLISHED


def test_without_premoderation_editing_text_keeps_a_service_live(no_premoderation, live):
    actions.service_update(
        service=live,
        data={"title": "Long-form news writing", "description": "New text."},
    )

    live.refresh_from_db()
    assert live.status == S.PUBLISHED
    assert live.title == "Long-form news writing"


def test_editing_a_draft_keeps_it_a_draft(premoderation, freelancer):
    service = _create(freelancer)

    actions.service_update(service=service, data={"title": "Another title"})

    service.refresh_from_db()
    assert service.status == S.DRAFT


def test_the_slug_never_changes_with_the_title(live):
    actions.service_update(service=live, data={"title": "Something else entirely"})

    live.refresh_from_db()
    assert live.title == "Something else entirely"
    assert live.slug == "news-writing"


def test_editing_refreshes_the_keywords_for_search(live):
    actions.service_update(
        service=live,
        data={"category": leaf_category("logo-branding")},
        skill_names=["Vector Art"],
    )

    assert list(_search("vector")) == [live]
    assert list(_search("logo")) == [live]
    assert list(_search("editing")) == []
    assert list(_search("articles")) == []


def test_editing_to_a_top_level_category_is_refused(live):
    top = Category.objects.top_level().first()

    with pytest.raises(ValidationError) as error:
        actions.service_update(service=live, data={"category": top})

    assert "category" in error.value.message_dict
    live.refresh_from_db()
    assert live.category == leaf_category()


def test_an_invalid_edit_changes_nothing(premoderation, live):
    with pytest.raises(ValidationError):
        actions.service_update(
            service=live, data={"title": "New title", "hourly_rate": Decimal("0")}
        )

    live.refresh_from_db()
    assert (live.title, live.hourly_rate, live.status) == (
        "News writing",
        Decimal("30"),
        S.PUBLISHED,
    )


def test_replacing_a_banner_deletes_the_old_file_only_after_commit(
    no_premoderation, live, django_capture_on_commit_callbacks
):
    live = actions.service_update(service=live, data={"banner": ContentFile(b"old", "old.webp")})
    old_name, storage = live.banner.name, live.banner.storage

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.service_update(service=live, data={"banner": ContentFile(b"new", "new.webp")})

    live.refresh_from_db()
    assert live.banner.name != old_name
    assert storage.exists(old_name)  # the transaction has not committed yet
    assert storage.exists(live.banner.name)
    for callback in callbacks:  # the commit
        callback()

    assert not storage.exists(old_name)
    assert storage.exists(live.banner.name)


def test_a_failed_edit_keeps_the_old_banner(
    no_premoderation, live, django_capture_on_commit_callbacks
):
    live = actions.service_update(service=live, data={"banner": ContentFile(b"old", "old.webp")})
    old_name, storage = live.banner.name, live.banner.storage

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        actions.service_update(
            service=live,
            data={"banner": ContentFile(b"new", "new.webp"), "hourly_rate": Decimal("-1")},
        )

    live.refresh_from_db()
    assert live.banner.name == old_name
    assert storage.exists(old_name)


# --- Deleting ----------------------------------------------------------------------------


def test_deleting_removes_the_service_and_its_banner_after_commit(
    freelancer, django_capture_on_commit_callbacks
):
    service = _create(freelancer, banner=ContentFile(b"banner", "b.webp"))
    name, storage = service.banner.name, service.banner.storage

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.service_delete(service=service)

    assert not Service.objects.filter(pk=service.pk).exists()
    assert storage.exists(name)
    for callback in callbacks:  # the commit
        callback()

    assert not storage.exists(name)


def test_deleting_a_service_without_a_banner_schedules_nothing(
    freelancer, django_capture_on_commit_callbacks
):
    service = _create(freelancer)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        actions.service_delete(service=service)

    assert not Service.objects.filter(pk=service.pk).exists()
    assert not [c for c in callbacks if "delete_file" in c.__qualname__]


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_services_naming_one_new_skill_share_it(freelancer):
    profile = freelancer.profile
    category = leaf_category()
    barrier = threading.Barrier(20)
    skill_ids, errors = [], []

    def create():
        try:
            barrier.wait(timeout=30)
            with transaction.atomic():
                service = actions.service_create(
                    freelancer=profile,
                    title="Data journalism",
                    description="Racing.",
                    category=category,
                    hourly_rate=Decimal("30"),
                    skill_names=["Data Journalism"],
                )
                skill_ids.extend(service.skills.values_list("pk", flat=True))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert Skill.objects.filter(name__iexact="data journalism").count() == 1
    assert set(skill_ids) == {Skill.objects.get(name="Data Journalism").pk}
    assert len(skill_ids) == 20


# --- Stale copies --------------------------------------------------------------------------


def test_a_move_checks_the_stored_status_not_a_stale_copy():
    service = _in_status(S.PENDING)
    moderators_copy = Service.objects.get(pk=service.pk)  # loaded by the admin changelist
    actions.service_withdraw(service=service)  # meanwhile the freelancer withdraws it

    with pytest.raises(ValidationError):
        actions.service_approve(service=moderators_copy, moderator=UserFactory(is_staff=True))

    service.refresh_from_db()
    assert service.status == S.DRAFT


def test_a_move_does_not_undo_an_edit_saved_meanwhile(no_premoderation, freelancer):
    service = _create(freelancer, title="News writing")
    actions.service_submit(service=service)
    freelancers_copy = Service.objects.get(pk=service.pk)  # loaded by the edit view
    actions.service_update(service=freelancers_copy, data={"title": "Long-form news"})

    actions.service_withdraw(service=service)  # from the dashboard, with the older copy

    service.refresh_from_db()
    assert service.status == S.DRAFT
    assert service.title == "Long-form news"


def test_an_edit_does_not_undo_an_approval_made_meanwhile(premoderation, freelancer):
    service = _create(freelancer, title="News writing")
    actions.service_submit(service=service)
    freelancers_copy = Service.objects.get(pk=service.pk)  # loaded by the edit view
    actions.service_approve(
        service=service, moderator=UserFactory(is_staff=True)
    )  # meanwhile a moderator approves it

    actions.service_update(service=freelancers_copy, data={"hourly_rate": Decimal("45")})

    service.refresh_from_db()
    assert service.hourly_rate == Decimal("45")
    assert service.status == S.PUBLISHED
    assert service.published_at is not None
