"""Browse and search: relevance, filters, facets, sorts, paging, bad input and visibility.

Also the pages built on the same reads: category pages, skill and profile pages, the home
page and the sitemaps.
"""

import html as html_lib
import re
from datetime import timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from profiles.models import Article, Profile
from services import selectors
from services.models import Service
from tests.profiles.factories import ArticleFactory, ProfileFactory, SkillFactory, UserFactory
from tests.services.factories import ServiceFactory, leaf_category

pytestmark = pytest.mark.django_db

LIST_URL = "/services/"
HIDDEN_STATUSES = [
    Service.Status.DRAFT,
    Service.Status.PENDING,
    Service.Status.REJECTED,
    Service.Status.SUSPENDED,
]


# --- Helpers ----------------------------------------------------------------------------


def _ago(days=0, minutes=0):
    return timezone.now() - timedelta(days=days, minutes=minutes)


def _service(title, *, leaf="articles-news", days=0, **fields):
    """A published service with the values a test asserts on passed in explicitly."""
    fields.setdefault("description", "A plain description.")
    fields.setdefault("published_at", _ago(days=days))
    return ServiceFactory(title=title, category=leaf_category(leaf), **fields)


def _html(response):
    return response.content.decode()


def _titles(response):
    """Titles of the service cards on the page, in the order shown."""
    found = re.findall(
        r'<h3 class="service-card__title"><a href="[^"]*">(.*?)</a></h3>', _html(response)
    )
    return [html_lib.unescape(title) for title in found]


def _total(response):
    """The number in the results summary: "N services"."""
    match = re.search(
        r'<p class="results-summary" role="status">\s*(\d+) services?\b', _html(response)
    )
    assert match, "no results summary on the page"
    return int(match.group(1))


def _facets(response):
    """(name, count) pairs of the category counts, parents before their children."""
    match = re.search(r'<nav class="card facets".*?</nav>', _html(response), re.S)
    if not match:
        return []
    pairs = re.findall(
        r'<a href="[^"]*">([^<]*)</a> <span class="muted">\((\d+)\)</span>', match.group(0)
    )
    return [(html_lib.unescape(name), int(count)) for name, count in pairs]


def _facet_link(response, name):
    match = re.search(r'<nav class="card facets".*?</nav>', _html(response), re.S)
    for href, label in re.findall(r'<a href="([^"]*)">([^<]*)</a>', match.group(0)):
        if html_lib.unescape(label) == name:
            return html_lib.unescape(href)
    raise AssertionError(f"no facet link for {name}")


def _crumbs(response):
    """(label, url) pairs of the breadcrumb."""
    match = re.search(r'<nav class="breadcrumbs"[^>]*>(.*?)</nav>', _html(response), re.S)
    assert match, "no breadcrumb on the page"
    links = re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', match.group(1))
    return [(html_lib.unescape(label), html_lib.unescape(url)) for url, label in links]


def _pagination_link(response, rel):
    match = re.search(rf'<a rel="{rel}" href="([^"]*)">', _html(response))
    return html_lib.unescape(match.group(1)) if match else None


def _params(link):
    return parse_qs(urlsplit(link).query)


def _empty_state(response):
    match = re.search(r'<div class="empty-state">(.*?)</div>', _html(response), re.S)
    return match.group(1) if match else None


# --- Relevance and search syntax -----------------------------------------------------------


def test_a_title_match_ranks_above_a_skill_match_above_a_description_match(client):
    podcasting = SkillFactory(name="Podcasting")
    # The newest is the weakest match, so only the rank can put them in this order.
    _service("Radio voice work", description="I do some podcasting too.", days=1)
    _service("Audio cleanup", description="Clear sound.", skills=[podcasting], days=2)
    _service("Podcasting production", description="Clear sound.", days=3)
    _service("Logo design", description="Vector logos.", days=0)

    response = client.get(LIST_URL, {"q": "podcasting"})

    assert response.status_code == 200
    assert _titles(response) == ["Podcasting production", "Audio cleanup", "Radio voice work"]
    assert _total(response) == 3


def test_a_quoted_phrase_matches_only_the_exact_phrase(client):
    _service("Fast news writing", days=1)
    _service("Writing about the news", days=2)

    quoted = client.get(LIST_URL, {"q": '"news writing"'})
    unquoted = client.get(LIST_URL, {"q": "news writing"})

    assert _titles(quoted) == ["Fast news writing"]
    assert _titles(unquoted) == ["Fast news writing", "Writing about the news"]


def test_or_matches_either_word(client):
    _service("SEO audit", days=1)
    _service("SEM campaigns", days=2)
    _service("Logo design", days=3)

    either = client.get(LIST_URL, {"q": "seo or sem"})
    both = client.get(LIST_URL, {"q": "seo sem"})

    assert sorted(_titles(either)) == ["SEM campaigns", "SEO audit"]
    assert _titles(both) == []


def test_a_minus_sign_excludes_a_word(client):
    _service("Logo design", days=1)
    _service("Logo animation", days=2)

    assert _titles(client.get(LIST_URL, {"q": "logo -animation"})) == ["Logo design"]
    assert _titles(client.get(LIST_URL, {"q": "logo"})) == ["Logo design", "Logo animation"]


def test_english_stemming_matches_word_forms_but_not_other_words(client):
    _service("Magazine article", days=1)
    _service("Blog posts I write weekly", days=2)
    _service("Professional writer", days=3)

    # "articles" and "article" share the stem "articl".
    assert _titles(client.get(LIST_URL, {"q": "articles"})) == ["Magazine article"]
    # "writing" stems to "write"; "writer" stays "writer", a different word.
    assert _titles(client.get(LIST_URL, {"q": "writing"})) == ["Blog posts I write weekly"]
    assert _titles(client.get(LIST_URL, {"q": "writer"})) == ["Professional writer"]


# --- Filters ------------------------------------------------------------------------------


@pytest.fixture
def catalogue():
    """Five services that each filter tells apart, newest first in this order."""
    journalism = SkillFactory(name="Journalism")
    python = SkillFactory(name="Python")
    return {
        "journalism": journalism,
        "services": [
            _service(
                "News feature",
                description="Long-form news.",
                hourly_rate=Decimal("20"),
                skills=[journalism],
                rating_average=Decimal("4.80"),
                review_count=5,
                days=1,
            ),
            _service(
                "Press release",
                description="Company news, fast.",
                hourly_rate=Decimal("45"),
                skills=[journalism],
                # A high average without reviews must not pass a rating filter.
                rating_average=Decimal("4.90"),
                review_count=0,
                days=2,
            ),
            _service(
                "Sales copy",
                leaf="copywriting",
                hourly_rate=Decimal("60"),
                rating_average=Decimal("3.20"),
                review_count=4,
                days=3,
            ),
            _service(
                "Shop website",
                leaf="web-development-design",
                hourly_rate=Decimal("90"),
                skills=[journalism],
                rating_average=Decimal("4.10"),
                review_count=2,
                days=4,
            ),
            _service(
                "Data dashboard",
                leaf="data-analysis",
                hourly_rate=Decimal("150"),
                skills=[python],
                rating_average=Decimal("2.50"),
                review_count=1,
                days=5,
            ),
        ],
    }


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
    assert _titles(response) == expected
    assert _total(response) == len(expected)


def test_the_total_counts_every_match_not_only_the_page(client):
    for n in range(23):
        _service(f"Gig {n:02d}", hourly_rate=Decimal("70"), days=n)
    _service("Cheap gig", hourly_rate=Decimal("10"))

    response = client.get(LIST_URL, {"min_rate": "50"})

    assert len(_titles(response)) == 20
    assert "23 services" in _html(response)


def test_category_counts_follow_the_query_and_filters_but_not_the_chosen_category(client):
    _service("News feature", hourly_rate=Decimal("20"), days=1)
    _service("News digest", hourly_rate=Decimal("70"), days=2)
    _service("Weekly news copy", leaf="copywriting", hourly_rate=Decimal("30"), days=3)
    _service("Sales copy", leaf="copywriting", hourly_rate=Decimal("30"), days=4)
    _service("Logo for a news site", leaf="logo-branding", hourly_rate=Decimal("40"), days=5)
    _service(
        "News draft", status=Service.Status.DRAFT, published_at=None, hourly_rate=Decimal("20")
    )

    response = client.get(LIST_URL, {"q": "news", "max_rate": "50", "category": "articles-news"})

    assert _titles(response) == ["News feature"]
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


# --- Sorting ------------------------------------------------------------------------------


@pytest.fixture
def sortable():
    audit = SkillFactory(name="Audit")
    _service(
        "Alpha books",
        hourly_rate=Decimal("50"),
        rating_average=Decimal("4.00"),
        review_count=3,
        skills=[audit],
        days=3,
    )
    _service(
        "Bravo books",
        hourly_rate=Decimal("20"),
        rating_average=Decimal("4.50"),
        review_count=2,
        days=1,
    )
    _service(
        "Charlie books",
        description="A careful audit of your accounts.",
        hourly_rate=Decimal("80"),
        rating_average=Decimal("4.50"),
        review_count=10,
        days=2,
    )
    _service("Delta audit", hourly_rate=Decimal("35"), days=4)


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

    assert _titles(response) == expected


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
    html = _html(client.get(LIST_URL, params))

    assert re.findall(r'<option value="(\w+)" selected>', html)[-1] == selected
    # "Best match" is offered only when there is a query to match.
    assert ('<option value="relevance"' in html) == bool(params.get("q"))


# --- Pagination ---------------------------------------------------------------------------


@pytest.fixture
def forty_five():
    """Gig 00 is the newest, Gig 44 the oldest."""
    profile = ProfileFactory()
    for n in range(45):
        ServiceFactory(
            freelancer=profile,
            title=f"Gig {n:02d}",
            description="A plain description.",
            published_at=_ago(minutes=n),
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
    assert _titles(response) == expected
    assert f"Page {page_number} of 3" in _html(response)
    assert _total(response) == 45


@pytest.mark.parametrize("page_number", ["0", "-1", "abc", "", "1.5", "2x"])
def test_a_page_number_that_is_not_a_positive_integer_shows_page_one(
    client, forty_five, page_number
):
    response = client.get(LIST_URL, {"page": page_number})

    assert response.status_code == 200
    assert _titles(response) == _gigs(range(20))
    assert "Page 1 of 3" in _html(response)


@pytest.mark.parametrize("page_number", ["4", "999", "9" * 30])
def test_a_page_past_the_end_shows_the_last_page(client, forty_five, page_number):
    response = client.get(LIST_URL, {"page": page_number})

    assert response.status_code == 200
    assert _titles(response) == _gigs(range(40, 45))
    assert "Page 3 of 3" in _html(response)


def test_next_and_previous_links_keep_the_other_parameters(client, forty_five):
    params = {"q": "gig", "min_rate": "10", "sort": "rate_asc", "page": "2"}

    response = client.get(LIST_URL, params)

    assert _titles(response) == _gigs(range(20, 40))
    others = {"q": ["gig"], "min_rate": ["10"], "sort": ["rate_asc"]}
    assert _params(_pagination_link(response, "next")) == {**others, "page": ["3"]}
    assert _params(_pagination_link(response, "prev")) == {**others, "page": ["1"]}


def test_a_single_page_has_no_pagination(client):
    _service("Lonely gig")

    response = client.get(LIST_URL)

    assert _titles(response) == ["Lonely gig"]
    assert 'class="pagination"' not in _html(response)


# --- Bad input ----------------------------------------------------------------------------


@pytest.fixture
def two_services():
    _service("News feature", hourly_rate=Decimal("20"), days=1)
    _service("Logo design", leaf="logo-branding", hourly_rate=Decimal("40"), days=2)


BOTH = ["News feature", "Logo design"]


@pytest.mark.parametrize(
    ("query_string", "expected"),
    [
        ("min_rate=abc", BOTH),
        ("min_rate=NaN", BOTH),
        ("min_rate=1e400", BOTH),
        ("max_rate=-5", BOTH),
        ("max_rate=99999999999999", BOTH),
        ("min_rate=50&max_rate=10", []),
        ("rating=9", BOTH),
        ("rating=abc", BOTH),
        ("sort=unknown", BOTH),
        ("sort=-hourly_rate", BOTH),
        ("category=no-such-category", BOTH),
        ("category=../../etc", BOTH),
        ("skill=no-such-skill", BOTH),
        ("skill=%3Cscript%3E", BOTH),
        ("q=" + "x" * 500, BOTH),
        ("q=" + "news%20" * 100, BOTH),
        ("q=!!!", []),
        ("q=...%3F%3F%3F", []),
        ("q=the", []),
        ("q=the%20and%20of", []),
        ("q=a%20%26%20b%20%7C%20!c%20%3A*", []),
        ("q=%22abc", []),
        ("q=%22news", ["News feature"]),
        ("q=news%22%22%22", ["News feature"]),
        ("q=(news", ["News feature"]),
        ("q=news%27%3B%20DROP%20TABLE%20services_service%3B--", []),
        ("q=%5C", []),
        ("q=%27", []),
        ("q=news%20%3C-%3E%20feature", ["News feature"]),
        ("q=news%3A*", ["News feature"]),
        ("q=%F0%9F%98%80", []),
        ("q=%20%20%20", BOTH),
        ("q=logo&q=news", ["News feature"]),
        ("sort=rate_desc&sort=rate_asc", ["News feature", "Logo design"]),
        ("sort=rate_asc&sort=rate_desc", ["Logo design", "News feature"]),
        ("category=logo-branding&category=no-such", BOTH),
        ("page=1&page=2", BOTH),
        ("min_rate=30&min_rate=abc", BOTH),
    ],
)
def test_garbage_parameters_answer_the_designed_page(client, two_services, query_string, expected):
    response = client.get(f"{LIST_URL}?{query_string}")

    assert response.status_code == 200
    assert _titles(response) == expected
    assert _total(response) == len(expected)
    assert (_empty_state(response) is not None) == (not expected)


def test_a_rate_that_is_not_a_number_is_pointed_out_next_to_its_field(client, two_services):
    html = _html(client.get(LIST_URL, {"min_rate": "abc", "max_rate": "-5"}))

    assert html.count('<div class="field__errors">Enter a number.</div>') == 2
    assert 'name="min_rate" min="0" step="1" value=""' in html


def test_a_query_is_shown_back_escaped(client, two_services):
    html = _html(client.get(LIST_URL, {"q": '<script>alert("x")</script>'}))

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


# --- Visibility ---------------------------------------------------------------------------


@pytest.fixture
def mixed_visibility(freelancer):
    """One public gig, and every kind that must stay out of sight, all matching "gig"."""
    skill = SkillFactory(name="Journalism")
    public = _service("Public gig", freelancer=freelancer.profile, skills=[skill], days=1)
    for status in HIDDEN_STATUSES:
        _service(
            f"Hidden {status} gig",
            freelancer=freelancer.profile,
            status=status,
            published_at=None,
            skills=[skill],
        )
    suspended = ProfileFactory(status=Profile.Status.SUSPENDED, slug="suspended-sue")
    _service("Suspended profile gig", freelancer=suspended, skills=[skill])
    inactive = ProfileFactory(user=UserFactory(is_active=False), slug="inactive-ian")
    _service("Inactive user gig", freelancer=inactive, skills=[skill])
    return public


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
    assert _titles(response) == expected
    assert _total(response) == len(expected)
    facets = [("Writing & Translation", 1), ("Articles & News", 1)] if expected else []
    assert _facets(response) == facets


def test_owners_do_not_see_their_own_unpublished_services_in_search(
    client, freelancer, mixed_visibility
):
    client.force_login(freelancer)

    response = client.get(LIST_URL, {"q": "gig"})

    assert _titles(response) == ["Public gig"]


def test_the_empty_state_links_to_categories_and_all_services(client, two_services):
    response = client.get(LIST_URL, {"q": "zebra"})

    assert _titles(response) == []
    assert "0 services" in _html(response)
    empty = _empty_state(response)
    assert "No services match “zebra”" in empty
    assert 'href="/categories/writing-translation/"' in empty
    assert 'href="/categories/legal/"' in empty
    assert 'href="/services/">See all services</a>' in empty


# --- Category pages ---------------------------------------------------------------------


def test_a_top_category_page_lists_its_subcategories_services_with_a_breadcrumb(client, catalogue):
    response = client.get("/categories/writing-translation/")

    assert response.status_code == 200
    assert "<h1>Writing &amp; Translation</h1>" in _html(response)
    assert _titles(response) == ["News feature", "Press release", "Sales copy"]
    assert _total(response) == 3
    assert _crumbs(response) == [
        ("All Services", "/services/"),
        ("Writing & Translation", "/categories/writing-translation/"),
    ]


def test_a_subcategory_page_lists_only_its_services_with_the_full_breadcrumb(client, catalogue):
    response = client.get("/categories/writing-translation/articles-news/")

    assert response.status_code == 200
    assert "<h1>Articles &amp; News</h1>" in _html(response)
    assert _titles(response) == ["News feature", "Press release"]
    assert _crumbs(response) == [
        ("All Services", "/services/"),
        ("Writing & Translation", "/categories/writing-translation/"),
        ("Articles & News", "/categories/writing-translation/articles-news/"),
    ]


def test_a_category_page_takes_the_other_filters_but_keeps_its_category(client, catalogue):
    response = client.get(
        "/categories/writing-translation/", {"min_rate": "40", "category": "data-analysis"}
    )

    assert _titles(response) == ["Press release", "Sales copy"]


@pytest.mark.parametrize(
    "url",
    [
        "/categories/no-such-category/",
        "/categories/writing-translation/no-such-leaf/",
        "/categories/programming-development/articles-news/",
        "/categories/articles-news/copywriting/",
        "/categories/writing-translation/programming-development/",
        "/categories/no-such-category/articles-news/",
    ],
)
def test_an_unknown_category_or_a_leaf_under_the_wrong_parent_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_a_subcategory_at_the_top_level_url_redirects_permanently_to_its_full_url(client):
    response = client.get("/categories/articles-news/")

    assert response.status_code == 301
    assert response["Location"] == "/categories/writing-translation/articles-news/"


# --- Skill and profile pages ------------------------------------------------------------


def test_a_skill_page_lists_the_public_services_with_that_skill(client, mixed_visibility):
    _service("Other skill gig", skills=[SkillFactory(name="Python")], days=2)

    response = client.get(reverse("profiles:skill", kwargs={"slug": "journalism"}))

    assert response.status_code == 200
    assert _titles(response) == ["Public gig"]


def test_a_profile_page_lists_the_freelancers_published_services_only(
    client, freelancer, mixed_visibility
):
    _service("Somebody else's gig", days=2)

    response = client.get(freelancer.profile.get_absolute_url())

    assert response.status_code == 200
    assert _titles(response) == ["Public gig"]


# --- Query counts -------------------------------------------------------------------------

# Anonymous visitors; each list reads the category tree, the count, the page and the facets.
# category tree, the planner's estimate, the count, the page, the category counts
PAGES = [
    pytest.param(LIST_URL, 5, id="list"),
    pytest.param(f"{LIST_URL}?q=gig", 5, id="search"),
    pytest.param(
        f"{LIST_URL}?q=gig&category=writing-translation&skill=journalism&min_rate=10"
        "&max_rate=100&rating=4&sort=rate_asc",
        6,  # and the skill
        id="every-filter",
    ),
    pytest.param("/categories/writing-translation/", 5, id="category"),
    pytest.param("/categories/writing-translation/articles-news/", 5, id="subcategory"),
    pytest.param("/", 1, id="home"),  # the cached home data (computing it: see below)
]


def _fresh(client, url):
    """The rows changed behind the actions' back: drop cached data, then warm it."""
    caches["pages"].clear()
    client.get(url)


def _gigs_with_skills(n, *, start=0):
    journalism = SkillFactory(name="Journalism")
    editing = SkillFactory(name="Editing")
    for i in range(start, start + n):
        _service(
            f"Gig {i}",
            skills=[journalism, editing],
            hourly_rate=Decimal("30"),
            rating_average=Decimal("4.50"),
            review_count=2,
            days=i,
        )


@pytest.mark.parametrize(("url", "queries"), PAGES)
def test_page_query_count_does_not_grow_with_rows(client, django_assert_num_queries, url, queries):
    _gigs_with_skills(3)
    _fresh(client, url)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert len(_titles(response)) == 3

    _gigs_with_skills(3, start=3)
    _fresh(client, url)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert len(_titles(response)) == 6


def test_computing_the_home_page_data_does_not_grow_with_rows(django_assert_num_queries):
    _gigs_with_skills(3)
    selectors.category_tree()  # cached from now on
    # The cached tree, an estimate per top category (9), the exact counts of the small
    # ones, the newest services.
    with django_assert_num_queries(12):
        data = selectors._home_page_data()
    assert len(data["recent_services"]) == 3

    _gigs_with_skills(3, start=3)
    with django_assert_num_queries(12):
        data = selectors._home_page_data()
    assert len(data["recent_services"]) == 6


def test_a_large_top_category_shows_an_estimate_on_the_home_page(client, monkeypatch):
    _gigs_with_skills(2)
    monkeypatch.setattr(selectors, "estimated_count", lambda queryset: 123_456)

    categories = client.get("/").content.decode()

    assert "About 123,456 services" in categories


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
@pytest.mark.parametrize("url", [pytest.param(page.values[0], id=page.id) for page in PAGES])
def test_no_browse_page_needs_more_than_eight_queries(
    client, client_user, django_assert_max_num_queries, url, signed_in
):
    _gigs_with_skills(6)
    if signed_in:
        client.force_login(client_user)
    _fresh(client, url)

    with django_assert_max_num_queries(8):
        response = client.get(url)

    assert response.status_code == 200
    assert len(_titles(response)) == 6


# --- Home page ----------------------------------------------------------------------------


def _home_categories(response):
    pairs = re.findall(
        r'<strong>([^<]*)</strong><span class="muted">(\d+) services?</span>', _html(response)
    )
    return [(html_lib.unescape(name), int(count)) for name, count in pairs]


def test_the_home_page_shows_top_categories_with_their_public_service_counts(
    client, catalogue, mixed_visibility
):
    response = client.get("/")

    categories = _home_categories(response)
    assert categories[:4] == [
        ("Writing & Translation", 4),  # News feature, Press release, Sales copy, Public gig
        ("Programming & Development", 2),
        ("Design & Art", 0),
        ("Sales & Marketing", 0),
    ]
    assert [name for name, _count in categories] == [
        "Writing & Translation",
        "Programming & Development",
        "Design & Art",
        "Sales & Marketing",
        "Administrative & Secretarial",
        "Business & Finance",
        "Engineering & Architecture",
        "Education & Training",
        "Legal",
    ]
    assert 'href="/categories/programming-development/"' in _html(response)


def test_the_home_page_shows_the_most_recently_published_services(client):
    for n in range(10):
        _service(f"Recent {n}", days=n)
    _service("Draft gig", status=Service.Status.DRAFT, published_at=None)

    response = client.get("/")

    assert _titles(response) == [f"Recent {n}" for n in range(8)]


def test_the_home_page_without_services_invites_freelancers(client):
    response = client.get("/")

    assert _titles(response) == []
    assert "No services are published yet." in _html(response)


# --- Sitemaps ----------------------------------------------------------------------------


def _locs(response):
    return re.findall(r"<loc>([^<]*)</loc>", _html(response))


def test_the_sitemap_index_links_every_section(client):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert "<sitemapindex" in _html(response)
    assert sorted(_locs(response)) == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-categories.xml",
        "http://testserver/sitemap-freelancers.xml",
        "http://testserver/sitemap-services.xml",
    ]


def test_the_services_sitemap_lists_public_services_only(client, mixed_visibility):
    response = client.get("/sitemap-services.xml")

    assert response.status_code == 200
    assert _locs(response) == [f"http://testserver{mixed_visibility.get_absolute_url()}"]


def test_the_categories_sitemap_lists_every_category_at_its_full_url(client):
    locs = _locs(client.get("/sitemap-categories.xml"))

    assert "http://testserver/categories/writing-translation/" in locs
    assert "http://testserver/categories/writing-translation/articles-news/" in locs
    assert "http://testserver/categories/articles-news/" not in locs
    assert len(locs) == 49  # 9 top categories and their 40 subcategories


def test_the_freelancers_sitemap_lists_public_profiles_only(client, freelancer, mixed_visibility):
    locs = _locs(client.get("/sitemap-freelancers.xml"))

    assert locs == ["http://testserver/freelancers/fran-freelancer/"]


def test_the_articles_sitemap_lists_public_articles_only(client, freelancer):
    ArticleFactory(profile=freelancer.profile, title="Public story")
    ArticleFactory(
        profile=freelancer.profile,
        title="Draft story",
        status=Article.Status.DRAFT,
        published_at=None,
    )
    ArticleFactory(
        profile=ProfileFactory(status=Profile.Status.SUSPENDED), title="Suspended story"
    )

    locs = _locs(client.get("/sitemap-articles.xml"))

    assert locs == ["http://testserver/freelancers/fran-freelancer/articles/public-story/"]
