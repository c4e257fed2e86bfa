"""Fran's service, Casey's completed job on it, and Casey's review of it."""

import pytest

from reviews import actions
from tests.reviews.pages import GOOD_TEXT, dated_review
from tests.services.factories import EngagementFactory, ServiceFactory


@pytest.fixture
def service(freelancer):
    return ServiceFactory(freelancer=freelancer.profile, title="News writing", slug="news")


@pytest.fixture
def fran_services(freelancer):
    """Two published services of Fran's."""
    profile = freelancer.profile
    return (
        ServiceFactory(freelancer=profile, title="News writing"),
        ServiceFactory(freelancer=profile, title="Copy editing"),
    )


@pytest.fixture
def job(service, client_user):
    """Casey's completed job on Fran's service, not reviewed yet."""
    return EngagementFactory(completed=True, service=service, client=client_user)


@pytest.fixture
def review(job):
    """Casey's review of the job, through the action."""
    return actions.review_submit(
        engagement=job,
        author=job.client,
        rating=4,
        communication=4,
        quality=4,
        value=4,
        text=GOOD_TEXT,
    )


@pytest.fixture
def three_reviews(service):
    """Ana (5 stars, Mar 3, with Fran's reply), Ben (4, Mar 5), Cleo (4, Mar 4)."""
    return [
        dated_review(service, rating=5, name="Ana Adams", day=3, reply="Thank you, Ana!"),
        dated_review(service, rating=4, name="Ben Brown", day=5),
        dated_review(service, rating=4, name="Cleo Cruz", day=4),
    ]
