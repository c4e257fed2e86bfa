"""The ratings kept on the profile and service rows, recounted by every review change and
service move: the average, the count and what the reviews add up to (ReviewFigures)."""

from django.db.models import Count, IntegerField, Max, Min, QuerySet, Subquery, Sum, Value

from common.locks import NO_KEY_UPDATE, lock_rows
from profiles.models import Profile, ReviewFigures


def review_figures(reviews: QuerySet) -> ReviewFigures:
    """What `reviews` (a reverse relation: service.reviews or profile.reviews, so no app
    below reviews imports it) add up to, in one query: grouped by (hidden, hidden category,
    stars), a handful of rows summed here, each carrying the distinct visible clients (an
    uncorrelated subquery, run once)."""
    clients = (
        reviews.filter(is_hidden=False)
        .order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(n=Count("author", distinct=True))
        .values("n")
    )
    groups = list(
        reviews.order_by()
        .values_list("is_hidden", "hidden_category", "rating")
        .annotate(
            n=Count("id"),
            communication=Sum("communication"),
            quality=Sum("quality"),
            value=Sum("value"),
            first=Min("created_at"),
            latest=Max("created_at"),
            clients=Subquery(clients, output_field=IntegerField()),
        )
    )
    visible = [row for row in groups if not row[0]]
    stars = [0] * 5
    hidden: dict[str, int] = {}
    for is_hidden, category, rating, n, *_ in groups:
        if is_hidden:
            hidden[category] = hidden.get(category, 0) + n
        else:
            stars[rating - 1] += n
    return ReviewFigures(
        stars=tuple(stars),
        clients=(groups[0][9] or 0) if groups else 0,
        communication=sum(row[4] for row in visible),
        quality=sum(row[5] for row in visible),
        value=sum(row[6] for row in visible),
        first_at=min((row[7] for row in visible), default=None),
        latest_at=max((row[8] for row in visible), default=None),
        hidden=hidden,
    )


def profile_rating_reviews(profile: Profile) -> QuerySet:
    """The reviews a freelancer's profile shows and counts: those of their published
    services (a suspended, withdrawn or pending service's reviews leave with it)."""
    return profile.reviews.of_published_services()


def profile_ratings_recount(*, profile_id: int) -> None:
    """Recount the freelancer's rating and review figures (their published services'
    reviews) into their profile row. The row is locked FOR NO KEY UPDATE; an action that
    also locks services or reviews locks the profile first (common.locks' order), so this
    lock is then a no-op. Called by every review change and every service status move."""
    lock_rows((Profile, profile_id, NO_KEY_UPDATE))
    profile = Profile(pk=profile_id)
    Profile.objects.filter(pk=profile_id).update(
        **review_figures(profile_rating_reviews(profile)).row_fields()
    )
