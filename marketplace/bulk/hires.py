"""Hire requests and reviews of bulk services, made as each service's row is, so that its
rating and review figures are known before the row is written, and copied into their
tables afterwards."""

import random
from datetime import datetime, timedelta

from marketplace.bulk.copy import columns_of, copy_rows, next_id
from profiles.models import ReviewFigures
from reviews.models import Review
from services.models import Engagement

ENGAGEMENT_STATES = [
    Engagement.Status.COMPLETED,
    Engagement.Status.ACCEPTED,
    Engagement.Status.DELIVERED,
    Engagement.Status.REQUESTED,
    Engagement.Status.DECLINED,
    Engagement.Status.CANCELLED,
]
UNDER_WAY = (
    Engagement.Status.ACCEPTED,
    Engagement.Status.DELIVERED,
    Engagement.Status.COMPLETED,
)
ENGAGEMENT_COLUMNS = columns_of(
    "id service_id freelancer_id client_id message budget status "
    "accepted_at delivered_at completed_at closed_at message_count created_at updated_at"
)
REVIEW_COLUMNS = columns_of(
    "id engagement_id service_id freelancer_id author_id rating "
    "communication quality value text is_hidden hidden_reason hidden_category hidden_at "
    "hidden_by_id check_note reply replied_at created_at updated_at"
)


class Hires:
    """The engagement and review rows of one load, with ids after the tables' highest."""

    def __init__(self, *, rng: random.Random, now: datetime, first_client: int, n_clients: int):
        self.rng, self.now = rng, now
        self.first_client, self.n_clients = first_client, n_clients
        self.first_engagement, self.first_review = next_id(Engagement), next_id(Review)
        self.engagements: list[tuple] = []
        self.reviews: list[tuple] = []

    def add(self, service_id: int, freelancer_id: int) -> ReviewFigures:
        """About a third of published services were hired 1-4 times; most jobs are
        completed and reviewed. Returns what the service's reviews add up to."""
        reviews = []  # (client, rating, value, created) of each review made
        if self.rng.random() > 0.33:
            return ReviewFigures()
        for _ in range(self.rng.randint(1, 4)):
            eid = self.first_engagement + len(self.engagements)
            client = self.first_client + self.rng.randrange(self.n_clients)
            created = self.now - timedelta(days=self.rng.randint(1, 700))
            status = self.rng.choices(ENGAGEMENT_STATES, weights=[80, 4, 2, 6, 4, 4])[0]
            self.engagements.append(
                (
                    eid,
                    service_id,
                    freelancer_id,
                    client,
                    "Bulk hire request message.",
                    None,
                    status,
                    created if status in UNDER_WAY else None,
                    created if status == Engagement.Status.DELIVERED else None,
                    created if status == Engagement.Status.COMPLETED else None,
                    created
                    if status in (Engagement.Status.DECLINED, Engagement.Status.CANCELLED)
                    else None,
                    0,  # message_count: no thread messages in a bulk load
                    created,
                    created,
                )
            )
            if status == Engagement.Status.COMPLETED and self.rng.random() < 0.85:
                rating = self.rng.choices([5, 4, 3, 2, 1], weights=[55, 25, 10, 5, 5])[0]
                value = max(1, rating - 1)
                self.reviews.append(
                    (
                        self.first_review + len(self.reviews),
                        eid,
                        service_id,
                        freelancer_id,
                        client,
                        rating,
                        rating,
                        rating,
                        value,
                        "Good work, on time.",
                        False,
                        "",
                        "",
                        None,
                        None,
                        "",  # check_note: COPY writes what it is given, no model default
                        "",
                        None,
                        created,
                        created,
                    )
                )
                reviews.append((client, rating, value, created))
        return _figures(reviews)

    def copy(self) -> tuple[int, int]:
        """COPY the rows made into their tables; returns (engagements, reviews)."""
        engagements = copy_rows(
            Engagement._meta.db_table, ENGAGEMENT_COLUMNS, iter(self.engagements)
        )
        reviews = copy_rows(Review._meta.db_table, REVIEW_COLUMNS, iter(self.reviews))
        return engagements, reviews


def _figures(reviews: list[tuple]) -> ReviewFigures:
    """The figures of visible reviews given as (client, rating, value, created), each
    rated `rating` for communication and quality."""
    if not reviews:
        return ReviewFigures()
    stars = [0] * 5
    for _client, rating, _value, _created in reviews:
        stars[rating - 1] += 1
    ratings = sum(rating for _, rating, _, _ in reviews)
    return ReviewFigures(
        stars=tuple(stars),
        clients=len({client for client, *_ in reviews}),
        communication=ratings,
        quality=ratings,
        value=sum(value for _, _, value, _ in reviews),
        first_at=min(created for *_, created in reviews),
        latest_at=max(created for *_, created in reviews),
    )
