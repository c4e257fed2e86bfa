"""Real Chromium through Playwright against pytest-django's live server.

Every page a journey visits goes through `visit()` (or, for a page reached by a click,
`check_accessibility()`), which runs axe-core with the WCAG 2.2 AA and best-practice rules
at a phone's and a desktop's width and fails on any violation. The HTML of those pages goes
through the Nu Html Checker once the test is over: any error fails the test.
"""

import os
import re
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from playwright.sync_api import expect

from tests.browser.nu_checker import html_errors
from tests.profiles.second_factor import TOTP_SECRET, totp_code

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
# A phone and a desktop: every checked page is checked at both.
CHECKED_WIDTHS = (360, 1280)
# The pages the current test checked, (url, html), for the Nu Html Checker at its end.
_checked_pages: list[tuple[str, str]] = []


def _system_chromium():
    for name in (os.environ.get("CHROMIUM_PATH"), "chromium", "chromium-browser"):
        if name and (path := shutil.which(name)):
            return path
    return None  # Playwright's own build, installed by scripts/ensure-chromium


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = {**browser_type_launch_args, "headless": True, "args": CHROMIUM_ARGS}
    if path := _system_chromium():
        args["executable_path"] = path
    return args


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def visit(page, live_server, axe):
    """Open a path on the live server and check the page with axe-core."""

    def visit(path):
        response = page.goto(live_server.url + path)
        assert response.status < 500, f"{path} answered {response.status}"
        # The HTML as served, not as the browser re-serialises it.
        check_accessibility(page, axe, html=response.text())
        return response

    return visit


def check_accessibility(page, axe, html=None):
    """axe at each checked width (zero violations of any impact); the page's HTML is kept
    for the Nu Html Checker."""
    page.wait_for_load_state()  # a page reached by a click, checked once it is loaded
    _checked_pages.append((page.url, page.content() if html is None else html))
    size = page.viewport_size
    found = []
    for width in CHECKED_WIDTHS:
        page.set_viewport_size({"width": width, "height": size["height"]})
        results = axe.run(page, options=AXE_OPTIONS)
        found += [
            f"{width}px {v['id']} ({v['impact']}): {v['help']} at "
            f"{[n['target'] for n in v['nodes']]}"
            for v in results.response["violations"]
        ]
    page.set_viewport_size(size)
    assert not found, f"accessibility violations on {page.url}:\n" + "\n".join(found)


def link_in(mail):
    """The path of the first link in a captured email."""
    return re.search(r"https?://[^/\s]+(/\S+)", mail.body).group(1)


@pytest.fixture(autouse=True)
def _fresh_browser_test(page, transactional_db, page_cache):
    """Journeys run with public pages cached, as in production: each step a visitor
    takes must show what the step before it changed."""
    # A missing element should fail in seconds, not Playwright's default thirty.
    page.set_default_timeout(5_000)
    # Transactional tests commit, so rate-limit counts in the cache table would outlive
    # the test (the flush after each test empties only the models' tables).
    cache.clear()
    _checked_pages.clear()
    yield
    pages, errors = list(_checked_pages), html_errors(_checked_pages)
    _checked_pages.clear()
    assert not errors, f"Nu Html Checker errors on {len(pages)} pages:\n" + "\n".join(errors)


def sign_in(page, live_server, user, password="correct-horse-battery-staple"):
    """Sign in with the password and, for a user with an authenticator app (all staff, see
    UserFactory), the app's current code."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    if user.authenticator_set.filter(type="totp").exists():
        enter_authenticator_code(page)
    expect(page.locator(".account-menu summary")).to_be_visible()


def enter_authenticator_code(page, secret=TOTP_SECRET):
    """The second step of signing in: the code the user's authenticator app shows now."""
    expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
    page.get_by_label("Code", exact=True).fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()


def sign_out(page):
    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
