"""The reviews block of service and profile pages: a page of reviews with each one's hire
facts, the star distribution and the reputation figures behind the rating."""

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.paginator import Page
from django.db.models import Count, F, Max, Min, Q, QuerySet, Sum

from common.pagination import known_count_page

REVIEWS_PAGE_SIZE = 10


@dataclass(frozen=True)
class HireFacts:
    """What the site itself knows about the job behind a review, for its label: when it
    was requested and completed here, and how many messages its thread holds (None while
    the site has no count to give). Never a claim about identity or payment."""

    requested_at: datetime
    completed_at: datetime | None
    message_count: int | None


@dataclass(frozen=True)
class Reputation:
    """How a page's rating is computed, from its reviews as they stand: the plain mean of
    the visible ones, from how many distinct clients, the sub-rating means, the first and
    latest visible review, and how many staff hid, as (category label, count)."""

    review_count: int
    client_count: int
    average: Decimal | None
    communication: Decimal | None
    quality: Decimal | None
    value: Decimal | None
    first_review_at: datetime | None
    latest_review_at: datetime | None
    hidden: list[tuple[str, int]]

    @property
    def hidden_count(self) -> int:
        return sum(count for _, count in self.hidden)


@dataclass(frozen=True)
class ReviewsSection:
    """The reviews block of a service or profile page: one page of visible reviews, each
    with its HireFacts (`listed`, (review, facts) pairs), the star distribution, as
    (stars, count, percent) for 5 down to 1, and the Reputation (empty and None when no
    reviews)."""

    page: Page
    distribution: list[tuple[int, int, int]]
    listed: list[tuple] = ()
    reputation: Reputation | None = None


TWO_PLACES = Decimal("0.01")


def _mean(total, count) -> Decimal | None:
    # Summed as integers and divided as Decimals, rounded as the stored averages are.
    if not count:
        return None
    return (Decimal(total) / count).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def reputation(reviews: QuerySet) -> Reputation:
    """The figures behind a page's rating, from all of `reviews` (a reverse relation:
    service.reviews or profile.reviews), hidden ones counted apart by category, in one
    aggregate query."""
    return _reputation_and_distribution(reviews)[0]


def _reputation_and_distribution(
    reviews: QuerySet,
) -> tuple[Reputation, list[tuple[int, int, int]]]:
    """The Reputation of all of `reviews` and the star distribution of their visible
    ones (as rating_distribution gives it), in one aggregate query: the page asked for
    both in two, and building each aggregate is most of its cost."""
    visible = Q(is_hidden=False)
    categories = reviews.model.HiddenCategory  # the higher app's choices, not imported
    hidden_counts = {
        f"hidden_{value}": Count("id", filter=Q(is_hidden=True, hidden_category=value))
        for value in categories.values
    }
    star_counts = {
        f"stars_{stars}": Count("id", filter=Q(is_hidden=False, rating=stars))
        for stars in range(5, 0, -1)
    }
    # Named apart from the fields, which the star counts' filters name.
    figures = reviews.order_by().aggregate(
        count=Count("id", filter=visible),
        clients=Count("author", filter=visible, distinct=True),
        sum_rating=Sum("rating", filter=visible),
        sum_communication=Sum("communication", filter=visible),
        sum_quality=Sum("quality", filter=visible),
        sum_value=Sum("value", filter=visible),
        first=Min("created_at", filter=visible),
        latest=Max("created_at", filter=visible),
        **hidden_counts,
        **star_counts,
    )
    count = figures["count"]
    figures_reputation = Reputation(
        review_count=count,
        client_count=figures["clients"],
        average=_mean(figures["sum_rating"], count),
        communication=_mean(figures["sum_communication"], count),
        quality=_mean(figures["sum_quality"], count),
        value=_mean(figures["sum_value"], count),
        first_review_at=figures["first"],
        latest_review_at=figures["latest"],
        hidden=[
            (label, figures[f"hidden_{value}"])
            for value, label in categories.choices
            if figures[f"hidden_{value}"]
        ],
    )
    return figures_reputation, _distribution(
        {stars: figures[f"stars_{stars}"] for stars in range(5, 0, -1)}
    )


def _message_counts(reviews: QuerySet, engagement_ids: list[int]) -> dict[int, int]:
    """How many messages each job's thread holds, by engagement id, for a page of
    `reviews` (the section's reverse relation, so profiles imports no higher app); jobs
    without a message are left out, and their labels say nothing of messages."""
    rows = (
        reviews.filter(engagement_id__in=engagement_ids)
        .values_list("engagement_id")
        .annotate(count=Count("engagement__thread_messages"))
        .values_list("engagement_id", "count")
    )
    return {engagement_id: count for engagement_id, count in rows if count}


def _hire_facts(reviews: QuerySet, page: list) -> list[tuple]:
    """(review, HireFacts) for a loaded `page` of `reviews`, annotated by reviews_section."""
    if not page:
        return []
    counts = _message_counts(reviews, [review.engagement_id for review in page])
    return [
        (
            review,
            HireFacts(
                requested_at=review.hire_requested_at,
                completed_at=review.hire_completed_at,
                message_count=counts.get(review.engagement_id),
            ),
        )
        for review in page
    ]


def rating_distribution(reviews: QuerySet) -> list[tuple[int, int, int]]:
    """(stars, count, percent of all) for 5 down to 1 stars of `reviews`, in one query."""
    return _distribution(dict(reviews.rating_counts()))


def _distribution(counts: dict[int, int]) -> list[tuple[int, int, int]]:
    total = sum(counts.values()) or 1
    return [
        (stars, counts.get(stars, 0), round(100 * counts.get(stars, 0) / total))
        for stars in range(5, 0, -1)
    ]


def reviews_section(reviews: QuerySet, *, count: int, page) -> ReviewsSection:
    """A page of the visible `reviews` (a reverse relation: service.reviews or
    profile.reviews, so no app below reviews imports it), newest first, and their star
    distribution, the label facts of each review and the Reputation behind the rating.
    `count` is the visible-review count kept on the service or profile row, so no COUNT(*)
    runs, and nothing at all runs when it is 0 (otherwise three: the page, its
    reviews' message counts, and one aggregate for the distribution and the Reputation)."""
    listing = reviews.listing().annotate(
        hire_requested_at=F("engagement__created_at"),
        hire_completed_at=F("engagement__completed_at"),
    )
    page_obj = known_count_page(listing, per_page=REVIEWS_PAGE_SIZE, count=count, page=page)
    page_obj.object_list = list(page_obj.object_list)  # loaded here, not by the template
    if not count:
        return ReviewsSection(page=page_obj, distribution=[], listed=[])
    figures, distribution = _reputation_and_distribution(reviews.all())
    return ReviewsSection(
        page=page_obj,
        distribution=distribution,
        listed=_hire_facts(reviews, page_obj.object_list),
        reputation=figures,
    )
