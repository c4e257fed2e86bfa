"""A freelancer's service: its statuses, its search document, who may see it."""

from decimal import Decimal

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Left, Replace
from django.urls import reverse

from profiles.models import hidden_profile_id_queries
from services.models.categories import Category

SEARCH_CONFIG = "english"
# A card's summary: the description's first line, at most this many characters.
CARD_SUMMARY_LENGTH = 160


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

    def for_cards(self, *, join_freelancer=True):
        """What a service card shows, in the query that lists the cards, and nothing else:
        the service's card fields, its category's name, its freelancer's name, address
        and images, and the description's first line as `summary` instead of the whole
        text (loading whole rows, with a profile's "about" and the search columns, cost
        a third of a list's query). `join_freelancer=False` on one freelancer's own pages,
        whose selector hands each card the profile it already loaded: joining the same
        profile again cost a third of the query's time."""
        # Leading blank lines and Windows line ends (form input) do not make a first line.
        text = Replace(Func(F("description"), Value(" \r\n\t"), function="ltrim"), Value("\r"))
        first_line = Func(text, Value("\n"), Value(1), function="split_part")
        related = ("freelancer",) if join_freelancer else ()
        freelancer_fields = (
            [f"freelancer__{name}" for name in CARD_FREELANCER_FIELDS] if join_freelancer else []
        )
        return (
            self.select_related(*related, "category")
            .only(*CARD_FIELDS, *freelancer_fields, "category__name", "category__slug")
            .annotate(summary=Left(first_line, CARD_SUMMARY_LENGTH))
        )


# What a card reads of its service and of its freelancer (services.templatetags.service_cards),
# besides the service's category: `for_cards` loads these alone.
CARD_FIELDS = (
    "title",
    "slug",
    "hourly_rate",
    "starting_price",
    "rating_average",
    "review_count",
    "banner",
    "freelancer",
    "category",
)
CARD_FREELANCER_FIELDS = ("slug", "display_name", "avatar", "banner")


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
    # Over the service's visible reviews, and what they all add up to
    # (profiles.models.ReviewFigures); written with each review change.
    rating_average = models.DecimalField(max_digits=3, decimal_places=2, default=0)
    review_count = models.PositiveIntegerField(default=0)
    review_figures = models.JSONField(default=dict, db_default={}, blank=True, editable=False)
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
            # A search in a category reads only that category's matches (btree_gin), where
            # the index above would read every match of the words.
            GinIndex(
                fields=["category", "search_document"],
                name="services_cat_search_gin",
                fastupdate=False,
                condition=Q(status="published"),
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
            # Each sort within a subcategory, so that a search there walks only its rows.
            models.Index(
                fields=["category", "hourly_rate", "-published_at", "-id"],
                name="services_cat_rate_idx",
                condition=Q(status="published"),
            ),
            models.Index(
                fields=["category", "-hourly_rate", "-published_at", "-id"],
                name="services_cat_rate_desc_idx",
                condition=Q(status="published"),
            ),
            models.Index(
                fields=["category", "-rating_average", "-review_count", "-published_at", "-id"],
                name="services_cat_rating_idx",
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
