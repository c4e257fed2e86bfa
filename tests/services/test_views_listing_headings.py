"""The browse pages on a phone: a heading that says what was searched, one search box,
results before the filters (which sit in a "Filters" disclosure), and empty categories that
say so with a way forward."""

import re

import pytest

from tests.services.browsing import empty_state, page_text

pytestmark = pytest.mark.django_db


def _h1(response) -> str:
    return re.search(r"<h1>(.*?)</h1>", page_text(response), re.S).group(1).strip()


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/services/", "All services"),
        ("/services/?q=writing", "Results for ‘writing’"),
        ("/categories/writing-translation/", "Writing &amp; Translation"),
        (
            "/categories/writing-translation/?q=news",
            "Results for ‘news’ in Writing &amp; Translation",
        ),
        ("/services/?skill=journalism", "Journalism services"),
        ("/services/?skill=journalism&q=news", "Results for ‘news’ with Journalism"),
        ("/services/?min_rate=30", "Services matching your filters"),
        ("/services/?rating=4", "Services matching your filters"),
    ],
)
def test_the_heading_says_what_was_searched(client, catalogue, url, heading):
    assert _h1(client.get(url)) == heading


def test_the_title_says_what_was_searched_too(client, catalogue):
    html = page_text(client.get("/services/?q=writing"))

    assert re.search(r"<title>\s*Results for ‘writing’ – services", html)


@pytest.mark.parametrize(
    "url", ["/services/", "/services/?q=news", "/categories/writing-translation/", "/freelancers/"]
)
def test_a_listing_page_has_exactly_one_search_box(client, catalogue, url):
    html = page_text(client.get(url))

    assert html.count('role="search"') == 1
    assert html.count('type="search"') == 1
    assert 'id="header-search"' not in html


def test_other_pages_keep_the_header_search(client, catalogue):
    html = page_text(client.get("/how-it-works/"))

    assert html.count('role="search"') == 1
    assert 'id="header-search"' in html


@pytest.mark.parametrize("url", ["/services/?q=news", "/freelancers/"])
def test_results_come_before_the_filters_which_are_a_disclosure(client, catalogue, url):
    html = page_text(client.get(url))

    results = html.index('aria-label="Results"')
    filters = html.index('id="filters"')
    assert results < filters
    assert re.search(r'<details class="filters-disclosure">\s*<summary>Filters</summary>', html)
    # A link at the top of the results leads a phone to them.
    assert html.index('href="#filters"') < filters


def test_the_filters_disclosure_is_open_while_filters_are_in_effect(client, catalogue):
    html = page_text(client.get("/services/?min_rate=30"))

    assert '<details class="filters-disclosure" open>' in html


def test_an_empty_subcategory_says_so_and_leads_to_its_parent_and_all_services(client, catalogue):
    response = client.get("/categories/legal/contracts/")

    assert response.status_code == 200
    empty = empty_state(response)
    assert "No services in Contracts yet" in empty
    assert 'href="/categories/legal/">See all Legal</a>' in empty
    assert 'href="/services/">Browse all services</a>' in empty
    assert "No services match" not in page_text(response)


def test_an_empty_top_category_leads_to_all_services(client, catalogue):
    empty = empty_state(client.get("/categories/legal/"))

    assert "No services in Legal yet" in empty
    assert 'href="/services/">Browse all services</a>' in empty


def test_a_search_with_no_match_in_a_category_is_no_empty_category(client, catalogue):
    empty = empty_state(client.get("/categories/writing-translation/?q=zebra"))

    assert "No services match “zebra”" in empty
    assert "yet" not in empty
