"""The rating kept on the profile row, recounted by every review change and service move."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, QuerySet, Sum

from common.locks import NO_KEY_UPDATE, lock_rows
from profiles.models import Profile

TWO_PLACES = Decimal("0.01")


def rating_figures(reviews: QuerySet) -> tuple[Decimal, int]:
    """(average to two places, count) of the visible ones of `reviews` (a reverse
    relation: service.reviews or profile.reviews), in one query."""
    # Summed as integers and divided as Decimals: a float average would round x.xx5 down.
    figures = reviews.visible().aggregate(total=Sum("rating"), count=Count("id"))
    if not figures["count"]:
        return Decimal("0.00"), 0
    average = Decimal(figures["total"]) / figures["count"]
    return average.quantize(TWO_PLACES, rounding=ROUND_HALF_UP), figures["count"]


def profile_rating_reviews(profile: Profile) -> QuerySet:
    """The reviews a freelancer's profile shows and counts: those of their published
    services (a suspended, withdrawn or pending service's reviews leave with it)."""
    return profile.reviews.of_published_services()


def profile_ratings_recount(*, profile_id: int) -> Profile:
    """Recount the freelancer's rating (visible reviews of published services only) into
    their profile row, and return it. The row is locked FOR NO KEY UPDATE; an action that
    also locks services or reviews locks the profile first (common.locks' order), so this
    lock is then a no-op. Called by every review change and every service status move."""
    lock_rows((Profile, profile_id, NO_KEY_UPDATE))
    profile = Profile.objects.get(pk=profile_id)
    profile.rating_average, profile.review_count = rating_figures(profile_rating_reviews(profile))
    profile.save(update_fields=["rating_average", "review_count"])
    return profile
