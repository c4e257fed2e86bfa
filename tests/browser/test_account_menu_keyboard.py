"""The account menu: both sides listed, opened from the keyboard, closed with Escape (the
focus back on its button), and still a working menu without JavaScript. Signing in lands
on the overview."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

BOTH_SIDES = ["My hire requests", "Requests from clients", "Services", "Portfolio articles"]


def test_the_account_menu_opens_from_the_keyboard_and_closes_with_escape(
    page, live_server, visit, freelancer
):
    csp_errors = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    sign_in(page, live_server, freelancer)
    # Signing in lands on the overview.
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()
    visit("/dashboard/")

    menu = page.locator(".account-menu")
    summary = menu.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    for name in BOTH_SIDES:
        expect(menu.get_by_role("link", name=name, exact=True)).to_be_visible()
    page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="Overview")).to_be_focused()

    page.keyboard.press("Escape")

    expect(menu).not_to_have_attribute("open", "")
    expect(menu.get_by_role("link", name="My hire requests")).to_be_hidden()
    expect(summary).to_be_focused()
    # Enter opens it again from where the focus was returned.
    page.keyboard.press("Enter")
    expect(menu.get_by_role("link", name="My hire requests")).to_be_visible()
    assert csp_errors == []


def test_a_click_elsewhere_closes_the_account_menu(page, live_server, visit, freelancer):
    sign_in(page, live_server, freelancer)
    visit("/dashboard/")
    menu = page.locator(".account-menu")
    menu.locator("summary").click()
    expect(menu.get_by_role("link", name="Requests from clients")).to_be_visible()

    page.get_by_role("heading", name="Overview", level=1).click()

    expect(menu.get_by_role("link", name="Requests from clients")).to_be_hidden()


def test_the_account_menu_works_without_javascript(
    browser, live_server, freelancer, browser_context_args
):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(5_000)
    try:
        sign_in(page, live_server, freelancer)
        menu = page.locator(".account-menu")
        menu.locator("summary").click()
        for name in BOTH_SIDES:
            expect(menu.get_by_role("link", name=name, exact=True)).to_be_visible()
        menu.get_by_role("link", name="Requests from clients").click()
        expect(page.get_by_role("heading", name="Requests from clients")).to_be_visible()
    finally:
        context.close()
