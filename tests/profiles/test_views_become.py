"""Becoming a freelancer: the profile it creates, its slug, its errors."""

import pytest
from django.urls import reverse

from profiles.models import Profile
from tests.profiles.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_becoming_a_freelancer_creates_a_profile_with_a_slug_from_the_name(client, stranger):
    client.force_login(stranger)

    response = client.post(
        reverse("profiles:create"),
        {"display_name": "Sam Stranger", "headline": "Copy editor"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("profiles:edit")
    profile = Profile.objects.get(user=stranger)
    assert profile.slug == "sam-stranger"
    assert profile.display_name == "Sam Stranger"
    assert profile.headline == "Copy editor"
    assert profile.status == Profile.Status.ACTIVE


def test_second_freelancer_with_the_same_name_gets_another_slug(client, stranger):
    namesake = UserFactory(email="sam2@example.com", name="Sam Stranger")
    for user in (stranger, namesake):
        client.force_login(user)
        client.post(reverse("profiles:create"), {"display_name": "Sam Stranger"})

    assert Profile.objects.get(user=stranger).slug == "sam-stranger"
    assert Profile.objects.get(user=namesake).slug == "sam-stranger-2"


def test_becoming_a_freelancer_without_a_name_shows_the_error_and_saves_nothing(client, stranger):
    client.force_login(stranger)

    response = client.post(reverse("profiles:create"), {"display_name": "", "headline": "x"})

    assert response.status_code == 200
    assert "display_name" in response.context["form"].errors
    assert not Profile.objects.filter(user=stranger).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_freelancer_opening_become_a_freelancer_is_sent_to_edit(fran, freelancer, method):
    response = getattr(fran, method)(reverse("profiles:create"), {"display_name": "Fran Again"})

    assert response.status_code == 302
    assert response["Location"] == reverse("profiles:edit")
    assert Profile.objects.get(user=freelancer).display_name == "Fran Freelancer"
