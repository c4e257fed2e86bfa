"""Reports of reviews, services and profiles, and appeals of staff decisions."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q


def _one_open_report_per(target: str, message: str, name: str = "") -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=[target, "reporter"],
        condition=Q(status="open"),
        name=name or f"reviews_report_one_open_per_{target}",
        violation_error_message=message,
    )


# A report's (and an appeal's) possible targets, each a nullable foreign key.
REPORT_TARGETS = ("review", "service", "profile")


def _exactly_one_of(fields: tuple[str, ...]) -> Q:
    """Exactly one of `fields` is set: a condition for a CheckConstraint."""
    condition = Q()
    for chosen in fields:
        condition |= Q(
            **{f"{field}__isnull": field != chosen for field in fields},
        )
    return condition


class Report(models.Model):
    """A signed-in user's report that a review, a service or a profile breaks the rules;
    waits for staff, who decide with a reason. Exactly one target is set."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"
        DISMISSED = "dismissed", "Dismissed"

    class Category(models.TextChoices):
        SPAM = "spam", "Spam or advertising"
        FAKE = "fake", "Fake or misleading"
        ABUSE = "abuse", "Abusive or offensive"
        SCAM = "scam", "Fraud or a scam"
        OTHER = "other", "Something else"

    class Outcome(models.TextChoices):
        HIDE_REVIEW = "hide_review", "Hide the review"
        SUSPEND_SERVICE = "suspend_service", "Suspend the service"
        SUSPEND_PROFILE = "suspend_profile", "Suspend the freelancer"
        DISMISS = "dismiss", "Dismiss the report"

    review = models.ForeignKey(
        "reviews.Review", null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    service = models.ForeignKey(
        "services.Service",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    profile = models.ForeignKey(
        "profiles.Profile",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made"
    )
    category = models.CharField(max_length=10, choices=Category.choices, default=Category.OTHER)
    reason = models.TextField(validators=[MaxLengthValidator(2000)])
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_reason = models.TextField(blank=True, validators=[MaxLengthValidator(2000)])
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_of(REPORT_TARGETS), name="reviews_report_one_target"
            ),
            _one_open_report_per(
                "review",
                "You have already reported this review.",
                name="reviews_report_one_open_per_reporter",
            ),
            _one_open_report_per("service", "You have already reported this service."),
            _one_open_report_per("profile", "You have already reported this freelancer."),
        ]

    def __str__(self):
        return f"Report on {self.target} by {self.reporter}"

    @property
    def target(self):
        """The review, service or profile reported."""
        return self.review or self.service or self.profile

    @property
    def target_kind(self) -> str:
        return next(name for name in REPORT_TARGETS if getattr(self, f"{name}_id"))


# What an appeal may contest: a staff decision on a service or on a profile.
APPEAL_TARGETS = ("service", "profile")


class Appeal(models.Model):
    """The person a staff decision concerns contests it: attached to the decision (its
    audit entry) and to the object decided on, exactly one target set. Staff uphold the
    decision or overturn it, with a reason; the appellant is mailed the outcome."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        UPHELD = "upheld", "Decision upheld"
        OVERTURNED = "overturned", "Decision overturned"

    decision = models.ForeignKey(
        "admin.LogEntry", on_delete=models.PROTECT, related_name="+", verbose_name="decision"
    )
    service = models.ForeignKey(
        "services.Service",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="appeals",
    )
    profile = models.ForeignKey(
        "profiles.Profile",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="appeals",
    )
    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appeals"
    )
    text = models.TextField(validators=[MaxLengthValidator(3000)])
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, validators=[MaxLengthValidator(2000)])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_of(APPEAL_TARGETS), name="reviews_appeal_one_target"
            ),
            models.UniqueConstraint(
                fields=["decision"],
                condition=Q(status="open"),
                name="reviews_appeal_one_open_per_decision",
                violation_error_message="You have already appealed this decision.",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | ~Q(decision_reason=""),
                name="reviews_appeal_decided_has_reason",
            ),
        ]

    def __str__(self):
        return f"Appeal by {self.appellant} against “{self.decision.change_message[:60]}”"

    @property
    def target(self):
        """The service or profile the contested decision was about."""
        return self.service or self.profile
