"""Sign-ups of one new address at the same instant answer exactly as sequential ones do:
the same redirect for all, one account, a mail to the address, never a 500."""

import re
import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from profiles.models import User

PASSWORD = "a-long-new-passphrase-42"
ATTEMPTS = 5


def _data(email):
    return {"name": "Rae Racer", "email": email, "password1": PASSWORD, "password2": PASSWORD}


def _sign_up(email, barrier, results, index):
    try:
        client = Client(raise_request_exception=False)
        barrier.wait()
        response = client.post(reverse("account_signup"), _data(email))
        results[index] = (response.status_code, response.get("Location"))
    finally:
        connection.close()


def _calm(email):
    return re.sub("race", "calm", email, flags=re.IGNORECASE)


def _sign_ups_at_once(emails):
    barrier = threading.Barrier(len(emails))
    results = [None] * len(emails)
    threads = [
        threading.Thread(target=_sign_up, args=(email, barrier, results, index))
        for index, email in enumerate(emails)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _sign_ups_one_after_another(emails):
    answers = []
    for email in emails:
        response = Client().post(reverse("account_signup"), _data(email))
        answers.append((response.status_code, response.get("Location")))
    return answers


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "spellings", [["race@example.com"], ["race@example.com", "RACE@example.com"]], ids=str
)
def test_concurrent_sign_ups_of_one_address_answer_as_sequential_ones(spellings, mailoutbox):
    # Transactional tests commit: rate-limit counts in the cache table would outlive them.
    cache.clear()
    emails = (spellings * ATTEMPTS)[:ATTEMPTS]
    # The same sign-ups one after another, of another new address spelled the same ways.
    sequential = _sign_ups_one_after_another([_calm(email) for email in emails])
    sequential_mail = [(m.to[0].lower(), m.subject) for m in mailoutbox]
    mailoutbox.clear()

    concurrent = _sign_ups_at_once(emails)

    assert concurrent == sequential == [(302, reverse("account_email_verification_sent"))] * 5
    assert User.objects.filter(email__iexact="race@example.com").count() == 1
    # One mail, the new account's confirmation: the others fall in its cooldown, as
    # sequential sign-ups of a taken address do.
    assert [(_calm(m.to[0].lower()), m.subject) for m in mailoutbox] == sequential_mail
    assert len(sequential_mail) == 1
    assert "Confirm" in sequential_mail[0][1]


@pytest.mark.django_db
def test_a_sign_up_that_loses_the_race_answers_like_a_taken_address(
    client, client_user, mailoutbox, monkeypatch
):
    """The address is taken between the form's check and the insert."""
    from allauth.account.internal.flows import manage_email

    monkeypatch.setattr(manage_email, "email_already_exists", lambda email, **kw: (email, False))

    response = client.post(reverse("account_signup"), _data(client_user.email.upper()))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email__iexact=client_user.email).count() == 1
    assert client.get(response["Location"]).status_code == 200
