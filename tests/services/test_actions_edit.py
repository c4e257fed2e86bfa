"""Editing a service: what sends it back to review, what it keeps, its banner, and failed edits."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from services import actions
from services.models import Category, Service
from tests.profiles.factories import UserFactory
from tests.services.factories import leaf_category
from tests.services.writes import S, create_service, search_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(freelancer):
    """Fran's published service, made by the actions so its keywords are real."""
    service = create_service(freelancer, title="News writing", skill_names=["Editing"])
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
    service = create_service(freelancer)

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

    assert list(search_for("vector")) == [live]
    assert list(search_for("logo")) == [live]
    assert list(search_for("editing")) == []
    assert list(search_for("articles")) == []


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


def test_an_edit_does_not_undo_an_approval_made_meanwhile(premoderation, freelancer):
    service = create_service(freelancer, title="News writing")
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
