"""Reads that span the apps: what waits for the staff."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from common.pagination import count_up_to
from reviews.models import Appeal, Report, Review
from reviews.selectors import reviews_to_check
from services.models import MessageReport, Service

RECENTLY = timedelta(days=7)
# A queue is counted up to this many, then shown as "1,000+": counting the reviews to
# check means working out every review's signals (0.8 s at half a million reviews), and a
# queue that long needs no exact figure to say so.
QUEUE_COUNT_LIMIT = 1_000


def moderation_queues(user) -> list[dict]:
    """Pending services, open reports (of reviews, services, profiles and messages), open
    appeals, reviews with signals to check and reviews hidden this week, each with the count
    (at most QUEUE_COUNT_LIMIT, `more` when there are more) and a link to the filtered admin
    list (only the queues the user may see)."""
    week_ago = timezone.now() - RECENTLY
    queues = [
        (
            "services.view_service",
            "Services waiting for review",
            Service.objects.filter(status=Service.Status.PENDING),
            reverse("admin:services_service_changelist") + "?status__exact=pending",
        ),
        (
            "reviews.view_report",
            "Open reports",
            Report.objects.filter(status=Report.Status.OPEN),
            reverse("admin:reviews_report_changelist") + "?status__exact=open",
        ),
        (
            "reviews.view_appeal",
            "Open appeals",
            Appeal.objects.filter(status=Appeal.Status.OPEN),
            reverse("admin:reviews_appeal_changelist") + "?status__exact=open",
        ),
        (
            "reviews.view_review",
            "Reviews to check",
            reviews_to_check(),
            reverse("admin:reviews_review_changelist") + "?to_check=1",
        ),
        (
            "services.view_messagereport",
            "Open message reports",
            MessageReport.objects.filter(status=MessageReport.Status.OPEN),
            reverse("admin:services_messagereport_changelist") + "?status__exact=open",
        ),
        (
            "reviews.view_review",
            "Reviews hidden in the last 7 days",
            Review.objects.filter(is_hidden=True, hidden_at__gte=week_ago),
            reverse("admin:reviews_review_changelist") + "?is_hidden__exact=1&recently_hidden=1",
        ),
    ]
    listed = []
    for permission, label, queryset, url in queues:
        if user.has_perm(permission):
            count = count_up_to(queryset, QUEUE_COUNT_LIMIT)
            more = count > QUEUE_COUNT_LIMIT
            listed.append(
                {"label": label, "count": min(count, QUEUE_COUNT_LIMIT), "more": more, "url": url}
            )
    return listed
