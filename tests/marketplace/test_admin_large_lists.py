"""The admin lists of the tables that reach a million rows (services, profiles, hire
requests, reviews) open newest first by id and filter without reading every row; their
query counts are pinned in test_admin_changelists.py."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from profiles.models import Profile
from reviews.models import Review
from reviews.selectors import review_signals
from services.models import Category, Engagement, Service
from tests.marketplace.moderation import changelist_url
from tests.profiles.factories import ProfileFactory
from tests.reviews.factories import ReviewFactory
from tests.services.factories import EngagementFactory, ServiceFactory, leaf_category

pytestmark = pytest.mark.django_db


def _listed(response):
    assert response.status_code == 200
    return [row.pk for row in response.context["cl"].result_list]


@pytest.mark.parametrize(
    ("model", "make"),
    [
        (Service, lambda n: ServiceFactory(published_at=timezone.now() - timedelta(days=n))),
        (Profile, lambda n: ProfileFactory(display_name=f"{'Zed' if n else 'Abe'} Writer")),
        (Engagement, lambda n: EngagementFactory()),
        (Review, lambda n: ReviewFactory()),
    ],
)
def test_a_large_list_opens_with_the_newest_rows_first(mod_client, model, make):
    # Made first, the first row sorts first by publication or name, the second by neither.
    first, second = make(0), make(30)

    listed = _listed(mod_client.get(changelist_url(model)))

    assert listed.index(second.pk) < listed.index(first.pk)


@pytest.mark.parametrize("model", [Service, Profile, Engagement, Review])
def test_a_large_list_has_no_date_drill_down_and_counts_once(mod_client, model):
    changelist = mod_client.get(changelist_url(model)).context["cl"]

    assert changelist.date_hierarchy is None
    assert not changelist.model_admin.show_full_result_count


def test_services_filter_by_top_category(mod_client):
    news = ServiceFactory(category=leaf_category("articles-news"))
    logo = ServiceFactory(category=leaf_category("logo-branding"))
    design = Category.objects.get(slug="design-art", parent=None)

    listed = _listed(mod_client.get(changelist_url(Service), {"top_category": design.pk}))

    assert listed == [logo.pk]
    assert news.pk in _listed(mod_client.get(changelist_url(Service), {"top_category": "abc"}))


def test_reviews_filter_by_stars(mod_client):
    five = ReviewFactory(rating=5)
    two = ReviewFactory(rating=2)

    assert _listed(mod_client.get(changelist_url(Review), {"rating": "2"})) == [two.pk]
    assert set(_listed(mod_client.get(changelist_url(Review), {"rating": "9"}))) == {
        five.pk,
        two.pk,
    }


def test_the_review_list_shows_each_listed_reviews_signals(mod_client):
    quick = ReviewFactory()
    Engagement.objects.filter(pk=quick.engagement_id).update(
        completed_at=F("accepted_at") + timedelta(minutes=5)
    )
    other = ReviewFactory()

    response = mod_client.get(changelist_url(Review))

    found = {review.pk: review.found_signals for review in response.context["cl"].result_list}
    assert found == review_signals([quick.pk, other.pk])
    assert "quick_job" in {signal.code for signal in found[quick.pk]}
    assert "Accepted and completed within an hour" in response.content.decode()
