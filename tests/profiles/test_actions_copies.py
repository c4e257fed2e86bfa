"""Profile and article actions work on a locked fresh copy, return it and leave the
caller's object alone."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from profiles import actions
from profiles.models import Article, Profile
from tests.profiles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(freelancer):
    return Profile.objects.get(pk=freelancer.profile.pk)


def test_a_failed_profile_update_leaves_the_callers_object_unchanged(profile):
    headline, rate = profile.headline, profile.hourly_rate

    with pytest.raises(ValidationError):
        actions.profile_update(
            profile=profile,
            data={
                "headline": "Editor",
                "hourly_rate": Decimal(-5),
                "avatar": ContentFile(b"a", "new.webp"),
            },
        )

    assert (profile.headline, profile.hourly_rate) == (headline, rate)
    assert not profile.avatar


def test_a_profile_update_returns_the_saved_copy(profile):
    saved = actions.profile_update(profile=profile, data={"headline": "Editor"})

    assert saved.headline == "Editor"
    assert profile.headline != "Editor"


def test_a_profile_update_sets_only_the_fields_the_freelancer_edits(profile):
    saved = actions.profile_update(
        profile=profile, data={"status": Profile.Status.SUSPENDED, "headline": "Editor"}
    )

    assert saved.status == Profile.Status.ACTIVE
    assert Profile.objects.get(pk=profile.pk).status == Profile.Status.ACTIVE


def test_going_away_keeps_the_return_date(profile):
    saved = actions.profile_update(
        profile=profile, data={"availability": "away", "away_until": date(2030, 1, 1)}
    )

    assert saved.away_until == date(2030, 1, 1)


def test_a_failed_article_update_leaves_the_callers_object_unchanged(freelancer):
    article = ArticleFactory(profile=freelancer.profile, title="Old title")

    with pytest.raises(ValidationError):
        actions.article_update(article=article, data={"title": "", "body": "y"})

    assert (article.title, article.body) == ("Old title", "Some **words** about the work.")
    assert Article.objects.get(pk=article.pk).title == "Old title"


def test_an_article_update_without_a_cover_keeps_the_stored_one(freelancer):
    article = ArticleFactory(profile=freelancer.profile, title="Old title")
    article = actions.article_update(
        article=article, data={"cover": ContentFile(b"c", "cover.webp")}
    )

    saved = actions.article_update(
        article=article, data={"title": "New title", "cover": article.cover}
    )

    assert saved.cover.name == article.cover.name
    assert saved.title == "New title"


def test_unpublishing_returns_the_moved_copy(freelancer):
    article = ArticleFactory(profile=freelancer.profile)

    moved = actions.article_unpublish(article=article)

    assert (moved.status, article.status) == (Article.Status.DRAFT, Article.Status.PUBLISHED)
