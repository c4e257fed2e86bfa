import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, link_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-browser-passphrase-7"


def test_visitor_signs_up_confirms_the_email_and_logs_in(page, visit, axe, mailoutbox):
    visit("/")
    page.get_by_role("link", name="Sign up").first.click()
    expect(page.get_by_role("heading", name="Sign Up")).to_be_visible()
    check_accessibility(page, axe)

    page.get_by_label("Display name").fill("Nova Newcomer")
    page.get_by_label("Email").fill("newcomer@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    check_accessibility(page, axe)

    visit(link_in(mailoutbox[-1]))
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    check_accessibility(page, axe)

    page.get_by_label("Email").fill("newcomer@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.locator(".account-menu summary")).to_have_text("Nova Newcomer")
    check_accessibility(page, axe)

    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
