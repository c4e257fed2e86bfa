"""The home page: top categories with their public service counts, the newest services."""

import re

import pytest

from services import home_selectors
from services.models import Service
from tests.services.browsing import (
    card_titles,
    gigs_with_skills,
    listed_service,
    listed_titles,
    page_text,
)

pytestmark = pytest.mark.django_db


DUMMY_CACHE = "django.core.cache.backends.dummy.DummyCache"


def test_computing_the_home_page_data_does_not_grow_with_rows(settings, django_assert_num_queries):
    gigs_with_skills(3)
    # A cache that keeps nothing: the home data is computed on every call, and reading
    # the cache costs no query.
    settings.CACHES = {**settings.CACHES, "pages": {"BACKEND": DUMMY_CACHE}}
    # The tree (one cache read in production), an estimate per top category (9), the
    # exact counts of the small ones, the newest services.
    with django_assert_num_queries(12):
        data = home_selectors.home_page_data()
    assert len(data["recent_services"]) == 3

    gigs_with_skills(3, start=3)
    with django_assert_num_queries(12):
        data = home_selectors.home_page_data()
    assert len(data["recent_services"]) == 6


def test_a_large_top_category_shows_an_estimate_on_the_home_page(client, monkeypatch):
    gigs_with_skills(2)
    monkeypatch.setattr(home_selectors, "estimated_count", lambda queryset: 123_456)

    categories = client.get("/").content.decode()

    assert "About 123,456 services" in categories


def _home_categories(response):
    """(name, public service count) of the top categories the home page shows."""
    return [(category.name, category.service_count) for category in response.context["categories"]]


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
    assert 'href="/categories/programming-development/"' in page_text(response)


def test_the_home_page_shows_the_most_recently_published_services(client):
    for n in range(10):
        listed_service(f"Recent {n}", days=n)
    listed_service("Draft gig", status=Service.Status.DRAFT, published_at=None)

    response = client.get("/")

    assert listed_titles(response) == [f"Recent {n}" for n in range(8)]
    assert card_titles(response) == listed_titles(response)


def test_the_home_page_without_services_invites_freelancers(client):
    response = client.get("/")

    assert listed_titles(response) == []
    assert "No services are published yet." in page_text(response)


def test_an_empty_category_on_the_home_page_says_so_and_is_no_link(client, catalogue):
    html = page_text(client.get("/"))

    assert 'href="/categories/writing-translation/"' in html
    assert 'href="/categories/design-art/"' not in html
    empty_tile = re.search(
        r'<div class="card category-tile category-tile--empty">(.*?)</div>', html, re.S
    )
    assert empty_tile
    assert "Design &amp; Art" in empty_tile.group(1)
    assert "No services yet" in empty_tile.group(1)


def test_the_home_page_has_one_search_box(client):
    html = page_text(client.get("/"))

    assert html.count('role="search"') == 1
    assert 'id="home-search"' in html
