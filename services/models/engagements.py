"""Hire requests and the jobs they become."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from services.models.services import Service


class EngagementQuerySet(models.QuerySet):
    def involving(self, user):
        """Engagements where `user` is the client or the freelancer."""
        return self.filter(Q(client=user) | Q(freelancer__user=user))


class Engagement(models.Model):
    """A hire request and the job it becomes: requested -> accepted -> delivered ->
    completed, or requested -> declined / cancelled. The freelancer delivers; only the
    client completes (from delivered, or straight from accepted)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        ACCEPTED = "accepted", "Accepted"
        DELIVERED = "delivered", "Delivered"
        DECLINED = "declined", "Declined"
        CANCELLED = "cancelled", "Cancelled"
        COMPLETED = "completed", "Completed"

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="engagements")
    # The service's freelancer when the request was made, kept for inboxes and reviews.
    freelancer = models.ForeignKey(
        "profiles.Profile", on_delete=models.PROTECT, related_name="engagements"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="engagements_as_client"
    )
    message = models.TextField(validators=[MaxLengthValidator(3000)])
    budget = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1"))],
        help_text="Optional, in US dollars.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.REQUESTED, db_index=True
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(
        null=True, blank=True, help_text="When the freelancer marked the work delivered."
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was declined or cancelled."
    )
    # Kept by message_send under the engagement's lock (a message is never deleted on its
    # own), so a review's label reads its job's message count from this row.
    message_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Messages in the request's thread."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gt=0),
                name="services_engagement_budget_positive",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["accepted", "delivered", "completed"])
                | Q(accepted_at__isnull=False),
                name="services_engagement_accepted_has_date",
            ),
            # A completed job may never have been marked delivered (the client completed
            # it straight from accepted), so only `delivered` demands the date.
            models.CheckConstraint(
                condition=~Q(status="delivered") | Q(delivered_at__isnull=False),
                name="services_engagement_delivered_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_at__isnull=False),
                name="services_engagement_completed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["declined", "cancelled"]) | Q(closed_at__isnull=False),
                name="services_engagement_closed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["client", "-created_at"], name="services_eng_client_idx"),
            models.Index(
                fields=["freelancer", "status", "-created_at"], name="services_eng_freelancer_idx"
            ),
        ]

    def __str__(self):
        return f"{self.client} hires {self.freelancer} for “{self.service}”"

    def get_absolute_url(self):
        return reverse("services:engagement", kwargs={"pk": self.pk})

    @property
    def is_open(self):
        """Requested and not yet answered: the freelancer may accept or decline it, the
        client may cancel it."""
        return self.status == self.Status.REQUESTED

    @property
    def is_accepted(self):
        """Accepted and under way: the freelancer may mark it delivered, the client may
        complete it."""
        return self.status == self.Status.ACCEPTED

    @property
    def is_delivered(self):
        """Delivered by the freelancer: waiting for the client to confirm (complete) it."""
        return self.status == self.Status.DELIVERED

    @property
    def is_completable(self):
        """Accepted or delivered: the client may complete it (engagement_complete)."""
        return self.status in (self.Status.ACCEPTED, self.Status.DELIVERED)

    @property
    def is_completed(self):
        """Completed by the client: the client may review it."""
        return self.status == self.Status.COMPLETED

    def timeline(self):
        """(label, when) for each step that happened, oldest first."""
        steps = [
            ("Requested", self.created_at),
            ("Accepted", self.accepted_at),
            ("Delivered", self.delivered_at),
        ]
        if self.status in (self.Status.DECLINED, self.Status.CANCELLED):
            steps.append((self.get_status_display(), self.closed_at))
        steps.append(("Completed", self.completed_at))
        return [(label, when) for label, when in steps if when]
