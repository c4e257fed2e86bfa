from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Left, Replace
from django.urls import reverse

from profiles.models import hidden_profile_id_queries

SEARCH_CONFIG = "english"
# A card's summary: the description's first line, at most this many characters.
CARD_SUMMARY_LENGTH = 160


class CategoryQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)

    def leaves(self):
        return self.filter(parent__isnull=False)


class Category(models.Model):
    """A two-level tree: Writing & Translation › Articles & News. Services sit in leaves."""

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="services_category_not_own_parent"
            ),
        ]

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def get_absolute_url(self):
        if self.parent_id:
            return reverse(
                "services:subcategory", kwargs={"parent": self.parent.slug, "slug": self.slug}
            )
        return reverse("services:category", kwargs={"slug": self.slug})

    @property
    def is_leaf(self):
        return self.parent_id is not None


class ServiceQuerySet(models.QuerySet):
    def public(self):
        """Published services of active freelancers: what anyone may see."""
        queryset = self.published()
        for hidden in hidden_profile_id_queries():
            queryset = queryset.exclude(freelancer__in=hidden)
        return queryset

    def published(self):
        """Published services, whoever their freelancer: for estimates of what public()
        matches (the planner guesses "not by a hidden freelancer" at half the rows)."""
        return self.filter(status=Service.Status.PUBLISHED)

    def for_cards(self):
        """What a service card shows, in the query that lists the cards: the freelancer
        (name, avatar, banner) and category joined, and the description's first line as
        `summary` instead of the whole text."""
        # Leading blank lines and Windows line ends (form input) do not make a first line.
        text = Replace(Func(F("description"), Value(" \r\n\t"), function="ltrim"), Value("\r"))
        first_line = Func(text, Value("\n"), Value(1), function="split_part")
        return (
            self.select_related("freelancer", "category", "category__parent")
            .defer("description", "keywords")
            .annotate(summary=Left(first_line, CARD_SUMMARY_LENGTH))
        )


class Service(models.Model):
    """A freelancer's offering, the page the product grew from."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PENDING = "pending", "Pending review"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"
        SUSPENDED = "suspended", "Suspended"
        # Its freelancer deleted the account: emptied, kept only for the hire requests
        # that still name it (a service never hired is deleted instead).
        DELETED = "deleted", "Deleted with the account"

    class EngagementType(models.TextChoices):
        ONGOING = "ongoing", "Ongoing"
        ONE_OFF = "one_off", "One-off"

    freelancer = models.ForeignKey(
        "profiles.Profile", on_delete=models.CASCADE, related_name="services"
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="services")
    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    description = models.TextField(validators=[MaxLengthValidator(10_000)])
    skills = models.ManyToManyField("profiles.Skill", related_name="services", blank=True)
    hourly_rate = models.DecimalField(
        max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    starting_price = models.DecimalField(
        "starting at",
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text="The smallest job you take, in US dollars. 0 for none.",
    )
    engagement = models.CharField(
        max_length=10, choices=EngagementType.choices, default=EngagementType.ONGOING
    )
    banner = models.ImageField(upload_to="services/banners/", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    moderation_note = models.TextField(
        blank=True, help_text="Why the service was rejected or suspended; the freelancer sees it."
    )
    published_at = models.DateTimeField(null=True, blank=True)
    rating_average = models.DecimalField(max_digits=3, decimal_places=2, default=0)
    review_count = models.PositiveIntegerField(default=0)
    # Skill and category names, written by the actions, so that the search document below
    # can be computed by the database from this row alone.
    keywords = models.TextField(blank=True, editable=False)
    search_document = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector("keywords", weight="B", config=SEARCH_CONFIG)
            + SearchVector("description", weight="C", config=SEARCH_CONFIG)
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hourly_rate__gt=0), name="services_service_hourly_rate_positive"
            ),
            models.CheckConstraint(
                condition=Q(starting_price__gte=0),
                name="services_service_starting_price_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="services_service_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(rating_average__gte=0) & Q(rating_average__lte=5),
                name="services_service_rating_in_range",
            ),
        ]
        indexes = [
            GinIndex(
                fields=["search_document"],
                name="services_search_gin",
                fastupdate=False,
            ),
            # One per browse sort, over the published rows only, in the sort's full order
            # (ties included: rates repeat a lot), so a page reads its rows in order and
            # stops after twenty matches instead of sorting every match.
            models.Index(
                fields=["-published_at", "-id"],
                name="services_public_newest_idx",
                condition=Q(status="published"),
            ),
            models.Index(
                fields=["category", "-published_at", "-id"],
                name="services_cat_newest_idx",
                condition=Q(status="published"),
            ),
            models.Index(
                fields=["hourly_rate", "-published_at", "-id"],
                name="services_public_rate_idx",
                condition=Q(status="published"),
            ),
            models.Index(
                fields=["-hourly_rate", "-published_at", "-id"],
                name="services_public_rate_desc_idx",
                condition=Q(status="published"),
            ),
            models.Index(
                fields=["-rating_average", "-review_count", "-published_at", "-id"],
                name="services_public_rating_idx",
                condition=Q(status="published"),
            ),
            models.Index(fields=["freelancer", "status"], name="services_freelancer_idx"),
            models.Index(fields=["status", "created_at"], name="services_status_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("services:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_public(self):
        """What public() selects, for one row (its freelancer and user loaded)."""
        return self.is_published and self.freelancer.is_public

    @property
    def is_submittable(self):
        """Draft or rejected: the freelancer may submit it (service_submit)."""
        return self.status in (self.Status.DRAFT, self.Status.REJECTED)

    @property
    def is_withdrawable(self):
        """Pending or published: the freelancer may withdraw it (service_withdraw)."""
        return self.status in (self.Status.PENDING, self.Status.PUBLISHED)

    @property
    def is_stopped_by_staff(self):
        """Rejected or suspended: the moderation note says why."""
        return self.status in (self.Status.REJECTED, self.Status.SUSPENDED)


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


# The threads on hire requests live in their own module; Django finds models here.
from services.thread_models import (  # noqa: E402
    Message,
    MessageAttachment,
    MessageReport,
    ThreadRead,
)

__all__ = [
    "SEARCH_CONFIG",
    "Category",
    "Engagement",
    "Message",
    "MessageAttachment",
    "MessageReport",
    "Service",
    "ThreadRead",
]
