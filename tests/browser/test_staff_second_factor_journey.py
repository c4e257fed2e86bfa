"""Staff and their second factor, in a real browser: a new moderator is sent from the
admin to set up an authenticator app, and from then on signs in with its code."""

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from profiles.actions import moderator_appoint
from tests.browser.conftest import check_accessibility, enter_authenticator_code, sign_out
from tests.profiles.factories import DEFAULT_PASSWORD, UserFactory
from tests.profiles.second_factor import totp_code

pytestmark = pytest.mark.django_db(transaction=True)


def _password_step(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_a_new_moderator_sets_up_an_authenticator_app_then_signs_in_with_its_code(
    page, live_server, axe
):
    moderator = moderator_appoint(
        user=UserFactory(email="nell@example.com", name="Nell New", second_factor=False)
    )

    # Signed in with the password alone, the admin sends them to set up an app first,
    # after confirming the password once more.
    _password_step(page, live_server, moderator)
    expect(page.locator(".account-menu summary")).to_have_text("Nell New")
    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_text("Staff need two-factor authentication")).to_be_visible()
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Activate Authenticator App")).to_be_visible()
    expect(page.locator("img.qr-code")).to_be_visible()
    check_accessibility(page, axe)

    # The app on their phone is given the secret the page shows, and answers with a code.
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    check_accessibility(page, axe)
    assert Authenticator.objects.filter(user=moderator, type="totp").exists()

    page.goto(f"{live_server.url}/admin/")
    expect(page.locator(".moderation-queues")).to_be_visible()
    page.goto(f"{live_server.url}/")
    sign_out(page)

    # From now on the password alone does not sign them in: the app's code does.
    _password_step(page, live_server, moderator)
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    check_accessibility(page, axe)
    enter_authenticator_code(page, secret)
    expect(page.locator(".account-menu summary")).to_have_text("Nell New")
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator(".moderation-queues")).to_be_visible()
