"""Browsing on a phone: one search box, a heading that says what was searched, the results
first and the filters behind a "Filters" disclosure, and no empty parameters in the URL
after "Apply filters". Beside the results on a wide screen, the filters are simply open."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def writing_services(freelancer):
    ServiceFactory(freelancer=freelancer.profile, title="Writing for magazines", hourly_rate=20)
    ServiceFactory(
        freelancer=freelancer.profile, title="Writing grant proposals", hourly_rate=Decimal(45)
    )


def test_a_phone_searches_then_filters_and_gets_a_clean_url(
    page, live_server, visit, writing_services
):
    page.set_viewport_size({"width": 360, "height": 780})
    visit("/services/")
    expect(page.get_by_role("search")).to_have_count(1)

    page.get_by_role("searchbox", name="Search services").fill("writing")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Results for ‘writing’")
    expect(page.get_by_text("2 services for “writing”")).to_be_visible()
    # The results come first; the filters wait, closed, below them.
    apply = page.get_by_role("button", name="Apply filters")
    expect(apply).to_be_hidden()
    results_top = page.get_by_role("region", name="Results").bounding_box()["y"]
    filters = page.locator("summary", has_text="Filters")
    assert filters.bounding_box()["y"] > results_top
    check_page = page.url

    page.get_by_role("link", name="Filters").click()
    filters.click()
    page.get_by_label("Min $/hr").fill("30")
    apply.click()

    # The blank fields (category, max rate, rating) are gone; the sort menu always sends one.
    expect(page).to_have_url(f"{live_server.url}/services/?q=writing&min_rate=30&sort=relevance")
    expect(page.get_by_text("1 service for “writing”")).to_be_visible()
    expect(page.get_by_role("link", name="Writing grant proposals")).to_be_visible()
    assert check_page.endswith("/services/?q=writing")
    visit(page.url.removeprefix(live_server.url))  # axe on the filtered page
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_on_a_wide_screen_the_filters_are_open_beside_the_results(
    page, live_server, visit, writing_services
):
    page.set_viewport_size({"width": 1280, "height": 900})
    visit("/services/?q=writing")

    apply = page.get_by_role("button", name="Apply filters")
    expect(apply).to_be_visible()
    expect(page.locator("summary", has_text="Filters")).to_be_hidden()
    filters_box = apply.bounding_box()
    results_box = page.get_by_role("region", name="Results").bounding_box()
    assert filters_box["x"] < results_box["x"]
