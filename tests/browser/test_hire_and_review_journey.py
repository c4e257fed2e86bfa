import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, sign_in, sign_out
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_client_hires_the_freelancer_delivers_the_client_confirms_and_reviews(
    page, live_server, visit, axe, freelancer, client_user, mailoutbox
):
    service = ServiceFactory(freelancer=freelancer.profile, title="Copy editing for news sites")

    # The client sends a hire request from the service page.
    sign_in(page, live_server, client_user)
    visit(service.get_absolute_url())
    page.get_by_role("link", name="Hire Fran Freelancer").click()
    page.get_by_label("Message").fill("Please edit our weekly newsletter, about 3,000 words.")
    page.get_by_label("Budget ($) (optional)").fill("300")
    page.get_by_role("button", name="Send hire request").click()
    expect(page.get_by_text("Your hire request is sent.")).to_be_visible()
    expect(page.locator(".badge--requested")).to_have_text("Requested")
    check_accessibility(page, axe)
    sign_out(page)

    # The freelancer accepts, then delivers the work; they cannot complete it themselves.
    sign_in(page, live_server, freelancer)
    visit("/dashboard/requests/")
    page.get_by_role("link", name="Copy editing for news sites").click()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("You accepted the job.")).to_be_visible()
    page.get_by_role("button", name="Mark as delivered").click()
    expect(page.locator(".badge--delivered")).to_have_text("Delivered")
    expect(page.get_by_text("Waiting for the client to confirm delivery.")).to_be_visible()
    expect(page.get_by_role("button", name="Mark as completed")).to_have_count(0)
    expect(page.get_by_role("complementary", name="Timeline")).to_contain_text("Delivered")
    check_accessibility(page, axe)
    sign_out(page)

    # The client confirms the delivery, which completes the job, and reviews it.
    sign_in(page, live_server, client_user)
    visit("/dashboard/hires/")
    page.get_by_role("link", name="Copy editing for news sites").click()
    expect(page.get_by_text("Your move: confirm the work was delivered.")).to_be_visible()
    page.get_by_role("button", name="Confirm delivery and complete the job").click()
    expect(page.locator(".badge--completed")).to_have_text("Completed")
    expect(page.get_by_role("complementary", name="Timeline")).to_contain_text("Completed")
    check_accessibility(page, axe)
    page.get_by_role("link", name="Write your review").click()
    check_accessibility(page, axe)
    page.get_by_role("group", name="Overall").get_by_label("5 stars").check()
    page.get_by_role("group", name="Communication").get_by_label("4 stars").check()
    page.get_by_role("group", name="Quality of work").get_by_label("5 stars").check()
    page.get_by_role("group", name="Value for money").get_by_label("5 stars").check()
    page.get_by_label("Your review").fill("Fast, careful and kind. Our newsletter reads better.")
    page.get_by_role("button", name="Publish review").click()
    expect(page.get_by_text("your review is published")).to_be_visible()
    expect(page.get_by_role("heading", name="1 Review")).to_be_visible()
    expect(page.locator(".rating-summary__average")).to_have_text(
        re.compile(r"^\s*★★★★★\s*5 out of 5\s*5\.0\s*$")
    )
    expect(page.locator(".review__hire")).to_contain_text("Hired through the marketplace")
    page.get_by_text("How this rating is computed").click()
    expect(page.locator(".reputation")).to_contain_text("1 visible review from 1 distinct client")
    check_accessibility(page, axe)
    sign_out(page)

    # The freelancer replies, and the reply shows under the review.
    sign_in(page, live_server, freelancer)
    visit("/dashboard/reviews/")
    page.get_by_role("link", name="Reply in public").click()
    page.get_by_label("Your public reply").fill("Thank you, Casey. Same time next week!")
    page.get_by_role("button", name="Publish reply").click()
    visit(service.get_absolute_url())
    reply = page.locator(".review__reply")
    expect(reply).to_contain_text("Reply from Fran Freelancer")
    expect(reply).to_contain_text("Thank you, Casey. Same time next week!")
    check_accessibility(page, axe)

    # Each move told the other party by mail.
    subjects = [mail.subject for mail in mailoutbox]
    assert any("New hire request" in subject for subject in subjects)
    assert any("accepted your hire request" in subject for subject in subjects)
    assert any("delivered your job" in subject for subject in subjects)
    assert any("confirmed your job is completed" in subject for subject in subjects)
    assert any("reviewed" in subject for subject in subjects)
