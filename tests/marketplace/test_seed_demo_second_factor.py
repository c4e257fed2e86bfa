"""The demo's staff have a second factor, and the demo prints what a newcomer needs to
sign in as them: the authenticator secret, the current code, a recovery code."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from marketplace.management.commands.seed_demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from profiles.models import User
from tests.profiles.second_factor import totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def printed(settings, django_capture_on_commit_callbacks):
    settings.SERVICES_PREMODERATION = False
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", scale=0, stdout=out)
    return out.getvalue()


def _sign_in(email, code):
    client = Client()
    client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": code})
    return client


def test_the_demo_prints_the_staffs_authenticator_secret_and_current_code(printed):
    assert DEMO_TOTP_SECRET in printed
    assert f"oathtool --totp -b {DEMO_TOTP_SECRET}" in printed
    assert re.search(r"The code right now: \d{6}", printed)


@pytest.mark.parametrize("email", ["admin@example.com", "moderator@example.com"])
def test_the_demo_staff_sign_in_with_the_printed_secret_and_reach_the_admin(printed, email):
    client = _sign_in(email, totp_code(DEMO_TOTP_SECRET))

    assert client.get(reverse("home")).context["user"].email == email
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_printed_recovery_code_signs_the_moderator_in(printed):
    code = re.search(r"recovery code for moderator@example\.com: (\S+)", printed).group(1)

    client = _sign_in("moderator@example.com", code)

    assert client.get(reverse("admin:index")).status_code == 200


def test_a_second_run_still_prints_how_staff_sign_in(printed):
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)

    assert "skipped" in out.getvalue()
    assert DEMO_TOTP_SECRET in out.getvalue()
    assert User.objects.filter(email="admin@example.com").count() == 1
