"""What keeps browse and search fast at a million services, checked on small data by
lowering the thresholds: estimated totals, bounded ranking and paging, sampled category
counts. (The cached pages are tested in tests/marketplace/test_page_cache.py.)"""

import pytest
from django.urls import reverse

from services import selectors
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


def test_a_large_result_is_ordered_by_relevance_and_loads_each_card_once(
    client, small_limits, monkeypatch, django_assert_num_queries
):
    best = ServiceFactory(title="News writing for news sites")  # older, but a title match
    ServiceFactory(title="Garden design", description="Now and then some news, too.")
    monkeypatch.setattr(selectors, "estimated_count", lambda queryset: 100)
    client.get(reverse("services:list"))  # the category tree is cached from now on

    with django_assert_num_queries(3):  # the tree, the ranked ids, the page's rows
        response = client.get(reverse("services:list"), {"q": "news"})

    titles = [s.title for s in response.context["results"].page.object_list]
    assert titles == [best.title, "Garden design"]


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
    client.get(reverse("services:list"))  # the category tree is cached from now on

    # The category tree, the ranked ids, the page's rows: no count, none per category.
    with django_assert_num_queries(3):
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
