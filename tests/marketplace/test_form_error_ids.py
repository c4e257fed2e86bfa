"""WCAG 2.2 on forms that failed, ours and allauth's: every id on the page is unique (each
field's error block has its own, which the field names), and the page has exactly one
alert region, the form's error summary."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from tests.profiles.forms import profile_data
from tests.services.forms import service_data

pytestmark = pytest.mark.django_db


def _check(html):
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [name for name, count in ids.items() if count > 1] == []
    assert html.count('role="alert"') == 1
    errors = re.findall(r'id="([^"]+_error)"', html)
    assert errors, "no field error on the page"
    for error in errors:
        assert re.search(rf'aria-describedby="[^"]*\b{re.escape(error)}\b', html), error


def test_a_failed_service_form(client, freelancer):
    client.force_login(freelancer)

    response = client.post(
        reverse("services:dashboard_create"), service_data(title="", hourly_rate="0")
    )

    _check(response.content.decode())


def test_a_failed_profile_form(client, freelancer):
    client.force_login(freelancer)

    response = client.post(reverse("profiles:edit"), profile_data(display_name=""))

    _check(response.content.decode())


def test_a_failed_sign_up(client):
    response = client.post(
        reverse("account_signup"),
        {"name": "", "email": "not-an-address", "password1": "x", "password2": "y"},
    )

    _check(response.content.decode())
