"""A conversation on a hire request in real Chromium: the request opens the thread, both
parties write (one with a file), the header and inbox show what is unread, and the
request's steps appear in the same timeline up to completion."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, sign_in, sign_out
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _complete(page, live_server, axe, freelancer, client_user):
    """Deliver then confirm where the site has delivery (freelancer delivers, client
    completes); else the freelancer marks the job completed."""
    deliver = page.get_by_role("button", name=re.compile(r"^(Deliver|Mark as delivered)"))
    if deliver.count():
        deliver.first.click()
        sign_out(page)
        sign_in(page, live_server, client_user)
        page.goto(live_server.url + "/dashboard/hires/")
        page.get_by_role("link", name="Newsletter editing").click()
        page.get_by_role("button", name=re.compile("complet", re.I)).first.click()
    else:
        page.get_by_role("button", name="Mark as completed").click()
    expect(page.locator(".badge--completed").first).to_have_text("Completed")
    check_accessibility(page, axe)


def test_a_client_and_a_freelancer_talk_on_a_hire_request_until_it_is_completed(
    page, live_server, visit, axe, freelancer, client_user, tmp_path, mailoutbox
):
    service = ServiceFactory(freelancer=freelancer.profile, title="Newsletter editing")
    outline = tmp_path / "outline.txt"
    outline.write_text("1. Lead story\n2. Events\n3. Letters\n")

    # The client sends a hire request; its message opens the thread.
    sign_in(page, live_server, client_user)
    visit(service.get_absolute_url())
    page.get_by_role("link", name="Hire Fran Freelancer").click()
    page.get_by_label("Message").fill("Please edit our weekly newsletter, about 3,000 words.")
    page.get_by_role("button", name="Send hire request").click()
    page.get_by_role("link", name="Messages about this request").click()
    check_accessibility(page, axe)
    conversation = page.get_by_role("region", name="Conversation")
    expect(conversation).to_contain_text("Please edit our weekly newsletter")

    # ...then writes in it, with a file.
    page.get_by_label("Your message").fill("Here is the outline. See https://example.org/style")
    page.get_by_label("Attach files").set_input_files(str(outline))
    page.get_by_role("button", name="Send message").click()
    expect(conversation).to_contain_text("Here is the outline.")
    expect(conversation.get_by_role("link", name="outline.txt")).to_be_visible()
    link = conversation.get_by_role("link", name="https://example.org/style")
    expect(link).to_have_attribute("rel", "nofollow ugc noopener")
    check_accessibility(page, axe)
    sign_out(page)

    # The freelancer sees one unread thread, opens it, downloads the file and replies.
    sign_in(page, live_server, freelancer)
    expect(page.locator(".inbox-link")).to_contain_text("Messages 1")
    page.locator(".inbox-link").click()
    expect(page.locator("tr.row--unread")).to_contain_text("Here is the outline.")
    check_accessibility(page, axe)
    page.locator("tr.row--unread").get_by_role(
        "link", name=re.compile("Here is the outline")
    ).click()
    with page.expect_download() as download:
        page.get_by_role("link", name="outline.txt").click()
    assert download.value.suggested_filename == "outline.txt"
    assert download.value.path().read_text() == "1. Lead story\n2. Events\n3. Letters\n"
    page.get_by_label("Your message").fill("Thanks, I can start on Monday.")
    page.get_by_role("button", name="Send message").click()
    expect(page.locator(".thread-message--mine").last).to_contain_text("Thanks, I can start")
    expect(page.locator(".inbox-link")).to_have_text("Messages")  # nothing unread now

    # The freelancer accepts and the job runs to completion.
    page.get_by_role("link", name="Request details and next steps").click()
    page.get_by_role("button", name="Accept").click()
    _complete(page, live_server, axe, freelancer, client_user)
    sign_out(page)

    # The client's thread shows the reply and each step, in order.
    sign_in(page, live_server, client_user)
    visit("/dashboard/hires/")
    page.get_by_role("link", name=re.compile("Thanks, I can start")).click()
    entries = page.get_by_role("region", name="Conversation").inner_text()
    order = [
        entries.index(s)
        for s in (
            "Requested",
            "Here is the outline",
            "Thanks, I can start",
            "Accepted",
            "Completed",
        )
    ]
    assert order == sorted(order)
    check_accessibility(page, axe)

    # Fran's reply mailed Casey; Casey's note, minutes after the request's own mail to
    # Fran, sent no second mail.
    subjects = [mail.subject for mail in mailoutbox if "New message" in mail.subject]
    assert subjects == [
        "[Freelance Marketplace] New message from Fran Freelancer about “Newsletter editing”"
    ]
