"""Reviews: a client's review of one completed job, and how pages list them."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import NullIf
from django.urls import reverse

from profiles.models import Profile
from services.models import Service

# The language review texts are searched in (by staff).
TEXT_SEARCH_CONFIG = "english"
# How the author of a review is shown once they deleted their account.
FORMER_CLIENT = "Former client"
RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


def _rating_field(verbose_name):
    return models.PositiveSmallIntegerField(verbose_name, validators=RATING_VALIDATORS)


def _rating_constraint(field):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 1}) & Q(**{f"{field}__lte": 5}),
        name=f"reviews_review_{field}_1_to_5",
        violation_error_message="Ratings go from 1 to 5 stars.",
    )


# What a review's entry in a list reads of the review (templates/reviews/_review_list.html).
LISTED_FIELDS = [
    "rating",
    "communication",
    "quality",
    "value",
    "text",
    "reply",
    "replied_at",
    "created_at",
]
LISTED_FIELDS += ["author", "service", "engagement", "freelancer"]


class ReviewQuerySet(models.QuerySet):
    def visible(self):
        """Reviews that count: not hidden by staff."""
        return self.filter(is_hidden=False)

    def of_published_services(self):
        """Reviews of services that are published: what a freelancer's profile shows and
        counts (a suspended or withdrawn service takes its reviews off the profile)."""
        return self.filter(service__status=Service.Status.PUBLISHED)

    def with_public_page(self):
        """Reviews whose own page (/reviews/<id>/) answers: visible, of a freelancer whose
        profile is public, of a service staff did not reject or suspend (one its freelancer
        withdrew keeps its reviews' pages: the work was done)."""
        return (
            self.visible()
            .filter(freelancer__in=Profile.objects.public())
            .exclude(service__status__in=[Service.Status.REJECTED, Service.Status.SUSPENDED])
        )

    def listing(self):
        """The visible reviews as pages list them, newest first, each with what its entry
        shows and nothing else (LISTED_FIELDS, the author's name, the service's title and
        address), so that a page of them is one query, and the facts of the job behind it,
        `hire_requested_at`, `hire_completed_at` and `hire_message_count` (the messages in
        its thread, kept on the engagement row; None when it has none). Reached through
        reverse relations (service.reviews, profile.reviews) by the lower apps' selectors,
        which page it."""
        return (
            self.visible()
            .select_related("author", "service")
            .only(
                *LISTED_FIELDS,
                "author__name",
                "author__deleted_at",
                "service__title",
                "service__slug",
            )
            .annotate(
                hire_requested_at=F("engagement__created_at"),
                hire_completed_at=F("engagement__completed_at"),
                hire_message_count=NullIf(F("engagement__message_count"), Value(0)),
            )
            .order_by("-created_at", "-pk")
        )


class Review(models.Model):
    """A client's review of one completed job: one per engagement."""

    class HiddenCategory(models.TextChoices):
        """Why staff hid a review, in a word: public pages count hidden reviews by it
        (never showing the reason text)."""

        SPAM = "spam", "Spam"
        ABUSE = "abuse", "Abuse"
        CONFLICT = "conflict", "Conflict of interest"
        OFF_TOPIC = "off_topic", "Off-topic"
        OTHER = "other", "Other"

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
    hidden_category = models.CharField(
        max_length=10,
        choices=HiddenCategory.choices,
        blank=True,
        help_text="Set with the reason when staff hide the review; counted on public pages.",
    )
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
                condition=Q(is_hidden=False, hidden_category="")
                | Q(is_hidden=True) & ~Q(hidden_category=""),
                name="reviews_review_hidden_has_category",
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
            # The admin's search of review texts (reviews.selectors.review_staff_search).
            GinIndex(SearchVector("text", config=TEXT_SEARCH_CONFIG), name="reviews_text_search"),
        ]

    def __str__(self):
        return f"{self.rating}★ for “{self.service}” by {self.author}"

    def get_absolute_url(self):
        """The review's own public page: stable, for the freelancer to cite elsewhere."""
        return reverse("reviews:detail", kwargs={"pk": self.pk})

    @property
    def author_name(self):
        """The reviewer's name as pages show it; "Former client" once they deleted the
        account (the review stays: it describes the freelancer's work, not the reviewer)."""
        return FORMER_CLIENT if self.author.deleted_at else self.author.display_name
