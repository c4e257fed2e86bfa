"""Page-level reads for reviews."""

from django.http import Http404

from reviews.models import Review
from services.models import Engagement, Service


def engagement_get_for_review(*, pk: int, user) -> Engagement:
    """The user's own engagement as client, with its service and freelancer; 404 otherwise."""
    try:
        return Engagement.objects.select_related("service", "freelancer").get(pk=pk, client=user)
    except Engagement.DoesNotExist:
        raise Http404("No such job.") from None


def engagement_can_be_reviewed(engagement: Engagement) -> bool:
    """Completed and not reviewed yet (review_submit enforces it; this is for the page)."""
    return (
        engagement.status == Engagement.Status.COMPLETED
        and not Review.objects.filter(engagement=engagement).exists()
    )


def review_get_public(*, pk: int) -> Review:
    """A visible review of a public service, for reporting; 404 otherwise."""
    try:
        return (
            Review.objects.visible()
            .select_related("service", "author")
            .filter(service__in=Service.objects.public())
            .get(pk=pk)
        )
    except Review.DoesNotExist:
        raise Http404("No such review.") from None


def review_get_for_reply(*, pk: int, user) -> Review:
    """A review of the user's own freelancer profile; 404 for anyone else."""
    try:
        return Review.objects.select_related("service", "author").get(pk=pk, freelancer__user=user)
    except Review.DoesNotExist:
        raise Http404("No such review.") from None


def reviews_received(*, user):
    """Reviews of the user's services, hidden ones included (with why), newest first."""
    return (
        Review.objects.filter(freelancer__user=user)
        .select_related("service", "author")
        .order_by("-created_at")
    )


def reviews_written(*, user):
    """Reviews the user wrote, newest first."""
    return (
        Review.objects.filter(author=user)
        .select_related("service", "freelancer")
        .order_by("-created_at")
    )
