"""What keeps browse and search fast at a million services, checked on small data by
lowering the thresholds: estimated totals, bounded ranking and paging, sampled category
counts, and the cached home page that every change to public listings invalidates."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from reviews.actions import review_hide
from services import actions, selectors
from services.models import Service
from tests.profiles.factories import UserFactory
from tests.services.factories import ServiceFactory, leaf_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(selectors, "EXACT_LIMIT", 5)
    monkeypatch.setattr(selectors, "RANK_LIMIT", 8)
    monkeypatch.setattr(selectors, "MAX_RESULTS", 20)


def _services(n, **kwargs):
    return [ServiceFactory(title=f"News piece {i}", **kwargs) for i in range(n)]


def test_a_large_result_shows_an_estimated_total(client, small_limits, monkeypatch):
    _services(12)
    monkeypatch.setattr(selectors, "estimated_count", lambda queryset: 1_234_567)

    response = client.get(reverse("services:list"), {"q": "news"})

    assert response.context["results"].approximate
    assert "About 1,234,567 services" in response.content.decode()


def test_a_small_result_is_counted_exactly(client, small_limits):
    _services(3)

    response = client.get(reverse("services:list"), {"q": "news"})

    assert not response.context["results"].approximate
    assert response.context["results"].total == 3
    assert "3 services for “news”" in response.content.decode()


def test_relevance_ranks_only_the_most_recent_matches_of_a_large_result(
    client, small_limits, monkeypatch
):
    services = _services(12)
    monkeypatch.setattr(selectors, "estimated_count", lambda queryset: 12)

    response = client.get(reverse("services:list"), {"q": "news"})

    page = response.context["results"].page
    newest_eight = {s.pk for s in sorted(services, key=lambda s: s.published_at)[-8:]}
    assert {s.pk for s in page.object_list} <= newest_eight
    assert page.paginator.count == 8
    assert response.context["results"].capped
    assert "Add words or filters" in response.content.decode()


def test_pages_stop_at_the_cap_of_a_large_result(client, small_limits, monkeypatch):
    _services(30)
    monkeypatch.setattr(selectors, "estimated_count", lambda queryset: 30)

    response = client.get(reverse("services:list"), {"sort": "newest", "page": 99})

    assert response.context["results"].page.paginator.num_pages == 1  # 20 results, 20 a page
    assert response.context["results"].total == 30


def test_a_large_result_lists_the_categories_without_counting_them(
    client, small_limits, monkeypatch, django_assert_num_queries
):
    _services(10, category=leaf_category("articles-news"))
    monkeypatch.setattr(selectors, "estimated_count", lambda queryset: 1000)

    # The category tree and the page of results: no count, no count per category.
    with django_assert_num_queries(2):
        response = client.get(reverse("services:list"), {"q": "news"})

    facets = response.context["results"].facets
    assert len(facets) == 9
    assert all(facet.count is None for facet in facets)
    assert "Articles &amp; News</a> <span" not in response.content.decode()


def test_a_small_result_counts_each_category(client, small_limits):
    _services(3, category=leaf_category("articles-news"))

    response = client.get(reverse("services:list"), {"q": "news"})

    facets = response.context["results"].facets
    assert [(f.category.slug, f.count) for f in facets] == [("writing-translation", 3)]
    assert [(c.category.slug, c.count) for c in facets[0].children] == [("articles-news", 3)]


# --- The cached home page: each change to public listings shows at once ------------------


@pytest.fixture
def warm_home(client):
    cache.clear()

    def home():
        return client.get(reverse("home")).content.decode()

    return home


def test_the_home_page_is_served_from_the_cache(client, warm_home, django_assert_num_queries):
    ServiceFactory(title="Cached story")
    warm_home()

    with django_assert_num_queries(2):  # the listings' version, then the cached page data
        assert "Cached story" in warm_home()


def test_publishing_a_service_refreshes_the_cached_home(
    warm_home, freelancer, django_capture_on_commit_callbacks, settings
):
    settings.SERVICES_PREMODERATION = True
    service = ServiceFactory(
        freelancer=freelancer.profile,
        title="Brand new offer",
        status=Service.Status.PENDING,
        published_at=None,
    )
    assert "Brand new offer" not in warm_home()

    with django_capture_on_commit_callbacks(execute=True):
        actions.service_approve(service=service, moderator=UserFactory(is_staff=True))

    assert "Brand new offer" in warm_home()


def test_withdrawing_a_service_refreshes_the_cached_home(
    warm_home, freelancer, django_capture_on_commit_callbacks
):
    service = ServiceFactory(freelancer=freelancer.profile, title="Soon gone")
    assert "Soon gone" in warm_home()

    with django_capture_on_commit_callbacks(execute=True):
        actions.service_withdraw(service=service)

    assert "Soon gone" not in warm_home()


def test_suspending_a_freelancer_refreshes_the_cached_home(
    warm_home, freelancer, moderator, django_capture_on_commit_callbacks
):
    from profiles.actions import profile_suspend

    ServiceFactory(freelancer=freelancer.profile, title="Suspended soon")
    assert "Suspended soon" in warm_home()

    with django_capture_on_commit_callbacks(execute=True):
        profile_suspend(profile=freelancer.profile, moderator=moderator, reason="Spam.")

    assert "Suspended soon" not in warm_home()


def test_a_rating_change_refreshes_the_cached_home(
    warm_home, freelancer, client_user, moderator, django_capture_on_commit_callbacks
):
    from tests.reviews.factories import review_publish

    service = ServiceFactory(freelancer=freelancer.profile, title="Rated offer")
    review = review_publish(service=service, client=client_user, rating=2)
    cache.clear()
    assert "2.0" in warm_home()

    with django_capture_on_commit_callbacks(execute=True):
        review_hide(review=review, moderator=moderator, reason="Off topic.")

    assert "No reviews yet" in warm_home()


def test_a_rolled_back_change_keeps_the_cache(warm_home, freelancer):
    from django.db import transaction

    service = ServiceFactory(freelancer=freelancer.profile, title="Stays")
    warm_home()
    version = cache.get("public-listings:version")

    def withdraw_then_fail():
        with transaction.atomic():
            actions.service_withdraw(service=service)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        withdraw_then_fail()

    assert cache.get("public-listings:version") == version
