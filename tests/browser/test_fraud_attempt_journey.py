"""Reviews nobody can manufacture alone, in real Chromium: two accounts opened today, one
hires the other, and the freelancer tries to complete the job alone. No review comes of it
until the client confirms the delivery; the review that then comes shows how the hire went
("Hired through the marketplace", never "Verified") and waits in the staff's "Reviews to
check" queue with its signals in words."""

import re

import pytest
from django.utils import dateformat, timezone
from playwright.sync_api import expect

from profiles.actions import moderator_appoint
from services.models import Engagement
from tests.browser.conftest import check_accessibility, sign_in, sign_out
from tests.profiles.factories import ProfileFactory, UserFactory
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Five-star logo design"


def _forge_complete(page, engagement):
    """What a freelancer's own browser can do without a button: submit the client's
    "complete" form (a copy of a form on the page, with the page's CSRF token)."""
    with page.expect_navigation():
        page.evaluate(
            """path => {
                const form = document.querySelector("form[method=post]").cloneNode(true);
                form.action = path;
                document.body.append(form);
                form.submit();
            }""",
            f"/dashboard/hires/{engagement.pk}/complete/",
        )


def _day(moment):
    """A date as the review's hire line writes it ("j M Y" in the site's time zone)."""
    return dateformat.format(timezone.localtime(moment), "j M Y")


def test_a_freelancer_cannot_complete_a_hire_alone_and_the_review_waits_for_staff(
    page, live_server, visit, axe
):
    # Two accounts opened today: a client (A) and a freelancer (B) with a public service.
    client = UserFactory(email="alex@example.com", name="Alex Newcomer")
    freelancer = UserFactory(email="blake@example.com", name="Blake Fresh")
    ProfileFactory(user=freelancer, display_name="Blake Fresh", slug="blake-fresh")
    service = ServiceFactory(freelancer=freelancer.profile, title=TITLE)
    moderator = moderator_appoint(
        user=UserFactory(email="mod@example.com", name="Mo Derator", second_factor=True)
    )

    # (1) A sends a hire request on B's public service.
    sign_in(page, live_server, client)
    visit(service.get_absolute_url())
    page.get_by_role("link", name="Hire Blake Fresh").click()
    page.get_by_label("Message").fill("A logo for my shop, please. Quick job.")
    page.get_by_role("button", name="Send hire request").click()
    expect(page.get_by_text("Your hire request is sent.")).to_be_visible()
    expect(page.locator(".badge--requested")).to_have_text("Requested")
    engagement = Engagement.objects.get(client=client)
    sign_out(page)

    # (2) B accepts, and the page offers only "Mark as delivered": no way to complete.
    sign_in(page, live_server, freelancer)
    visit("/dashboard/requests/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("You accepted the job.")).to_be_visible()
    expect(page.get_by_role("button", name="Mark as delivered")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("complet", re.I))).to_have_count(0)
    check_accessibility(page, axe)

    # Submitting the client's "complete" form from B's own browser is refused.
    _forge_complete(page, engagement)
    expect(page.get_by_text("Only the client can do that.")).to_be_visible()
    expect(page.locator(".badge--accepted")).to_have_text("Accepted")
    expect(page.get_by_role("complementary", name="Timeline")).not_to_contain_text("Completed")

    # B cannot open a review of the job either: it is not theirs to review.
    assert visit(f"/dashboard/hires/{engagement.pk}/review/").status == 404

    # So B marks it delivered, and the job waits for A.
    visit(f"/dashboard/hires/{engagement.pk}/")
    page.get_by_role("button", name="Mark as delivered").click()
    expect(page.locator(".badge--delivered")).to_have_text("Delivered")
    expect(page.get_by_text("Waiting for the client to confirm delivery.")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("complet", re.I))).to_have_count(0)
    _forge_complete(page, engagement)
    expect(page.get_by_text("Only the client can do that.")).to_be_visible()
    expect(page.locator(".badge--delivered")).to_have_text("Delivered")
    check_accessibility(page, axe)
    sign_out(page)

    # Nothing is on the service page yet.
    visit(service.get_absolute_url())
    expect(page.get_by_role("heading", name="0 Reviews")).to_be_visible()

    # (3) A: the review page is not open before A confirms; it sends A back to the job.
    sign_in(page, live_server, client)
    visit(f"/dashboard/hires/{engagement.pk}/review/")
    expect(page).to_have_url(re.compile(rf"/dashboard/hires/{engagement.pk}/$"))
    expect(page.get_by_text("This job cannot be reviewed: it is not completed")).to_be_visible()
    expect(page.get_by_text("Your move: confirm the work was delivered.")).to_be_visible()
    expect(page.get_by_role("link", name="Write your review")).to_have_count(0)

    # A confirms the delivery, which completes the job, then writes a five-star review.
    page.get_by_role("button", name="Confirm delivery and complete the job").click()
    expect(page.locator(".badge--completed")).to_have_text("Completed")
    page.get_by_role("link", name="Write your review").click()
    check_accessibility(page, axe)
    for group in ("Overall", "Communication", "Quality of work", "Value for money"):
        page.get_by_role("group", name=group).get_by_label("5 stars").check()
    page.get_by_label("Your review").fill("Amazing! Best freelancer ever, five stars!")
    page.get_by_role("button", name="Publish review").click()
    expect(page.get_by_text("your review is published")).to_be_visible()
    sign_out(page)

    # The review shows publicly with how the hire went, and never says "Verified".
    engagement.refresh_from_db()
    visit(service.get_absolute_url())
    expect(page.get_by_role("heading", name="1 Review")).to_be_visible()
    review = page.locator(".review").filter(has_text="Amazing! Best freelancer ever")
    expect(review).to_contain_text("Alex Newcomer")
    expect(review.locator(".review__hire")).to_contain_text(
        "Hired through the marketplace · requested "
        f"{_day(engagement.created_at)}, completed {_day(engagement.completed_at)}"
    )
    expect(review).not_to_contain_text(re.compile("verified", re.I))
    expect(page.get_by_text(re.compile(r"\bverified\b", re.I))).to_have_count(0)

    # (4) A moderator (signed in with their authenticator app's code) finds it to check.
    sign_in(page, live_server, moderator)
    page.goto(f"{live_server.url}/admin/")
    queues = page.locator(".moderation-queues")
    to_check = queues.get_by_role("row").filter(
        has=page.get_by_role("link", name="Reviews to check", exact=True)
    )
    expect(to_check).to_have_count(1)
    assert int(to_check.get_by_role("cell").inner_text()) >= 1
    check_accessibility(page, axe)

    to_check.get_by_role("link", name="Reviews to check").click()
    expect(page.get_by_text("To check (signals, not cleared)")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="alex@example.com")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(TITLE)
    for words in (
        "The reviewer's account was less than 7 days old when they hired",
        "Accepted and completed within an hour",
        "No messages were exchanged on the job",
        "The reviewer has only ever hired this freelancer",
    ):
        expect(row).to_contain_text(words)
    check_accessibility(page, axe)
