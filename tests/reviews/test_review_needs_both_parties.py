"""A review opens only after the client completes the job: a freelancer who delivers (or
tries to complete) cannot open one alone."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reviews import actions as review_actions
from reviews.models import Review
from reviews.selectors import engagement_can_be_reviewed
from services import actions as service_actions
from services.models import Engagement
from tests.services.factories import EngagementFactory

pytestmark = pytest.mark.django_db

S = Engagement.Status


def _review(engagement, author):
    return review_actions.review_submit(
        engagement=engagement,
        author=author,
        rating=5,
        communication=5,
        quality=5,
        value=5,
        text="Delivered on time and exactly as agreed.",
    )


@pytest.fixture
def accepted_job(service, client_user):
    return EngagementFactory(accepted=True, service=service, client=client_user)


def test_the_freelancer_alone_cannot_open_a_review(freelancer, client_user, accepted_job):
    delivered = service_actions.engagement_deliver(engagement=accepted_job, actor=freelancer)
    with pytest.raises(PermissionDenied):
        service_actions.engagement_complete(engagement=delivered, actor=freelancer)

    assert Engagement.objects.get(pk=accepted_job.pk).status == S.DELIVERED
    assert not engagement_can_be_reviewed(Engagement.objects.get(pk=accepted_job.pk))
    with pytest.raises(ValidationError, match="once you have completed it"):
        _review(delivered, client_user)
    assert not Review.objects.exists()


def test_the_review_opens_once_the_client_confirms_the_delivery(
    freelancer, client_user, accepted_job
):
    delivered = service_actions.engagement_deliver(engagement=accepted_job, actor=freelancer)
    completed = service_actions.engagement_complete(engagement=delivered, actor=client_user)

    assert engagement_can_be_reviewed(completed)
    review = _review(completed, client_user)
    assert Review.objects.get().pk == review.pk


def test_the_client_may_complete_without_waiting_for_the_delivery(client_user, accepted_job):
    completed = service_actions.engagement_complete(engagement=accepted_job, actor=client_user)

    assert completed.status == S.COMPLETED
    assert completed.delivered_at is None
    assert _review(completed, client_user).engagement_id == accepted_job.pk


def test_the_freelancer_cannot_review_their_own_completed_job(
    freelancer, client_user, accepted_job
):
    completed = service_actions.engagement_complete(engagement=accepted_job, actor=client_user)

    with pytest.raises(PermissionDenied):
        _review(completed, freelancer)
    assert not Review.objects.exists()
