"""Profiles with the values a directory test asserts on, and what the directory shows."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from profiles.models import Profile
from tests.profiles.factories import ProfileFactory

DIRECTORY_URL = "/freelancers/"


def listed_profile(name, *, headline="", days=0, skills=(), **fields):
    """A public profile with the values a test asserts on passed in explicitly, created
    `days` ago (the newest sort's order)."""
    fields.setdefault("about", "Plain about text.")
    fields.setdefault("hourly_rate", Decimal("30"))
    profile = ProfileFactory(display_name=name, headline=headline, skills=list(skills), **fields)
    Profile.objects.filter(pk=profile.pk).update(created_at=timezone.now() - timedelta(days=days))
    return profile


def listed_names(response):
    """Names of the profiles the directory lists, in order: its `results`."""
    return [profile.display_name for profile in response.context["results"].page.object_list]


def result_total(response):
    return response.context["results"].total
