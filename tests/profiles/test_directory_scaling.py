"""Issue 17: the freelancer directory at hundreds of thousands of profiles. A large result
shows the planner's estimate ("about N") and pages to MAX_RESULTS; best match ranks the
newest matches past ALL_MATCHES_LIMIT. Run here with small limits."""

import json

import pytest
from django.core.cache import caches

from profiles.selectors import directory
from tests.profiles.directory import DIRECTORY_URL, listed_names, listed_profile, result_total

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(directory, "EXACT_LIMIT", 3)
    monkeypatch.setattr(directory, "MAX_RESULTS", 4)
    monkeypatch.setattr(directory, "DIRECTORY_PAGE_SIZE", 2)
    caches["pages"].clear()


def _estimate(monkeypatch, rows):
    """The planner's estimate, as it would be at scale."""

    def explain(queryset, **options):
        return json.dumps([{"Plan": {"Plan Rows": rows}}])

    monkeypatch.setattr("django.db.models.query.QuerySet.explain", explain)


def test_a_small_result_is_counted_exactly(client, small_limits):
    for n in range(3):
        listed_profile(f"Writer {n}", days=n)

    response = client.get(DIRECTORY_URL)

    assert result_total(response) == 3
    assert response.context["results"].approximate is False
    assert "3 freelancers" in response.content.decode()


def test_a_large_result_shows_the_estimate_and_pages_stop_at_the_cap(
    client, small_limits, monkeypatch, django_assert_num_queries
):
    for n in range(6):
        listed_profile(f"Writer {n}", days=n)
    _estimate(monkeypatch, 5000)
    client.get(DIRECTORY_URL)  # the menus are cached now

    # The count that stops past EXACT_LIMIT, the estimate, the page, its skills.
    with django_assert_num_queries(4):
        response = client.get(DIRECTORY_URL, {"page": "99"})

    assert result_total(response) == 5000
    assert response.context["results"].approximate is True
    assert "About 5,000 freelancers" in response.content.decode()
    assert response.context["results"].page.number == 2  # MAX_RESULTS, 2 a page
    assert listed_names(response) == ["Writer 2", "Writer 3"]


def test_the_estimate_is_never_below_what_was_counted(client, small_limits, monkeypatch):
    for n in range(6):
        listed_profile(f"Writer {n}", days=n)
    _estimate(monkeypatch, 1)

    response = client.get(DIRECTORY_URL)

    assert result_total(response) == 4  # EXACT_LIMIT + 1 counted


def test_best_match_of_a_large_result_ranks_the_newest_matches(client, small_limits, monkeypatch):
    monkeypatch.setattr(directory, "ALL_MATCHES_LIMIT", 3)
    monkeypatch.setattr(directory, "RANK_LIMIT", 3)
    listed_profile("Writer Old", headline="writer", days=9)  # a name match, but not new
    for n in range(4):
        listed_profile(f"Person {n}", headline="writer", days=n)

    response = client.get(DIRECTORY_URL, {"q": "writer"})

    assert response.context["results"].approximate is True
    pages = [response, client.get(DIRECTORY_URL, {"q": "writer", "page": "2"})]
    assert [name for page in pages for name in listed_names(page)] == [
        "Person 0",
        "Person 1",
        "Person 2",
    ]


def test_every_match_is_ranked_when_few_match(client, small_limits):
    listed_profile("Writer Old", headline="writer", days=9)
    for n in range(2):
        listed_profile(f"Person {n}", headline="writer", days=n)

    response = client.get(DIRECTORY_URL, {"q": "writer"})

    assert listed_names(response) == ["Writer Old", "Person 0"]  # the name counts most
