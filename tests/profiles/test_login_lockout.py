"""Failed sign-ins stop the guesser, not the owner: they count per account and client
address, under a looser ceiling per account, and a sign-in code mailed to the owner gets
them in even past the ceiling (profiles/adapters.py)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.profiles.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"


def _from(address):
    return Client(REMOTE_ADDR=address)


def _sign_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _signed_in_as(client):
    return client.get(reverse("home")).context["user"]


def test_wrong_passwords_from_one_address_do_not_stop_the_owner_at_another(client_user):
    attacker = _from(ATTACKER)
    for _ in range(5):
        assert _sign_in(attacker, client_user.email, "guess").status_code == 200

    owner = _from(OWNER)
    response = _sign_in(owner, client_user.email, DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert _signed_in_as(owner) == client_user


def test_the_guessing_address_is_stopped_even_with_the_right_password(client_user):
    attacker = _from(ATTACKER)
    for _ in range(5):
        _sign_in(attacker, client_user.email, "guess")

    response = _sign_in(attacker, client_user.email, DEFAULT_PASSWORD)

    assert response.status_code == 200
    assert b"Too many failed attempts" in response.content
    assert not _signed_in_as(attacker).is_authenticated


def test_the_owners_successful_sign_ins_do_not_count_as_failures(client_user):
    owner = _from(OWNER)
    for _ in range(4):
        _sign_in(owner, client_user.email, "typo")
    _sign_in(owner, client_user.email, DEFAULT_PASSWORD)
    owner.logout()

    response = _sign_in(owner, client_user.email, DEFAULT_PASSWORD)

    assert response.status_code == 302


def _guess_from_many_addresses(email, count, first=0):
    """`count` wrong passwords, five from each address (within its own limit)."""
    for n in range(first, first + count):
        _sign_in(_from(f"192.0.2.{n // 5 + 1}"), email, "guess")


def test_past_the_ceiling_no_address_signs_in_with_a_password(client_user):
    """Distributed guessing is bounded per account: 50 failures an hour, from anywhere."""
    _guess_from_many_addresses(client_user.email, 49)
    assert _sign_in(_from(OWNER), client_user.email, DEFAULT_PASSWORD).status_code == 302

    _guess_from_many_addresses(client_user.email, 1, first=49)
    fresh = _from("198.51.100.99")
    response = _sign_in(fresh, client_user.email, DEFAULT_PASSWORD)

    assert response.status_code == 200
    assert b"Too many failed attempts" in response.content
    assert not _signed_in_as(fresh).is_authenticated


def test_past_the_ceiling_the_owner_signs_in_with_a_mailed_code(client_user, mailoutbox):
    _guess_from_many_addresses(client_user.email, 50)
    owner = _from(OWNER)

    response = owner.post(reverse("account_request_login_code"), {"email": client_user.email})
    assert response.status_code == 302
    [mail] = mailoutbox
    assert mail.to == [client_user.email]
    code = re.search(r"^([A-Z0-9-]{6,})$", mail.body, re.M).group(1)
    response = owner.post(reverse("account_confirm_login_code"), {"code": code})

    assert response.status_code == 302
    assert _signed_in_as(owner) == client_user


def test_the_login_page_offers_a_mailed_code(client):
    page = client.get(reverse("account_login")).content.decode()

    assert reverse("account_request_login_code") in page
