"""Leaving in real Chromium: a freelancer deletes her account from account settings after
typing her password; her client finds the request cancelled, reads the thread under
"Former member", and stops hire request mail with the link in the mail, signed out."""

import re

import pytest
from playwright.sync_api import expect

from profiles.models import User
from tests.browser.conftest import check_accessibility, sign_in, sign_out
from tests.services.factories import ServiceFactory, engagement_in

pytestmark = pytest.mark.django_db(transaction=True)


def unsubscribe_path(mail) -> str:
    return re.search(r"https?://[^/\s]+(/mail/unsubscribe/\S+)", mail.body).group(1)


def test_a_freelancer_deletes_her_account_and_the_client_unsubscribes(
    page, live_server, visit, axe, freelancer, client_user, mailoutbox
):
    service = ServiceFactory(freelancer=freelancer.profile, title="Newsletter editing")
    hire = engagement_in("requested", service=service, client=client_user)

    sign_in(page, live_server, freelancer)
    visit("/dashboard/account/")
    page.get_by_role("link", name="Delete your account").click()
    expect(page.get_by_role("heading", name="Delete your account")).to_be_visible()
    check_accessibility(page, axe)
    # The policy is one click away, and back.
    page.get_by_role("link", name="What deleting an account removes and what stays").click()
    expect(page.get_by_role("heading", name="Deleting your account")).to_be_visible()
    check_accessibility(page, axe)
    page.go_back()

    page.get_by_label("Your password").fill("not-my-password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("alert")).to_contain_text("That is not your password.")
    check_accessibility(page, axe)
    page.get_by_label("Your password").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("heading", name="Your account is deleted")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    check_accessibility(page, axe)

    # Her address no longer signs in.
    visit("/accounts/login/")
    page.get_by_label("Email").fill("fran@example.com")
    page.get_by_label("Password").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator(".account-menu summary")).to_have_count(0)

    # The client was told; the request is cancelled and the thread reads "Former member".
    [told] = [mail for mail in mailoutbox if mail.to == ["casey@example.com"]]
    assert "deleted their account" in told.subject
    sign_in(page, live_server, client_user)
    visit(f"/dashboard/hires/{hire.pk}/messages/")
    expect(page.get_by_text("deleted their account, so this conversation")).to_be_visible()
    expect(page.get_by_role("region", name="Conversation")).to_contain_text("Cancelled")
    visit(hire.get_absolute_url())
    expect(page.locator(".badge--cancelled").first).to_have_text("Cancelled")
    expect(page.get_by_text("Removed service").first).to_be_visible()
    sign_out(page)

    # Signed out, the link in the mail stops hire request mail.
    visit(unsubscribe_path(told))
    expect(page.get_by_role("heading", name="Stop mail about hire requests?")).to_be_visible()
    page.get_by_role("button", name="Stop this mail").click()
    expect(
        page.get_by_role("heading", name="You will get no more mail about hire requests")
    ).to_be_visible()
    check_accessibility(page, axe)
    casey = User.objects.get(pk=client_user.pk)
    assert (casey.hire_mail, casey.message_mail) == (False, True)
