import pytest
from django.utils import timezone
from playwright.sync_api import expect

from profiles.actions import moderator_appoint
from reviews import actions as review_actions
from services.models import Engagement, Service
from tests.browser.conftest import check_accessibility, sign_in, sign_out
from tests.profiles.factories import UserFactory
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _reported_review(service, client, reporter):
    now = timezone.now()
    engagement = Engagement.objects.create(
        service=service,
        freelancer=service.freelancer,
        client=client,
        message="Please proofread our annual report.",
        status=Engagement.Status.COMPLETED,
        accepted_at=now,
        completed_at=now,
    )
    review = review_actions.review_submit(
        engagement=engagement,
        author=client,
        rating=1,
        communication=1,
        quality=1,
        value=1,
        text="Call me on 555-0100 for the real story about this freelancer.",
    )
    review_actions.review_report(
        review=review, reporter=reporter, reason="It publishes a phone number."
    )
    return review


def test_a_moderator_approves_a_service_and_hides_a_reported_review(
    page, live_server, visit, axe, freelancer, client_user, stranger
):
    moderator = moderator_appoint(
        user=UserFactory(email="mod@example.com", name="Mo Derator", second_factor=True)
    )
    pending = ServiceFactory(
        freelancer=freelancer.profile,
        title="Proofreading annual reports",
        status=Service.Status.PENDING,
        published_at=None,
    )
    live = ServiceFactory(freelancer=freelancer.profile, title="Copy editing")
    _reported_review(live, client_user, stranger)

    # Before: the pending service is not public; the bad review drags the rating down.
    assert visit(pending.get_absolute_url()).status == 404
    visit(live.get_absolute_url())
    expect(page.get_by_role("heading", name="1 Review")).to_be_visible()

    sign_in(page, live_server, moderator)
    page.goto(f"{live_server.url}/admin/")
    queues = page.locator(".moderation-queues")
    expect(queues).to_contain_text("Services waiting for review")
    check_accessibility(page, axe)

    # Approve the pending service from its queue.
    queues.get_by_role("link", name="Services waiting for review").click()
    page.get_by_role("checkbox", name="Select this object for an action").first.check()
    page.get_by_label("Action:").select_option("approve")
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_text("Approved and published: 1.")).to_be_visible()

    # Resolve the open report where it is read, on its own page: hide the review, with a
    # reason, from the page's decisions.
    page.goto(f"{live_server.url}/admin/")
    page.locator(".moderation-queues").get_by_role("link", name="Open reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Select report to change")
    check_accessibility(page, axe)
    # The queue's reason column is in view at 1,280 px, wide enough to read, no scrolling.
    page.set_viewport_size({"width": 1280, "height": 800})
    reason = page.locator("#result_list td.field-reason").first
    expect(reason).to_have_text("It publishes a phone number.")
    box = reason.bounding_box()
    assert box["x"] + box["width"] <= 1280
    assert box["width"] >= 250
    page.locator("#result_list tbody tr").first.locator("th a").click()
    expect(page.get_by_text("It publishes a phone number.")).to_be_visible()
    check_accessibility(page, axe)
    page.get_by_label("Action:").select_option(label="Resolve this report…")
    page.get_by_role("button", name="Run").click()
    check_accessibility(page, axe)
    page.get_by_label("Hide the review").check()
    page.get_by_label("Reason").fill("Personal contact details are not allowed.")
    page.get_by_role("button", name="Resolve reports").click()
    expect(page.get_by_text("Resolved: 1.")).to_be_visible()
    # Back on the report's page, which now shows the decision.
    expect(
        page.get_by_text("Personal contact details are not allowed.", exact=True)
    ).to_be_visible()
    check_accessibility(page, axe)
    sign_out_from_admin(page, live_server)

    # After: the service is public and findable, and the hidden review is gone.
    visit(pending.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Proofreading annual reports")
    visit("/services/?q=proofreading")
    expect(page.get_by_role("link", name="Proofreading annual reports")).to_be_visible()
    visit(live.get_absolute_url())
    expect(page.get_by_role("heading", name="0 Reviews")).to_be_visible()
    expect(page.get_by_text("This Freelancer has not received any feedback.")).to_be_visible()
    expect(page.get_by_text("555-0100")).to_have_count(0)


def sign_out_from_admin(page, live_server):
    page.goto(f"{live_server.url}/")
    sign_out(page)
