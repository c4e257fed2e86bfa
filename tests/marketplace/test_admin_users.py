"""Deactivating accounts in the admin: the user is signed out and cannot sign in again; staff
accounts are protected."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import constants
from django.test import Client
from django.urls import reverse

from profiles.models import User
from tests.marketplace.moderation import REASON, appoint, changelist_url, decide, messages_of
from tests.profiles.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_a_deactivated_user_cannot_sign_in_and_their_profile_disappears(
    mod_client, visitor, freelancer
):
    signed_in = Client()
    signed_in.force_login(freelancer)
    assert signed_in.get(reverse("home")).context["user"] == freelancer
    assert visitor.get(freelancer.profile.get_absolute_url()).status_code == 200

    response = decide(mod_client, User, "deactivate", [freelancer])

    assert response.status_code == 302
    freelancer.refresh_from_db()
    assert not freelancer.is_active
    assert visitor.get(freelancer.profile.get_absolute_url()).status_code == 404
    # The session they had ends with their next request.
    assert not signed_in.get(reverse("home")).context["user"].is_authenticated
    login = visitor.post(
        reverse("account_login"), {"login": "fran@example.com", "password": DEFAULT_PASSWORD}
    )
    assert login.status_code == 302
    assert login["Location"] == reverse("account_inactive")
    assert not visitor.get(reverse("home")).context["user"].is_authenticated


def test_an_active_user_signs_in_with_the_same_form(visitor, freelancer):
    """The other side of the test above: the login it posts works for an active user."""
    login = visitor.post(
        reverse("account_login"), {"login": "fran@example.com", "password": DEFAULT_PASSWORD}
    )

    assert login.status_code == 302
    assert login["Location"] == reverse("profiles:dashboard")
    assert visitor.get(reverse("home")).context["user"] == freelancer


def test_a_moderator_cannot_deactivate_staff_or_themselves(mod_client, mod):
    colleague = appoint("max@example.com", "Max Moderator")
    root = UserFactory(email="root@example.com", is_staff=True, is_superuser=True)

    response = mod_client.post(
        changelist_url(User),
        {
            "action": "deactivate",
            "index": "0",
            "_selected_action": [colleague.pk, root.pk, mod.pk],
            "apply": "1",
            "reason": REASON,
        },
        follow=True,
    )

    assert response.status_code == 200
    assert sorted(messages_of(response)) == [
        ("max@example.com: Only a superuser can deactivate a staff account.", constants.WARNING),
        ("mia@example.com: You cannot deactivate your own account.", constants.WARNING),
        ("root@example.com: Only a superuser can deactivate a staff account.", constants.WARNING),
    ]
    assert User.objects.filter(pk__in=[colleague.pk, root.pk, mod.pk], is_active=True).count() == 3
    assert LogEntry.objects.count() == 0
