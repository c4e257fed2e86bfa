"""The reviews block of service and profile pages: a page of reviews with each one's hire
facts, the star distribution and the reputation figures behind the rating."""

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.paginator import Page
from django.db.models import Count, IntegerField, Max, Min, QuerySet, Subquery, Sum, Value

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


def _reputation_and_distribution(
    reviews: QuerySet,
) -> tuple[Reputation, list[tuple[int, int, int]]]:
    """The Reputation of all of `reviews` and the star distribution of their visible
    ones, as (stars, count, percent) for 5 down to 1, in one query: the reviews grouped by
    (hidden, hidden category, stars), a handful of rows summed here, each carrying the
    distinct visible clients (an uncorrelated subquery, run once). One aggregate of eighteen
    filtered figures asked the same, but building it took Django about twice as long."""
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
    hidden_by_category: dict[str, int] = {}
    for is_hidden, category, _stars, n, *_ in groups:
        if is_hidden:
            hidden_by_category[category] = hidden_by_category.get(category, 0) + n
    count = sum(row[3] for row in visible)
    categories = reviews.model.HiddenCategory  # the higher app's choices, not imported
    figures = Reputation(
        review_count=count,
        client_count=(groups[0][9] or 0) if groups else 0,
        average=_mean(_total(row[2] * row[3] for row in visible), count),
        communication=_mean(_total(row[4] for row in visible), count),
        quality=_mean(_total(row[5] for row in visible), count),
        value=_mean(_total(row[6] for row in visible), count),
        first_review_at=min((row[7] for row in visible), default=None),
        latest_review_at=max((row[8] for row in visible), default=None),
        hidden=[
            (label, hidden_by_category[value])
            for value, label in categories.choices
            if hidden_by_category.get(value)
        ],
    )
    stars = dict.fromkeys(range(1, 6), 0)
    for row in visible:
        stars[row[2]] = stars.get(row[2], 0) + row[3]
    return figures, _distribution(stars)


def _total(values) -> int | None:
    """The sum of the groups' sums, None when every one is None (as SQL's SUM)."""
    present = [value for value in values if value is not None]
    return sum(present) if present else None


def _hire_facts(page: list) -> list[tuple]:
    """(review, HireFacts) for a loaded `page` of reviews.listing(), which brings each
    review's job facts along."""
    return [
        (
            review,
            HireFacts(
                requested_at=review.hire_requested_at,
                completed_at=review.hire_completed_at,
                message_count=review.hire_message_count,
            ),
        )
        for review in page
    ]


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
    runs, and nothing at all runs when it is 0 (otherwise two: the page with each
    review's job facts, and one for the distribution and the Reputation)."""
    page_obj = known_count_page(
        reviews.listing(), per_page=REVIEWS_PAGE_SIZE, count=count, page=page
    )
    page_obj.object_list = list(page_obj.object_list)  # loaded here, not by the template
    if not count:
        return ReviewsSection(page=page_obj, distribution=[], listed=[])
    figures, distribution = _reputation_and_distribution(reviews.all())
    return ReviewsSection(
        page=page_obj,
        distribution=distribution,
        listed=_hire_facts(page_obj.object_list),
        reputation=figures,
    )
