"""What keeps browse and search fast at a million services, checked on small data by
lowering the thresholds: estimated totals, the plan chosen by the number of matches,
bounded ranking and paging, category counts only when counted cheaply. (The cached pages
are tested in tests/marketplace/test_page_cache.py; exact results against a plain query in
test_search_exact.py.)"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services import search_selectors as fast
from services.selectors import browse
from tests.profiles.factories import SkillFactory
from tests.services.browsing import ago
from tests.services.factories import ServiceFactory, leaf_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(browse, "EXACT_LIMIT", 5)
    monkeypatch.setattr(fast, "RANK_LIMIT", 8)
    monkeypatch.setattr(fast, "MAX_RESULTS", 20)


def _services(n, **kwargs):
    return [ServiceFactory(title=f"News piece {i}", **kwargs) for i in range(n)]


def _estimate(monkeypatch, n):
    monkeypatch.setattr(browse, "estimated_count", lambda queryset: n)
    monkeypatch.setattr(browse, "estimated_counts", lambda *querysets: [n] * len(querysets))


def test_a_large_result_with_dense_matches_shows_an_estimated_total(
    client, small_limits, monkeypatch
):
    _services(25)
    _estimate(monkeypatch, 1_234_567)

    response = client.get(reverse("services:list"), {"q": "news", "sort": "newest"})

    assert response.context["results"].approximate
    assert "About 1,234,567 services" in response.content.decode()
    assert len(response.context["results"].page.object_list) == 20


def test_a_large_estimate_whose_matches_are_sparse_is_counted_exactly(
    client, small_limits, monkeypatch
):
    """The walk meets fewer matches than a page in WALK_ROWS rows: every match is read."""
    _services(3)
    ServiceFactory.create_batch(12, title="Garden design", description="Flowers.")
    _estimate(monkeypatch, 1_234_567)
    monkeypatch.setattr(fast, "WALK_ROWS", 10)

    response = client.get(reverse("services:list"), {"q": "news", "sort": "rate_asc"})

    assert not response.context["results"].approximate
    assert response.context["results"].total == 3
    assert "3 services for “news”" in response.content.decode()


def test_a_small_result_is_counted_exactly(client, small_limits):
    _services(3)

    response = client.get(reverse("services:list"), {"q": "news"})

    assert not response.context["results"].approximate
    assert response.context["results"].total == 3
    assert "3 services for “news”" in response.content.decode()


def test_a_small_estimate_that_is_wrong_still_pages_right(client, small_limits, monkeypatch):
    """More matches than ALL_MATCHES_LIMIT although the planner expected few: the capped
    read gives up and the sort's order is walked instead."""
    services = _services(12)
    _estimate(monkeypatch, 1)
    monkeypatch.setattr(fast, "ALL_MATCHES_LIMIT", 4)

    response = client.get(reverse("services:list"), {"q": "news", "sort": "newest"})

    newest = sorted(services, key=lambda s: (s.published_at, s.pk), reverse=True)
    assert [s.pk for s in response.context["results"].page.object_list] == [s.pk for s in newest]


def test_relevance_ranks_only_the_most_recent_matches_of_a_large_result(
    client, small_limits, monkeypatch
):
    services = _services(12)
    _estimate(monkeypatch, 12)
    monkeypatch.setattr(fast, "ALL_MATCHES_LIMIT", 5)

    response = client.get(reverse("services:list"), {"q": "news"})

    page = response.context["results"].page
    newest_eight = {s.pk for s in sorted(services, key=lambda s: s.published_at)[-8:]}
    assert {s.pk for s in page.object_list} == newest_eight
    assert page.paginator.count == 8
    assert response.context["results"].capped
    assert "Add words or filters" in response.content.decode()


def test_a_large_result_is_ordered_by_relevance_and_loads_each_card_once(
    client, small_limits, monkeypatch, django_assert_num_queries
):
    best = ServiceFactory(title="News writing for news sites", published_at=ago(days=2))
    ServiceFactory(title="Garden design", description="Now and then some news, too.")
    _estimate(monkeypatch, 100)
    monkeypatch.setattr(fast, "ALL_MATCHES_LIMIT", 1)
    client.get(reverse("services:list"))  # the category tree is cached from now on
    fast.unknown_word_estimates()  # and so are the planner's floors for unknown words

    # The tree, the names and whole words, the walk of the newest (it meets too few:
    # matches are sparse), every match read (in one round trip with the settings for
    # bitmap scans and their reset), the pool ranked, the page's rows.
    with django_assert_num_queries(6):
        response = client.get(reverse("services:list"), {"q": "news"})

    titles = [s.title for s in response.context["results"].page.object_list]
    assert titles == [best.title, "Garden design"]


def test_pages_stop_at_the_cap_of_a_large_result(client, small_limits, monkeypatch):
    _services(30)
    _estimate(monkeypatch, 30)

    response = client.get(reverse("services:list"), {"sort": "newest", "page": 99})

    assert response.context["results"].page.paginator.num_pages == 1  # 20 results, 20 a page
    assert response.context["results"].total == 30


def test_a_large_result_lists_the_categories_without_counting_them(
    client, small_limits, monkeypatch, django_assert_num_queries
):
    _services(25, category=leaf_category("articles-news"))
    _estimate(monkeypatch, 5000)
    client.get(reverse("services:list"))  # the category tree is cached from now on
    fast.unknown_word_estimates()  # and so are the planner's floors for unknown words

    # The category tree, the names and whole words, the walk, the page's rows: no count,
    # none per category.
    with django_assert_num_queries(4):
        response = client.get(reverse("services:list"), {"q": "news", "sort": "newest"})

    facets = response.context["results"].facets
    assert len(facets) == 9
    assert all(facet.count is None for facet in facets)
    assert "Articles &amp; News</a> <span" not in response.content.decode()


def test_a_small_result_counts_each_category_from_the_matches_read(
    client, small_limits, django_assert_num_queries
):
    _services(3, category=leaf_category("articles-news"))
    client.get(reverse("services:list"))  # the category tree is cached from now on

    # The tree, the names and whole words, the estimate, every match, the page's rows: no
    # count query.
    with django_assert_num_queries(5):
        response = client.get(reverse("services:list"), {"q": "news"})

    facets = response.context["results"].facets
    assert [(f.category.slug, f.count) for f in facets] == [("writing-translation", 3)]
    assert [(c.category.slug, c.count) for c in facets[0].children] == [("articles-news", 3)]


def test_in_a_category_the_other_categories_are_counted_only_when_few(
    client, small_limits, monkeypatch
):
    _services(2, category=leaf_category("articles-news"))
    _services(2, category=leaf_category("copywriting"))
    url = reverse("services:list")

    few = client.get(url, {"q": "news", "category": "articles-news"}).context["results"]
    _estimate(monkeypatch, 5000)
    many = client.get(url, {"q": "news", "category": "articles-news"}).context["results"]

    assert [(c.category.slug, c.count) for c in few.facets[0].children] == [
        ("articles-news", 2),
        ("copywriting", 2),
    ]
    assert all(facet.count is None for facet in many.facets)


def test_a_small_category_among_many_services_lists_the_others_uncounted(
    client, small_limits, monkeypatch
):
    """Without words too: counting every other category's services, to show a small
    category, took 240 ms at a million."""
    monkeypatch.setattr(browse, "estimated_count", lambda queryset: queryset.count())
    _services(2, category=leaf_category("articles-news"))
    url = reverse("services:subcategory", args=["writing-translation", "articles-news"])

    few = client.get(url).context["results"]
    _services(4, category=leaf_category("copywriting"))
    many = client.get(url).context["results"]

    assert [(c.category.slug, c.count) for c in few.facets[0].children] == [("articles-news", 2)]
    assert all(facet.count is None for facet in many.facets)
    assert (many.total, many.approximate) == (2, False)


def test_a_browse_by_skill_reads_its_services_once_for_the_page_total_and_counts(
    client, small_limits, django_assert_num_queries
):
    skill = SkillFactory(name="Fact Checking")
    for service in _services(3, category=leaf_category("articles-news")):
        service.skills.add(skill)
    _services(2)  # without the skill
    client.get(reverse("services:list"))  # the category tree is cached from now on

    # The category tree, the skill, the estimate, every match (their total and categories),
    # the page's rows: no count, and no count per category.
    with django_assert_num_queries(5):
        response = client.get(reverse("services:list"), {"skill": "fact-checking"})

    results = response.context["results"]
    assert (results.total, results.approximate) == (3, False)
    assert len(results.page.object_list) == 3
    assert [(c.category.slug, c.count) for c in results.facets[0].children] == [
        ("articles-news", 3)
    ]


def test_a_skill_held_by_few_is_read_once_for_a_subcategorys_page_and_every_count(
    client, small_limits
):
    """Not the subcategory's rows read to meet the skill's (67 ms against 25 at 1M), nor
    the skill's services read again for the other categories' counts (25 ms more)."""
    skill = SkillFactory(name="Fact Checking")
    for service in _services(3, category=leaf_category("articles-news")):
        service.skills.add(skill)
    for service in _services(2, category=leaf_category("copywriting")):
        service.skills.add(skill)
    url = reverse("services:subcategory", args=["writing-translation", "articles-news"])

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"skill": "fact-checking", "sort": "rate_asc"})

    results = response.context["results"]
    assert (results.total, len(results.page.object_list)) == (3, 3)
    assert [(c.category.slug, c.count) for c in results.facets[0].children] == [
        ("articles-news", 3),
        ("copywriting", 2),
    ]
    reads = [q["sql"] for q in queries.captured_queries if "services_service" in q["sql"]]
    assert sum("WITH found" in sql for sql in reads) == 1
    assert not any("GROUP BY" in sql and "WITH found" not in sql for sql in reads)


def test_a_skill_held_by_more_in_a_subcategory_is_read_with_the_subcategory_on_each_row(
    client, small_limits, monkeypatch
):
    """More than one read may take, fewer than the words of COMMON_WORDS: the skill's
    services are still read first, the subcategory tested on each."""
    monkeypatch.setattr(fast, "ALL_MATCHES_LIMIT", 2)
    _estimate(monkeypatch, 3)
    skill = SkillFactory(name="Fact Checking")
    for service in _services(3, category=leaf_category("articles-news")):
        service.skills.add(skill)
    url = reverse("services:subcategory", args=["writing-translation", "articles-news"])

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"skill": "fact-checking", "sort": "rate_asc"})

    read = next(q["sql"] for q in queries.captured_queries if "WITH found" in q["sql"])
    assert '"category_id" + 0 = ANY' in read
    assert response.context["results"].total == 3
