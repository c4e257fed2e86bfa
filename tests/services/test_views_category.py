"""Category pages: a top category or a subcategory, its services, breadcrumb and URLs."""

import html as html_lib
import re

import pytest

from tests.services.browsing import card_titles, page_text, result_titles, result_total

pytestmark = pytest.mark.django_db


def _card_crumbs(response):
    """(label, url) pairs of the breadcrumb in the page's markup."""
    match = re.search(r'<nav class="breadcrumbs"[^>]*>(.*?)</nav>', page_text(response), re.S)
    assert match, "no breadcrumb on the page"
    links = re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', match.group(1))
    return [(html_lib.unescape(label), html_lib.unescape(url)) for url, label in links]


def test_a_top_category_page_lists_its_subcategories_services_with_a_breadcrumb(client, catalogue):
    response = client.get("/categories/writing-translation/")

    assert response.status_code == 200
    assert "<h1>Writing &amp; Translation</h1>" in page_text(response)
    assert result_titles(response) == ["News feature", "Press release", "Sales copy"]
    assert card_titles(response) == result_titles(response)
    assert result_total(response) == 3
    assert response.context["crumbs"] == [
        ("All Services", "/services/"),
        ("Writing & Translation", "/categories/writing-translation/"),
    ]


def test_a_subcategory_page_lists_only_its_services_with_the_full_breadcrumb(client, catalogue):
    response = client.get("/categories/writing-translation/articles-news/")

    assert response.status_code == 200
    assert "<h1>Articles &amp; News</h1>" in page_text(response)
    assert result_titles(response) == ["News feature", "Press release"]
    assert _card_crumbs(response) == [
        ("All Services", "/services/"),
        ("Writing & Translation", "/categories/writing-translation/"),
        ("Articles & News", "/categories/writing-translation/articles-news/"),
    ]


def test_a_category_page_takes_the_other_filters_but_keeps_its_category(client, catalogue):
    response = client.get(
        "/categories/writing-translation/", {"min_rate": "40", "category": "data-analysis"}
    )

    assert result_titles(response) == ["Press release", "Sales copy"]


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
