"""Reads that span the apps: what waits for the staff."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from reviews.models import Review, ReviewReport
from services.models import MessageReport, Service

RECENTLY = timedelta(days=7)


def moderation_queues(user) -> list[dict]:
    """Pending services, open review and message reports and reviews hidden this week,
    each with the count and a link to the filtered admin list (only the queues the user
    may see)."""
    week_ago = timezone.now() - RECENTLY
    queues = [
        (
            "services.view_service",
            "Services waiting for review",
            Service.objects.filter(status=Service.Status.PENDING),
            reverse("admin:services_service_changelist") + "?status__exact=pending",
        ),
        (
            "reviews.view_reviewreport",
            "Open review reports",
            ReviewReport.objects.filter(status=ReviewReport.Status.OPEN),
            reverse("admin:reviews_reviewreport_changelist") + "?status__exact=open",
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
    return [
        {"label": label, "count": queryset.count(), "url": url}
        for permission, label, queryset, url in queues
        if user.has_perm(permission)
    ]
