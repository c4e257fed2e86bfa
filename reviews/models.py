from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q

RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


def _rating_field(verbose_name):
    return models.PositiveSmallIntegerField(verbose_name, validators=RATING_VALIDATORS)


def _rating_constraint(field):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 1}) & Q(**{f"{field}__lte": 5}),
        name=f"reviews_review_{field}_1_to_5",
        violation_error_message="Ratings go from 1 to 5 stars.",
    )


class ReviewQuerySet(models.QuerySet):
    def visible(self):
        """Reviews that count: not hidden by staff."""
        return self.filter(is_hidden=False)

    def rating_counts(self):
        """(stars, number of reviews) rows, one per rating given: a queryset, evaluated by
        the selector that shapes it (profiles.selectors.rating_distribution)."""
        return (
            self.order_by()
            .values_list("rating")
            .annotate(n=Count("id"))
            .values_list("rating", "n")
        )

    def listing(self):
        """The visible reviews as pages list them: newest first, with author and service.
        Reached through reverse relations (service.reviews, profile.reviews) by the lower
        apps' selectors, which page it."""
        return self.visible().select_related("author", "service").order_by("-created_at", "-pk")


class Review(models.Model):
    """A client's review of one completed job: one per engagement."""

    engagement = models.OneToOneField(
        "services.Engagement", on_delete=models.CASCADE, related_name="review"
    )
    # Denormalised from the engagement so that pages list reviews without joins.
    service = models.ForeignKey(
        "services.Service", on_delete=models.CASCADE, related_name="reviews"
    )
    freelancer = models.ForeignKey(
        "profiles.Profile", on_delete=models.CASCADE, related_name="reviews"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews_written"
    )
    rating = _rating_field("overall rating")
    communication = _rating_field("communication")
    quality = _rating_field("quality")
    value = _rating_field("value")
    text = models.TextField(validators=[MaxLengthValidator(5000)])
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.TextField(blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Staff looked at the review's signals (reviews.selectors.review_signals) and cleared
    # it: it leaves the "Reviews to check" queue. Signals never hide a review by themselves.
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    check_note = models.TextField(blank=True, validators=[MaxLengthValidator(2000)])
    reply = models.TextField(blank=True, validators=[MaxLengthValidator(3000)])
    replied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            _rating_constraint("rating"),
            _rating_constraint("communication"),
            _rating_constraint("quality"),
            _rating_constraint("value"),
            models.CheckConstraint(
                condition=Q(is_hidden=False) | ~Q(hidden_reason=""),
                name="reviews_review_hidden_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(checked_at__isnull=True) | ~Q(check_note=""),
                name="reviews_review_checked_has_note",
                violation_error_message="Say what you checked.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["service", "-created_at"],
                name="reviews_service_visible_idx",
                condition=Q(is_hidden=False),
            ),
            models.Index(
                fields=["freelancer", "-created_at"],
                name="reviews_freelancer_visible_idx",
                condition=Q(is_hidden=False),
            ),
        ]

    def __str__(self):
        return f"{self.rating}★ for “{self.service}” by {self.author}"


class ReviewReport(models.Model):
    """A signed-in user's report that a review breaks the rules; waits for staff."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"
        DISMISSED = "dismissed", "Dismissed"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_reports"
    )
    reason = models.TextField(validators=[MaxLengthValidator(2000)])
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "reporter"],
                condition=Q(status="open"),
                name="reviews_report_one_open_per_reporter",
                violation_error_message="You have already reported this review.",
            ),
        ]

    def __str__(self):
        return f"Report on {self.review} by {self.reporter}"
