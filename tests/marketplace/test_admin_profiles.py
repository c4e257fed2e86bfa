"""Moderating freelancers in the admin: suspend, restore, export; their profile and services
follow at once."""

from decimal import Decimal

import pytest

from profiles.models import Profile
from tests.marketplace.moderation import (
    act,
    csv_rows,
    decide,
    loc,
    public_titles,
    published_service,
    sitemap_locs,
)
from tests.profiles.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def test_suspending_a_freelancer_hides_their_profile_and_every_service_at_once(
    mod_client, visitor, freelancer, other_freelancer
):
    profile = freelancer.profile
    first = published_service(freelancer, "Zeppelin history features")
    second = published_service(freelancer, "Airship photo essays")
    olgas = published_service(other_freelancer, "Balloon race reports")
    assert visitor.get(profile.get_absolute_url()).status_code == 200
    assert visitor.get(first.get_absolute_url()).status_code == 200
    assert public_titles(visitor) == {
        "Zeppelin history features",
        "Airship photo essays",
        "Balloon race reports",
    }

    response = decide(mod_client, Profile, "suspend", [profile])

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.status == Profile.Status.SUSPENDED
    assert visitor.get(profile.get_absolute_url()).status_code == 404
    assert visitor.get(first.get_absolute_url()).status_code == 404
    assert visitor.get(second.get_absolute_url()).status_code == 404
    assert public_titles(visitor) == {"Balloon race reports"}
    assert public_titles(visitor, "zeppelin") == set()
    assert sitemap_locs(visitor, "services") == {loc(olgas)}
    assert sitemap_locs(visitor, "freelancers") == {loc(other_freelancer.profile)}


def test_a_suspended_freelancer_leaves_sitemaps_already_served(
    mod_client, visitor, freelancer, other_freelancer
):
    service = published_service(freelancer)
    assert sitemap_locs(visitor, "services") == {loc(service)}
    assert sitemap_locs(visitor, "freelancers") == {
        loc(freelancer.profile),
        loc(other_freelancer.profile),
    }

    decide(mod_client, Profile, "suspend", [freelancer.profile])

    assert sitemap_locs(visitor, "services") == set()
    assert sitemap_locs(visitor, "freelancers") == {loc(other_freelancer.profile)}


def test_restoring_a_freelancer_brings_back_their_profile_and_services(
    mod_client, visitor, freelancer
):
    profile = freelancer.profile
    service = published_service(freelancer)
    decide(mod_client, Profile, "suspend", [profile])
    assert visitor.get(profile.get_absolute_url()).status_code == 404

    response = act(mod_client, Profile, "restore", [profile])

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.status == Profile.Status.ACTIVE
    assert visitor.get(profile.get_absolute_url()).status_code == 200
    assert visitor.get(service.get_absolute_url()).status_code == 200
    assert public_titles(visitor, "zeppelin") == {"Zeppelin history features"}
    assert sitemap_locs(visitor, "services") == {loc(service)}
    assert sitemap_locs(visitor, "freelancers") == {loc(profile)}


def test_exporting_selected_freelancers_gives_a_csv_attachment_of_exactly_those(
    mod_client, freelancer, other_freelancer
):
    fran = freelancer.profile
    Profile.objects.filter(pk=fran.pk).update(
        headline="Features and news", city="Leeds", country="UK", hourly_rate=Decimal("45")
    )
    olga = other_freelancer.profile
    Profile.objects.filter(pk=olga.pk).update(
        display_name="@SUM(A1:A9)", headline="+44 1234", city="", country="", hourly_rate=None
    )
    ProfileFactory(display_name="Not selected")
    fran.refresh_from_db()
    olga.refresh_from_db()

    response = act(mod_client, Profile, "export_csv", [olga, fran])

    assert response["Content-Disposition"].startswith('attachment; filename="freelancers-')
    assert csv_rows(response) == [
        [
            "id",
            "name",
            "email",
            "url",
            "headline",
            "location",
            "hourly rate",
            "availability",
            "status",
            "rating",
            "reviews",
            "joined",
        ],
        [
            str(fran.pk),
            "Fran Freelancer",
            "fran@example.com",
            "http://testserver/freelancers/fran-freelancer/",
            "Features and news",
            "Leeds, UK",
            "45.00",
            "Available",
            "Active",
            "0.00",
            "0",
            fran.created_at.date().isoformat(),
        ],
        [
            str(olga.pk),
            "'@SUM(A1:A9)",
            "olga@example.com",
            "http://testserver/freelancers/olga-other/",
            "'+44 1234",
            "",
            "",
            "Available",
            "Active",
            "0.00",
            "0",
            olga.created_at.date().isoformat(),
        ],
    ]
