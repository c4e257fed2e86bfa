"""The reviews block of service and profile pages: a page of reviews with each one's hire
facts, the star distribution and the reputation figures behind the rating (the last two
read from the figures kept on the row)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.paginator import Page
from django.db.models import QuerySet

from common.pagination import known_count_page
from profiles.models import ReviewFigures
from profiles.models.review_figures import mean

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


def _reputation(figures: ReviewFigures, categories) -> Reputation:
    """The Reputation the stored `figures` give, hidden reviews named by the labels of
    `categories` (the reviews app's HiddenCategory)."""
    count = figures.count
    return Reputation(
        review_count=count,
        client_count=figures.clients,
        average=mean(figures.total, count),
        communication=mean(figures.communication, count),
        quality=mean(figures.quality, count),
        value=mean(figures.value, count),
        first_review_at=figures.first_at,
        latest_review_at=figures.latest_at,
        hidden=[
            (label, figures.hidden[value])
            for value, label in categories.choices
            if figures.hidden.get(value)
        ],
    )


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


def _distribution(figures: ReviewFigures) -> list[tuple[int, int, int]]:
    total = figures.count or 1
    return [
        (stars, figures.stars[stars - 1], round(100 * figures.stars[stars - 1] / total))
        for stars in range(5, 0, -1)
    ]


def reviews_section(reviews: QuerySet, *, figures: dict, page) -> ReviewsSection:
    """A page of the visible `reviews` (a reverse relation: service.reviews or
    profile.reviews, so no app below reviews imports it), newest first, the label facts of
    each review, and their star distribution and Reputation from the `figures` kept on the
    service or profile row (its review_figures). One query: the page with each review's
    job facts (none when no review is visible)."""
    figures = ReviewFigures.from_json(figures)
    count = figures.count
    if not count:
        # Not even the listing is built: Django took half a millisecond to set it up.
        empty = known_count_page([], per_page=REVIEWS_PAGE_SIZE, count=0, page=page)
        return ReviewsSection(page=empty, distribution=[], listed=[])
    page_obj = known_count_page(
        reviews.listing(), per_page=REVIEWS_PAGE_SIZE, count=count, page=page
    )
    page_obj.object_list = list(page_obj.object_list)  # loaded here, not by the template
    return ReviewsSection(
        page=page_obj,
        distribution=_distribution(figures),
        listed=_hire_facts(page_obj.object_list),
        reputation=_reputation(figures, reviews.model.HiddenCategory),
    )
