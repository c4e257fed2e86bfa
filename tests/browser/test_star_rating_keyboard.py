"""The review form's stars work from the keyboard, as any radio group: Tab into a group,
the arrow keys move and choose, Space chooses, Enter submits. No JavaScript involved."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reviews.models import Review
from tests.browser.conftest import sign_in
from tests.services.factories import EngagementFactory, ServiceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_client_rates_a_job_with_the_keyboard_alone(
    page, live_server, visit, freelancer, client_user
):
    service = ServiceFactory(freelancer=freelancer.profile, title="News writing")
    job = EngagementFactory(completed=True, service=service, client=client_user)
    sign_in(page, live_server, client_user)
    visit(_review_path(job))

    overall = page.get_by_role("group", name="Overall")
    # Tab from the page's last link before the form into the first group.
    page.get_by_role("link", name="News writing").last.focus()
    page.keyboard.press("Tab")
    expect(overall.get_by_role("radio", name="1 star", exact=True)).to_be_focused()

    # Arrow keys move along the stars and choose them; the star is drawn with a focus ring.
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    four = overall.get_by_role("radio", name="4 stars", exact=True)
    expect(four).to_be_focused()
    expect(four).to_be_checked()
    ring = page.locator("label[for='id_rating_3']").evaluate(
        "label => getComputedStyle(label).outlineStyle"
    )
    assert ring == "solid"

    # Tab leaves the group for the next one; Space chooses the focused star.
    page.keyboard.press("Tab")
    communication = page.get_by_role("group", name="Communication")
    expect(communication.get_by_role("radio", name="1 star", exact=True)).to_be_focused()
    page.keyboard.press("Space")
    expect(communication.get_by_role("radio", name="1 star", exact=True)).to_be_checked()
    # As in any radio group, the arrows wrap round: left from one star is five.
    page.keyboard.press("ArrowLeft")
    expect(communication.get_by_role("radio", name="5 stars", exact=True)).to_be_checked()

    for name, presses in [("Quality of work", 2), ("Value for money", 0)]:
        page.keyboard.press("Tab")
        expect(
            page.get_by_role("group", name=name).get_by_role("radio", name="1 star", exact=True)
        ).to_be_focused()
        page.keyboard.press("Space")
        for _ in range(presses):
            page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Your review")).to_be_focused()
    page.keyboard.type("Careful research, clean copy, delivered a day early.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Publish review")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_text("your review is published")).to_be_visible()
    review = Review.objects.get()
    assert (review.rating, review.communication, review.quality, review.value) == (4, 5, 3, 1)


def test_a_review_without_stars_starts_with_the_error_summary_focused(
    page, live_server, visit, freelancer, client_user
):
    service = ServiceFactory(freelancer=freelancer.profile, title="News writing")
    job = EngagementFactory(completed=True, service=service, client=client_user)
    sign_in(page, live_server, client_user)
    visit(_review_path(job))

    page.get_by_role("button", name="Publish review").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    summary.get_by_role("link").first.click()
    expect(page).to_have_url(f"{live_server.url}{_review_path(job)}#id_rating")


def _review_path(job):
    return reverse("reviews:create", kwargs={"engagement_pk": job.pk})
