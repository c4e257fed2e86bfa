import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, sign_in, sign_out
from tests.profiles.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_service_goes_from_draft_to_found_by_a_client(
    page, live_server, visit, axe, freelancer, client_user, settings
):
    settings.SERVICES_PREMODERATION = True
    staff = UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)

    # The freelancer writes the service and submits it for review.
    sign_in(page, live_server, freelancer)
    visit("/dashboard/services/new/")
    page.get_by_label("Title").fill("China will support Russia")
    page.get_by_label("Category").select_option(label="Articles & News")
    page.get_by_label("Description").fill("A reported analysis of Beijing and Moscow.")
    page.get_by_label("Hourly rate ($)").fill("30")
    page.get_by_label("Starting at ($)").fill("25")
    page.get_by_label("Ongoing").check()
    page.get_by_label("Skills (optional)").fill("News Writing, Newspaper")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("saved as a draft")).to_be_visible()
    check_accessibility(page, axe)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("the staff will review it shortly")).to_be_visible()
    expect(page.locator(".badge--pending")).to_have_text("Pending review")
    check_accessibility(page, axe)
    sign_out(page)

    # Not public yet.
    assert visit("/services/china-will-support-russia/").status == 404

    # Staff approve it in the admin.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/admin/services/service/?status__exact=pending")
    page.get_by_role("checkbox", name="Select this object for an action").first.check()
    page.get_by_label("Action:").select_option("approve")
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_text("Approved and published: 1.")).to_be_visible()
    page.goto(f"{live_server.url}/")
    sign_out(page)

    # A client finds it by a word of its title.
    sign_in(page, live_server, client_user)
    visit("/")
    page.get_by_label("Search services").first.fill("Russia")
    page.get_by_role("button", name="Search").first.click()
    expect(page.get_by_text("1 service for “Russia”")).to_be_visible()
    check_accessibility(page, axe)
    # Also by the beginning of a word, and by the freelancer's name (issue 16, point 7).
    for typed in ["Russ", freelancer.profile.display_name]:
        page.get_by_label("Search services").first.fill(typed)
        page.get_by_role("button", name="Search").first.click()
        expect(page.get_by_text(f"1 service for “{typed}”")).to_be_visible()
    page.get_by_role("link", name="China will support Russia").click()

    breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
    expect(breadcrumb).to_have_text("All Services › Writing & Translation › Articles & News")
    expect(breadcrumb.get_by_role("link", name="Writing & Translation")).to_have_attribute(
        "href", "/categories/writing-translation/"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("China will support Russia")
    # What the eye reads; a screen reader hears "Hourly rate:" before the rate too.
    expect(page.locator(".price-line")).to_have_text("Hourly rate: $30/hr Starting at $25")
    expect(page.locator(".price-line .visually-hidden")).to_have_text("Hourly rate:")
    side_card = page.get_by_role("complementary", name="Rate and engagement")
    expect(side_card.locator(".price")).to_have_text("$30/hr")
    expect(side_card).to_contain_text("Ongoing")
    expect(page.get_by_role("link", name="News Writing")).to_have_attribute(
        "href", "/services/?skill=news-writing"
    )
    expect(page.get_by_role("heading", name="0 Reviews")).to_be_visible()
    expect(page.get_by_text("This Freelancer has not received any feedback.")).to_be_visible()
    check_accessibility(page, axe)
