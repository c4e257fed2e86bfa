"""Accounts through allauth: sign up, confirm, log in and out, reset, and their defences."""

import re

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.urls import reverse

from profiles.models import User
from tests.profiles.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-new-passphrase-42"


def _link_in(mail):
    return re.search(r"https?://[^/\s]+(/\S+)", mail.body).group(1)


def _sign_up(client, email, password=NEW_PASSWORD):
    return client.post(
        reverse("account_signup"),
        {"name": "Nova Newcomer", "email": email, "password1": password, "password2": password},
    )


def test_sign_up_confirm_log_in_and_log_out(client, mailoutbox):
    response = _sign_up(client, "new@example.com")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not client.get(reverse("home")).context["user"].is_authenticated
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new@example.com"]

    confirm_url = _link_in(mailoutbox[0])
    assert client.get(confirm_url).status_code == 200
    response = client.post(confirm_url)
    assert response.status_code == 302

    response = client.post(
        reverse("account_login"),
        {"login": "NEW@example.com", "password": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("profiles:dashboard")
    page = client.get(reverse("home"))
    assert page.context["user"].email == "new@example.com"
    assert b"Sign out" in page.content

    client.post(reverse("account_logout"))
    assert not client.get(reverse("home")).context["user"].is_authenticated


def test_unconfirmed_user_cannot_log_in(client, mailoutbox):
    _sign_up(client, "pending@example.com")
    client.logout()

    response = client.post(
        reverse("account_login"),
        {"login": "pending@example.com", "password": NEW_PASSWORD},
    )

    assert response["Location"] == reverse("account_email_verification_sent")
    assert not client.get(reverse("home")).context["user"].is_authenticated


def test_sign_up_with_a_bad_password_shows_the_error_next_to_the_field(client):
    response = _sign_up(client, "weak@example.com", password="123")

    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
    assert b'class="field field--error"' in response.content
    assert not User.objects.filter(email="weak@example.com").exists()


def test_password_reset_sets_a_new_password(client, client_user, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": client_user.email})

    assert len(mailoutbox) == 1
    reset_url = client.get(_link_in(mailoutbox[0]), follow=True).redirect_chain[-1][0]
    response = client.post(reset_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    client_user.refresh_from_db()
    assert client_user.check_password(NEW_PASSWORD)


def test_password_change_for_a_signed_in_user(client, client_user):
    client.force_login(client_user)

    client.post(
        reverse("account_change_password"),
        {
            "oldpassword": DEFAULT_PASSWORD,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    client_user.refresh_from_db()
    assert client_user.check_password(NEW_PASSWORD)


def test_email_change_page_is_in_the_site_design(client, client_user):
    client.force_login(client_user)

    response = client.get(reverse("account_email"))

    assert response.status_code == 200
    assert b'class="site-header"' in response.content
    assert client_user.email.encode() in response.content


def test_password_reset_answers_the_same_for_known_and_unknown_email(client, client_user):
    known = client.post(reverse("account_reset_password"), {"email": client_user.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_sign_up_with_a_taken_email_looks_like_a_new_sign_up(client, client_user, mailoutbox):
    taken = _sign_up(client, client_user.email)
    client.logout()
    fresh = _sign_up(client, "fresh@example.com")

    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    assert User.objects.filter(email=client_user.email).count() == 1
    # The owner of the address is told instead, so nothing leaks to the visitor.
    assert mailoutbox[0].to == [client_user.email]


def test_failed_logins_for_a_known_and_an_unknown_email_read_the_same(client, client_user):
    known = client.post(
        reverse("account_login"), {"login": client_user.email, "password": "wrong"}
    )
    unknown = client.post(
        reverse("account_login"), {"login": "nobody@example.com", "password": "wrong"}
    )

    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors


def test_repeated_failed_logins_stop_that_address_for_a_while(client, client_user):
    """From other addresses the owner still signs in: tests/profiles/test_login_lockout.py."""
    for _ in range(5):
        client.post(reverse("account_login"), {"login": client_user.email, "password": "wrong"})

    response = client.post(
        reverse("account_login"),
        {"login": client_user.email, "password": DEFAULT_PASSWORD},
    )

    assert response.status_code == 200
    assert b"Too many failed attempts" in response.content


def test_login_is_rate_limited_per_address_with_a_designed_429(client):
    for _ in range(30):
        client.post(reverse("account_login"), {"login": "x@example.com", "password": "x"})

    response = client.post(reverse("account_login"), {"login": "x@example.com", "password": "x"})

    assert response.status_code == 429
    assert b"Too many requests" in response.content
    assert b'class="site-header"' in response.content


def test_sign_up_is_rate_limited(client):
    for n in range(10):
        _sign_up(client, f"bulk{n}@example.com")
        client.logout()

    assert _sign_up(client, "one-more@example.com").status_code == 429


def test_password_reset_is_rate_limited_per_email(client, client_user):
    for _ in range(3):
        client.post(reverse("account_reset_password"), {"email": client_user.email})

    response = client.post(reverse("account_reset_password"), {"email": client_user.email})

    assert response.status_code == 429


def test_rate_limits_are_counted_in_the_shared_database_cache(client, client_user):
    for _ in range(3):
        client.post(reverse("account_reset_password"), {"email": client_user.email})
    limited = client.post(reverse("account_reset_password"), {"email": client_user.email})

    caches["default"].clear()
    after_clear = client.post(reverse("account_reset_password"), {"email": client_user.email})

    # The limit lives in the default cache, which is the database, shared by every process.
    assert isinstance(caches["default"], DatabaseCache)
    assert limited.status_code == 429
    assert after_clear.status_code != 429


def test_admin_login_goes_through_the_rate_limited_login(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_reach_the_admin_after_signing_in(client, moderator):
    client.force_login(moderator)

    assert client.get(reverse("admin:index")).status_code == 200


def test_a_signed_in_user_who_is_not_staff_cannot_use_the_admin(client, stranger):
    client.force_login(stranger)

    response = client.get(reverse("admin:index"), follow=True)

    assert b"Site administration" not in response.content


def test_login_page_wears_the_site_design(client):
    response = client.get(reverse("account_login"))

    assert b'class="site-header"' in response.content
    assert b"/static/css/site.css" in response.content


def test_unknown_user_factory_email_is_verified_by_default():
    user = UserFactory()

    assert user.emailaddress_set.get().verified
