"""A suspended or unpublished service leaves every public page at once (its page, the
freelancer's profile with its reviews and rating, search, skill pages, the sitemap) and
comes back with all of them on restore. The profile's rating counts only the reviews of
published services, recounted in the transaction of the service's move."""

from decimal import Decimal

import pytest
from django.urls import reverse

from profiles.models import Profile
from reviews import actions as review_actions
from services import actions
from services.models import Service
from tests.profiles.factories import SkillFactory
from tests.reviews.factories import review_publish
from tests.services.factories import ServiceFactory
from tests.sitemaps import section_locs

pytestmark = pytest.mark.django_db


@pytest.fixture
def gigs(freelancer, client_user):
    """Fran's two published services, each reviewed once: 5 stars for the features,
    1 star for the spam-prone one that staff will suspend."""
    features = ServiceFactory(
        freelancer=freelancer.profile,
        title="Long-form features",
        skills=[SkillFactory(name="Feature Writing")],
    )
    lurid = ServiceFactory(
        freelancer=freelancer.profile,
        title="Lurid clickbait headlines",
        skills=[SkillFactory(name="Clickbait")],
    )
    review_publish(service=features, rating=5, text="Superb features, well sourced.")
    review_publish(service=lurid, rating=1, text="Shameless clickbait, avoid.")
    return features, lurid


def _profile(freelancer) -> Profile:
    return Profile.objects.get(pk=freelancer.profile.pk)


def _public_pages(client, freelancer, lurid) -> dict[str, str | int]:
    """What an anonymous visitor sees of the lurid service on each public page."""
    profile_page = client.get(freelancer.profile.get_absolute_url()).content.decode()
    return {
        "service page": client.get(lurid.get_absolute_url()).status_code,
        "profile links it": lurid.get_absolute_url() in profile_page,
        "profile shows its review": "Shameless clickbait" in profile_page,
        "search": lurid.get_absolute_url()
        in client.get("/services/", {"q": "clickbait"}).content.decode(),
        "skill page": client.get(
            reverse("profiles:skill", kwargs={"slug": "clickbait"})
        ).status_code,
        "sitemap": any(lurid.slug in loc for loc in section_locs(client, "services")),
    }


PUBLIC = {
    "service page": 200,
    "profile links it": True,
    "profile shows its review": True,
    "search": True,
    "skill page": 200,
    "sitemap": True,
}
GONE = {
    "service page": 404,
    "profile links it": False,
    "profile shows its review": False,
    "search": False,
    "skill page": 404,
    "sitemap": False,
}


def test_a_suspended_service_leaves_every_public_page_and_comes_back_on_restore(
    client, freelancer, moderator, gigs
):
    _features, lurid = gigs
    assert _public_pages(client, freelancer, lurid) == PUBLIC

    actions.service_suspend(service=lurid, moderator=moderator, note="Clickbait.")
    assert _public_pages(client, freelancer, lurid) == GONE

    actions.service_restore(service=lurid, moderator=moderator)
    assert _public_pages(client, freelancer, lurid) == PUBLIC


def test_a_suspension_recounts_the_profiles_rating_in_its_transaction(freelancer, moderator, gigs):
    _features, lurid = gigs
    assert (_profile(freelancer).rating_average, _profile(freelancer).review_count) == (
        Decimal("3.00"),
        2,
    )

    actions.service_suspend(service=lurid, moderator=moderator, note="Clickbait.")
    assert (_profile(freelancer).rating_average, _profile(freelancer).review_count) == (
        Decimal("5.00"),
        1,
    )

    actions.service_restore(service=lurid, moderator=moderator)
    assert _profile(freelancer).review_count == 2


def test_the_profile_page_shows_the_rating_of_public_services_only(
    client, freelancer, moderator, gigs
):
    _features, lurid = gigs
    actions.service_suspend(service=lurid, moderator=moderator, note="Clickbait.")

    html = client.get(freelancer.profile.get_absolute_url()).content.decode()

    assert "1 review" in html
    assert "2 reviews" not in html
    assert "Superb features" in html


@pytest.mark.parametrize("move", ["withdraw", "back_to_review"])
def test_an_unpublished_service_takes_its_reviews_off_the_profile(
    client, freelancer, moderator, gigs, move
):
    _features, lurid = gigs
    if move == "withdraw":
        actions.service_withdraw(service=lurid)
    else:
        actions.service_update(
            service=lurid, data={"title": "Calmer headlines"}, premoderation=True
        )

    assert Service.objects.get(pk=lurid.pk).status != Service.Status.PUBLISHED
    assert _public_pages(client, freelancer, lurid) == GONE
    assert _profile(freelancer).review_count == 1

    if move == "withdraw":
        actions.service_submit(service=lurid, premoderation=False)
    else:
        actions.service_approve(service=lurid, moderator=moderator)
    assert _public_pages(client, freelancer, lurid) == PUBLIC
    assert _profile(freelancer).review_count == 2


def test_the_ratings_recount_counts_a_profile_over_its_published_services(
    freelancer, moderator, gigs
):
    _features, lurid = gigs
    Service.objects.filter(pk=lurid.pk).update(status=Service.Status.SUSPENDED)

    drifts = review_actions.ratings_recompute_all()

    assert [drift.row for drift in drifts] == [f"profiles.Profile {freelancer.profile.pk}"]
    assert _profile(freelancer).rating_average == Decimal("5.00")


def test_a_review_change_on_a_suspended_service_leaves_the_profile_rating_alone(
    freelancer, moderator, gigs
):
    _features, lurid = gigs
    actions.service_suspend(service=lurid, moderator=moderator, note="Clickbait.")
    review = lurid.reviews.get()

    review_actions.review_hide(review=review, moderator=moderator, reason="Rude.")

    assert (_profile(freelancer).rating_average, _profile(freelancer).review_count) == (
        Decimal("5.00"),
        1,
    )
