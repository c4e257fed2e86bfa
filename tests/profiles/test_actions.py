import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction

from profiles import actions
from profiles.models import Article, Profile, Skill
from tests.profiles.factories import ArticleFactory, ProfileFactory, SkillFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("news writing", "News Writing"),
        ("  News   Writing ", "News Writing"),
        ("SEO", "SEO"),
        ("iOS development", "iOS development"),
    ],
)
def test_skill_names_are_normalised(typed, stored):
    assert actions.skill_get_or_create(name=typed).name == stored


def test_the_same_skill_in_another_case_is_one_skill():
    first = actions.skill_get_or_create(name="news writing")

    again = actions.skill_get_or_create(name="NEWS WRITING")

    assert again == first
    assert Skill.objects.count() == 1
    assert first.slug == "news-writing"


def test_skills_with_names_that_slugify_alike_get_distinct_slugs():
    SkillFactory(name="C++", slug="c")

    assert actions.skill_get_or_create(name="C#").slug == "c-2"


def test_an_empty_skill_name_is_refused():
    with pytest.raises(ValidationError):
        actions.skill_get_or_create(name="   ")


def test_becoming_a_freelancer_creates_an_active_profile_with_a_slug():
    user = UserFactory()

    profile = actions.profile_create(user=user, display_name="Ana Lima", headline="Editor")

    assert profile.slug == "ana-lima"
    assert profile.status == Profile.Status.ACTIVE
    assert user.profile == profile


def test_two_freelancers_with_one_name_get_distinct_slugs():
    first = actions.profile_create(user=UserFactory(), display_name="Ana Lima")
    second = actions.profile_create(user=UserFactory(), display_name="Ana Lima")

    assert (first.slug, second.slug) == ("ana-lima", "ana-lima-2")


def test_a_user_cannot_have_two_profiles(freelancer):
    with pytest.raises(ValidationError):
        actions.profile_create(user=freelancer, display_name="Again")


def test_a_name_without_letters_still_gets_a_slug():
    assert actions.profile_create(user=UserFactory(), display_name="***").slug == "freelancer"


def test_profile_update_sets_fields_and_skills(freelancer):
    profile = actions.profile_update(
        profile=freelancer.profile,
        data={"headline": "Reporter", "city": "Porto"},
        skill_names=["news writing", "Editing"],
    )

    profile.refresh_from_db()
    assert profile.headline == "Reporter"
    assert profile.city == "Porto"
    assert sorted(s.name for s in profile.skills.all()) == ["Editing", "News Writing"]


def test_profile_update_refuses_a_non_positive_rate(freelancer):
    with pytest.raises(ValidationError) as error:
        actions.profile_update(profile=freelancer.profile, data={"hourly_rate": 0})

    assert "hourly_rate" in error.value.message_dict


def test_leaving_away_clears_the_return_date(freelancer):
    profile = freelancer.profile
    actions.profile_update(
        profile=profile, data={"availability": "away", "away_until": "2030-01-01"}
    )

    actions.profile_update(profile=profile, data={"availability": "busy"})

    profile.refresh_from_db()
    assert profile.away_until is None


def test_replacing_an_avatar_deletes_the_old_file_after_commit(
    freelancer, django_capture_on_commit_callbacks
):
    profile = freelancer.profile
    profile = actions.profile_update(
        profile=profile, data={"avatar": ContentFile(b"a", "old.webp")}
    )
    old_name = profile.avatar.name
    storage = profile.avatar.storage

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        profile = actions.profile_update(
            profile=profile, data={"avatar": ContentFile(b"b", "new.webp")}
        )
    assert storage.exists(old_name)  # not before the commit
    for callback in callbacks:
        callback()

    assert not storage.exists(old_name)
    assert storage.exists(profile.avatar.name)


def test_a_failed_update_keeps_the_old_file(freelancer):
    profile = freelancer.profile
    profile = actions.profile_update(
        profile=profile, data={"avatar": ContentFile(b"a", "old.webp")}
    )
    old_name = profile.avatar.name

    with pytest.raises(ValidationError):
        actions.profile_update(
            profile=profile,
            data={"avatar": ContentFile(b"b", "new.webp"), "hourly_rate": -5},
        )

    profile.refresh_from_db()
    assert profile.avatar.name == old_name
    assert profile.avatar.storage.exists(old_name)


def test_removing_the_resume_deletes_it_after_commit(
    freelancer, django_capture_on_commit_callbacks
):
    profile = freelancer.profile
    profile = actions.profile_update(
        profile=profile, data={"resume": ContentFile(b"%PDF", "r.pdf")}
    )
    name = profile.resume.name

    with django_capture_on_commit_callbacks(execute=True):
        actions.profile_remove_upload(profile=profile, field="resume")

    profile.refresh_from_db()
    assert not profile.resume
    assert not profile.resume.storage.exists(name)


def test_article_body_is_rendered_and_sanitised(freelancer):
    article = actions.article_create(
        profile=freelancer.profile,
        title="My work",
        body="# Results\n\n<script>alert(1)</script> **Done**",
    )

    assert "<h2>Results</h2>" in article.body_html
    assert "<strong>Done</strong>" in article.body_html
    assert "<script" not in article.body_html
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None


def test_article_slugs_are_unique_per_profile_only(freelancer, other_freelancer):
    first = actions.article_create(profile=freelancer.profile, title="Case study", body="x")
    second = actions.article_create(profile=freelancer.profile, title="Case study", body="x")
    elsewhere = actions.article_create(
        profile=other_freelancer.profile, title="Case study", body="x"
    )

    assert (first.slug, second.slug, elsewhere.slug) == (
        "case-study",
        "case-study-2",
        "case-study",
    )


def test_editing_an_article_keeps_its_slug(freelancer):
    article = actions.article_create(profile=freelancer.profile, title="Old title", body="x")

    actions.article_update(article=article, data={"title": "New title", "body": "y"})

    article.refresh_from_db()
    assert (article.title, article.slug) == ("New title", "old-title")


def test_republishing_keeps_the_first_publication_date(freelancer):
    article = actions.article_create(profile=freelancer.profile, title="T", body="x", publish=True)
    first_date = article.published_at

    actions.article_unpublish(article=article)
    actions.article_publish(article=article)

    article.refresh_from_db()
    assert article.is_published
    assert article.published_at == first_date


def test_deleting_an_article_removes_its_cover_after_commit(
    freelancer, django_capture_on_commit_callbacks
):
    article = actions.article_create(
        profile=freelancer.profile, title="T", body="x", cover=ContentFile(b"c", "c.webp")
    )
    name, storage = article.cover.name, article.cover.storage

    with django_capture_on_commit_callbacks(execute=True):
        actions.article_delete(article=article)

    assert not Article.objects.filter(pk=article.pk).exists()
    assert not storage.exists(name)


@pytest.mark.django_db(transaction=True)
def test_concurrent_profiles_with_one_name_get_distinct_slugs():
    users = [UserFactory() for _ in range(8)]
    slugs, errors = [], []

    def create(user):
        try:
            with transaction.atomic():
                slugs.append(actions.profile_create(user=user, display_name="Sam Same").slug)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(set(slugs)) == 8


def test_article_factory_drafts_need_no_date():
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)

    assert not draft.is_published


def test_profile_factory_makes_public_profiles():
    assert ProfileFactory().is_public
