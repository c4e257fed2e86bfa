"""Staff sign in with a second factor: the admin opens only for staff who have one, and
signing in then takes a code from their authenticator app (or a recovery code). Anyone
else may turn one on."""

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from profiles.actions import moderator_appoint
from tests.profiles.factories import DEFAULT_PASSWORD, UserFactory
from tests.profiles.second_factor import TOTP_SECRET, recovery_code, totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def unenrolled_moderator(db):
    return moderator_appoint(
        user=UserFactory(email="newmod@example.com", name="Nell New", second_factor=False)
    )


def _sign_in(client, user):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}
    )


def _reauthenticate(client):
    client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})


def _signed_in_as(client):
    return client.get(reverse("home")).context["user"]


@pytest.mark.parametrize("superuser", [False, True], ids=["moderator", "superuser"])
def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, superuser):
    user = UserFactory(is_staff=True, is_superuser=superuser, second_factor=False)
    if not superuser:
        user = moderator_appoint(user=user)
    client.force_login(user)

    response = client.get(reverse("admin:index"), follow=True)

    # Setting one up first asks for the password again (allauth's reauthentication).
    assert (reverse("mfa_activate_totp"), 302) in response.redirect_chain
    assert response.status_code == 200
    page = response.content.decode()
    assert "Staff need two-factor authentication" in page
    assert "Waiting for you" not in page
    services = reverse("admin:services_service_changelist")
    assert client.get(services)["Location"].startswith(reverse("admin:login"))


def test_a_moderator_who_activates_an_authenticator_app_reaches_the_admin(
    client, unenrolled_moderator
):
    _sign_in(client, unenrolled_moderator)
    _reauthenticate(client)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(
        user=unenrolled_moderator, type=Authenticator.Type.TOTP
    ).exists()
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert "Waiting for you" in index.content.decode()


def test_an_enrolled_moderator_signs_in_with_a_code_and_reaches_the_admin(client, db):
    mod = moderator_appoint(user=UserFactory(email="mia@example.com", second_factor=True))

    response = _sign_in(client, mod)

    assert response["Location"] == reverse("mfa_authenticate")
    assert not _signed_in_as(client).is_authenticated
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SECRET)})
    assert response.status_code == 302
    assert _signed_in_as(client) == mod
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_wrong_code_does_not_sign_staff_in(client, db):
    mod = moderator_appoint(user=UserFactory(email="mia@example.com", second_factor=True))
    _sign_in(client, mod)
    right = totp_code(TOTP_SECRET)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    response = client.post(reverse("mfa_authenticate"), {"code": wrong})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not _signed_in_as(client).is_authenticated


def test_a_recovery_code_signs_staff_in_once(db):
    mod = moderator_appoint(user=UserFactory(email="mia@example.com", second_factor=True))
    code = recovery_code(mod)

    first = Client()
    _sign_in(first, mod)
    first.post(reverse("mfa_authenticate"), {"code": code})
    again = Client()
    _sign_in(again, mod)
    again.post(reverse("mfa_authenticate"), {"code": code})

    assert _signed_in_as(first) == mod
    assert not _signed_in_as(again).is_authenticated


def test_a_password_alone_never_reaches_the_admin_of_enrolled_staff(client, db):
    mod = moderator_appoint(user=UserFactory(email="mia@example.com", second_factor=True))
    _sign_in(client, mod)

    response = client.get(reverse("admin:index"), follow=True)

    assert "Waiting for you" not in response.content.decode()
    assert not _signed_in_as(client).is_authenticated


def test_anyone_may_turn_on_an_authenticator_app(client, client_user):
    client.force_login(client_user)

    index = client.get(reverse("mfa_index"))
    assert index.status_code == 200
    assert b'class="site-header"' in index.content
    assert b'class="card panel"' in index.content
    _reauthenticate(client)
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    client.logout()

    assert _sign_in(client, client_user)["Location"] == reverse("mfa_authenticate")


def test_a_user_without_a_second_factor_signs_in_with_the_password_alone(client, client_user):
    response = _sign_in(client, client_user)

    assert response.status_code == 302
    assert _signed_in_as(client) == client_user


def test_the_second_factor_pages_wear_the_site_design(client, db):
    mod = moderator_appoint(user=UserFactory(email="mia@example.com", second_factor=True))
    _sign_in(client, mod)

    page = client.get(reverse("mfa_authenticate"))

    assert page.status_code == 200
    assert b'class="site-header"' in page.content
    assert b"auth-page" in page.content
