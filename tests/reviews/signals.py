"""Reviews whose every signal is under the test's control: a "clean" review fires none,
and each test changes one thing about it."""

import itertools
from datetime import datetime, timedelta

from django.utils import timezone

from reviews.models import Review
from services.models import Engagement
from tests.profiles.factories import UserFactory
from tests.reviews.factories import ReviewFactory
from tests.services.factories import EngagementFactory, ServiceFactory
from tests.services.threads import MessageFactory

NOW = timezone.now()
# Veterans join on days of their own, so that no three share a sign-up day by chance.
_JOIN_DAYS = itertools.count(60)


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def veteran(**kwargs):
    """A client who joined two months ago or more (each on another day) and once hired
    someone else too."""
    joined = kwargs.pop("date_joined", None) or days_ago(next(_JOIN_DAYS))
    user = UserFactory(date_joined=joined, **kwargs)
    EngagementFactory(client=user)
    return user


def reviewed_job(
    profile,
    *,
    author=None,
    hired=None,
    accepted=None,
    completed=None,
    written=None,
    text="Clear, well-sourced work, delivered on time.",
    messages=1,
) -> Review:
    """A review of `profile` for a job hired 10 days ago, accepted 9, completed 2 days ago,
    written yesterday (each overridable), by a veteran client unless `author` is given,
    with `messages` messages on its thread."""
    author = author or veteran()
    engagement = EngagementFactory(
        service=ServiceFactory(freelancer=profile),
        client=author,
        completed=True,
        accepted_at=accepted or days_ago(9),
        completed_at=completed or days_ago(2),
    )
    Engagement.objects.filter(pk=engagement.pk).update(created_at=hired or days_ago(10))
    MessageFactory.create_batch(messages, engagement=engagement)
    review = ReviewFactory(engagement=engagement, text=text)
    Review.objects.filter(pk=review.pk).update(created_at=written or days_ago(1))
    review.refresh_from_db()
    return review
