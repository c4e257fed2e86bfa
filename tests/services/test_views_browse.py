"""The browse page (/services/): filters, category counts, sorts, paging, visibility and
query counts.

The query counts cover every listing page built on the same reads (search, categories, home).
"""

import html as html_lib
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import caches

from services.models import Service
from tests.profiles.factories import ProfileFactory, SkillFactory
from tests.services.browsing import (
    LIST_URL,
    ago,
    card_titles,
    gigs_with_skills,
    listed_service,
    listed_titles,
    page_text,
    result_titles,
    result_total,
)
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _facets(response):
    """(name, count) pairs of the category counts, parents before their children."""
    return [
        (facet.category.name, facet.count)
        for top in response.context["results"].facets
        for facet in [top, *top.children]
    ]


def _facet_link(response, name):
    match = re.search(r'<nav class="card facets".*?</nav>', page_text(response), re.S)
    for href, label in re.findall(r'<a href="([^"]*)">([^<]*)</a>', match.group(0)):
        if html_lib.unescape(label) == name:
            return html_lib.unescape(href)
    raise AssertionError(f"no facet link for {name}")


def _pagination_link(response, rel):
    match = re.search(rf'<a rel="{rel}" href="([^"]*)">', page_text(response))
    return html_lib.unescape(match.group(1)) if match else None


def _params(link):
    return parse_qs(urlsplit(link).query)


ALL_FIVE = ["News feature", "Press release", "Sales copy", "Shop website", "Data dashboard"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ALL_FIVE),
        ({"category": "writing-translation"}, ["News feature", "Press release", "Sales copy"]),
        ({"category": "articles-news"}, ["News feature", "Press release"]),
        ({"category": "copywriting"}, ["Sales copy"]),
        ({"skill": "journalism"}, ["News feature", "Press release", "Shop website"]),
        ({"min_rate": "60"}, ["Sales copy", "Shop website", "Data dashboard"]),
        ({"max_rate": "45"}, ["News feature", "Press release"]),
        ({"min_rate": "45", "max_rate": "90"}, ["Press release", "Sales copy", "Shop website"]),
        ({"rating": "4"}, ["News feature", "Shop website"]),
        ({"rating": "3"}, ["News feature", "Sales copy", "Shop website"]),
        ({"q": "news"}, ["News feature", "Press release"]),
        (
            {
                "q": "news",
                "category": "writing-translation",
                "skill": "journalism",
                "min_rate": "10",
                "max_rate": "30",
                "rating": "4",
            },
            ["News feature"],
        ),
        (
            {"category": "writing-translation", "skill": "journalism"},
            ["News feature", "Press release"],
        ),
        ({"skill": "journalism", "rating": "4"}, ["News feature", "Shop website"]),
        ({"category": "design-art"}, []),
    ],
)
def test_each_filter_alone_and_combined_narrows_the_list(client, catalogue, params, expected):
    response = client.get(LIST_URL, params)

    assert response.status_code == 200
    assert result_titles(response) == expected
    assert result_total(response) == len(expected)


def test_the_total_counts_every_match_not_only_the_page(client):
    for n in range(23):
        listed_service(f"Gig {n:02d}", hourly_rate=Decimal("70"), days=n)
    listed_service("Cheap gig", hourly_rate=Decimal("10"))

    response = client.get(LIST_URL, {"min_rate": "50"})

    assert len(card_titles(response)) == 20
    assert "23 services" in page_text(response)


def test_category_counts_follow_the_query_and_filters_but_not_the_chosen_category(client):
    listed_service("News feature", hourly_rate=Decimal("20"), days=1)
    listed_service("News digest", hourly_rate=Decimal("70"), days=2)
    listed_service("Weekly news copy", leaf="copywriting", hourly_rate=Decimal("30"), days=3)
    listed_service("Sales copy", leaf="copywriting", hourly_rate=Decimal("30"), days=4)
    listed_service("Logo for a news site", leaf="logo-branding", hourly_rate=Decimal("40"), days=5)
    listed_service(
        "News draft", status=Service.Status.DRAFT, published_at=None, hourly_rate=Decimal("20")
    )

    response = client.get(LIST_URL, {"q": "news", "max_rate": "50", "category": "articles-news"})

    assert result_titles(response) == ["News feature"]
    assert _facets(response) == [
        ("Writing & Translation", 2),
        ("Articles & News", 1),
        ("Copywriting", 1),
        ("Design & Art", 1),
        ("Logo & Branding", 1),
    ]
    # A facet link swaps the category and keeps the query and the other filters.
    assert _params(_facet_link(response, "Copywriting")) == {
        "q": ["news"],
        "max_rate": ["50"],
        "category": ["copywriting"],
    }
    without_rate = client.get(LIST_URL, {"q": "news", "category": "articles-news"})
    assert _facets(without_rate)[:2] == [("Writing & Translation", 3), ("Articles & News", 2)]
    without_query = client.get(LIST_URL, {"max_rate": "50", "category": "articles-news"})
    assert _facets(without_query)[:3] == [
        ("Writing & Translation", 3),
        ("Articles & News", 1),
        ("Copywriting", 2),
    ]


def test_category_links_escape_the_query_and_drop_the_page(client):
    for day in range(21):
        listed_service(f"News feature {day}", days=day)
    listed_service("News feature & views", leaf="copywriting")

    response = client.get(LIST_URL, {"q": 'news "feature" &', "page": "2", "sort": "newest"})

    facets = re.search(r'<nav class="card facets".*?</nav>', page_text(response), re.S).group(0)
    # The query string and the names are escaped as the template engine escapes them.
    assert '<a href="/services/?q=news+%22feature%22+%26&amp;sort=newest&amp;category=' in facets
    assert '>Writing &amp; Translation</a> <span class="muted">(22)</span>' in facets
    assert _params(_facet_link(response, "Copywriting")) == {
        "q": ['news "feature" &'],
        "sort": ["newest"],
        "category": ["copywriting"],
    }
    # A top category's children are a list inside its item.
    assert re.search(r"\(22\)</span><ul><li><a [^>]*>Articles &amp; News</a>", facets)


@pytest.fixture
def sortable():
    audit = SkillFactory(name="Audit")
    listed_service(
        "Alpha books",
        hourly_rate=Decimal("50"),
        rating_average=Decimal("4.00"),
        review_count=3,
        skills=[audit],
        days=3,
    )
    listed_service(
        "Bravo books",
        hourly_rate=Decimal("20"),
        rating_average=Decimal("4.50"),
        review_count=2,
        days=1,
    )
    listed_service(
        "Charlie books",
        description="A careful audit of your accounts.",
        hourly_rate=Decimal("80"),
        rating_average=Decimal("4.50"),
        review_count=10,
        days=2,
    )
    listed_service("Delta audit", hourly_rate=Decimal("35"), days=4)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Bravo books", "Charlie books", "Alpha books", "Delta audit"]),
        ({"sort": "newest"}, ["Bravo books", "Charlie books", "Alpha books", "Delta audit"]),
        ({"sort": "rate_asc"}, ["Bravo books", "Delta audit", "Alpha books", "Charlie books"]),
        ({"sort": "rate_desc"}, ["Charlie books", "Alpha books", "Delta audit", "Bravo books"]),
        ({"sort": "rating"}, ["Charlie books", "Bravo books", "Alpha books", "Delta audit"]),
        # Relevance needs a query; without one the list falls back to newest.
        ({"sort": "relevance"}, ["Bravo books", "Charlie books", "Alpha books", "Delta audit"]),
        ({"q": "audit"}, ["Delta audit", "Alpha books", "Charlie books"]),
        ({"q": "audit", "sort": "relevance"}, ["Delta audit", "Alpha books", "Charlie books"]),
        ({"q": "audit", "sort": "newest"}, ["Charlie books", "Alpha books", "Delta audit"]),
        ({"q": "audit", "sort": "rate_asc"}, ["Delta audit", "Alpha books", "Charlie books"]),
        ({"q": "audit", "sort": "rating"}, ["Charlie books", "Alpha books", "Delta audit"]),
    ],
)
def test_each_sort_orders_the_results(client, sortable, params, expected):
    response = client.get(LIST_URL, params)

    assert result_titles(response) == expected


@pytest.mark.parametrize(
    ("params", "selected"),
    [
        ({}, "newest"),
        ({"q": "audit"}, "relevance"),
        ({"q": "audit", "sort": "rate_desc"}, "rate_desc"),
        ({"sort": "relevance"}, "newest"),
    ],
)
def test_the_sort_menu_shows_the_sort_in_effect(client, sortable, params, selected):
    html = page_text(client.get(LIST_URL, params))

    assert re.findall(r'<option value="(\w+)" selected>', html)[-1] == selected
    # "Best match" is offered only when there is a query to match.
    assert ('<option value="relevance"' in html) == bool(params.get("q"))


@pytest.fixture
def forty_five():
    """Gig 00 is the newest, Gig 44 the oldest."""
    profile = ProfileFactory()
    for n in range(45):
        ServiceFactory(
            freelancer=profile,
            title=f"Gig {n:02d}",
            description="A plain description.",
            published_at=ago(minutes=n),
        )


def _gigs(numbers):
    return [f"Gig {n:02d}" for n in numbers]


@pytest.mark.parametrize(
    ("page_number", "expected"),
    [
        ("1", _gigs(range(20))),
        ("2", _gigs(range(20, 40))),
        ("3", _gigs(range(40, 45))),
    ],
)
def test_forty_five_services_make_pages_of_twenty_twenty_and_five(
    client, forty_five, page_number, expected
):
    response = client.get(LIST_URL, {"page": page_number})

    assert response.status_code == 200
    assert result_titles(response) == expected
    assert f"Page {page_number} of 3" in page_text(response)
    assert result_total(response) == 45


@pytest.mark.parametrize("page_number", ["0", "-1", "abc", "", "1.5", "2x"])
def test_a_page_number_that_is_not_a_positive_integer_shows_page_one(
    client, forty_five, page_number
):
    # An empty one is first redirected away (tests/services/test_views_clean_urls.py).
    response = client.get(LIST_URL, {"page": page_number}, follow=True)

    assert response.status_code == 200
    assert result_titles(response) == _gigs(range(20))
    assert "Page 1 of 3" in page_text(response)


@pytest.mark.parametrize("page_number", ["4", "999", "9" * 30])
def test_a_page_past_the_end_shows_the_last_page(client, forty_five, page_number):
    response = client.get(LIST_URL, {"page": page_number})

    assert response.status_code == 200
    assert result_titles(response) == _gigs(range(40, 45))
    assert "Page 3 of 3" in page_text(response)


def test_next_and_previous_links_keep_the_other_parameters(client, forty_five):
    params = {"q": "gig", "min_rate": "10", "sort": "rate_asc", "page": "2"}

    response = client.get(LIST_URL, params)

    assert result_titles(response) == _gigs(range(20, 40))
    others = {"q": ["gig"], "min_rate": ["10"], "sort": ["rate_asc"]}
    assert _params(_pagination_link(response, "next")) == {**others, "page": ["3"]}
    assert _params(_pagination_link(response, "prev")) == {**others, "page": ["1"]}


def test_a_single_page_has_no_pagination(client):
    listed_service("Lonely gig")

    response = client.get(LIST_URL)

    assert result_titles(response) == ["Lonely gig"]
    assert 'class="pagination"' not in page_text(response)


@pytest.mark.parametrize(
    "url",
    [
        LIST_URL,
        f"{LIST_URL}?q=gig",
        f"{LIST_URL}?q=hidden",
        f"{LIST_URL}?skill=journalism",
        f"{LIST_URL}?category=articles-news&sort=rating",
        "/categories/writing-translation/",
        "/categories/writing-translation/articles-news/",
    ],
)
def test_only_public_services_appear_in_results_and_counts(client, mixed_visibility, url):
    response = client.get(url)

    expected = [] if "hidden" in url else ["Public gig"]
    assert result_titles(response) == expected
    assert result_total(response) == len(expected)
    facets = [("Writing & Translation", 1), ("Articles & News", 1)] if expected else []
    assert _facets(response) == facets


# Anonymous visitors; each list reads the category tree, the count, the page and the facets.
# category tree, the planner's estimate, the count, the page, the category counts
PAGES = [
    pytest.param(LIST_URL, 5, id="list"),
    # With words: the tree, the freelancers named so and the whole words the last one
    # begins, the estimate, every match (their categories give the counts), the page.
    pytest.param(f"{LIST_URL}?q=gig", 5, id="search"),
    pytest.param(
        f"{LIST_URL}?q=gig&category=writing-translation&skill=journalism&min_rate=10"
        "&max_rate=100&rating=4&sort=rate_asc",
        # and the skill; the other categories' counts need their own estimate and count
        8,
        id="every-filter",
    ),
    # In a category, the other categories' estimate comes first (counted only when few).
    pytest.param("/categories/writing-translation/", 6, id="category"),
    pytest.param("/categories/writing-translation/articles-news/", 6, id="subcategory"),
    pytest.param("/", 1, id="home"),  # the cached home data (computing it: see below)
]


def _fresh(client, url):
    """The rows changed behind the actions' back: drop cached data, then warm it."""
    caches["pages"].clear()
    client.get(url)


@pytest.mark.parametrize(("url", "queries"), PAGES)
def test_page_query_count_does_not_grow_with_rows(client, django_assert_num_queries, url, queries):
    gigs_with_skills(3)
    _fresh(client, url)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert len(listed_titles(response)) == 3

    gigs_with_skills(3, start=3)
    _fresh(client, url)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert len(listed_titles(response)) == 6


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
@pytest.mark.parametrize("url", [pytest.param(page.values[0], id=page.id) for page in PAGES])
def test_no_browse_page_needs_more_than_eight_queries(
    client, client_user, django_assert_max_num_queries, url, signed_in
):
    gigs_with_skills(6)
    if signed_in:
        client.force_login(client_user)
    _fresh(client, url)

    # Signed in, the header also counts the user's unread threads (and the session and
    # user are read). A search with words in a category also counts the other categories.
    every_filter = "skill=" in url and "q=" in url
    limit = 8 + (3 if signed_in else 0) if every_filter else (9 if signed_in else 8)
    with django_assert_max_num_queries(limit):
        response = client.get(url)

    assert response.status_code == 200
    assert len(listed_titles(response)) == 6
