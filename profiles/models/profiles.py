"""A freelancer's profile, its search document and who may see it."""

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.files.storage import storages
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from profiles.models.skills import Skill
from profiles.models.users import User


def private_storage():
    """Files that must not be reachable by URL (resumes): served only through a view."""
    return storages["private"]


# The directory's search: English stems, as the services' search, plus each word as typed
# ("simple"), so that a prefix still matches where stemming cut a word short ("writin"
# against "writing", whose stem is "write").
SEARCH_CONFIG = "english"
PREFIX_CONFIG = "simple"


def _searchable(field: str, weight: str):
    return SearchVector(field, weight=weight, config=SEARCH_CONFIG) + SearchVector(
        field, weight=weight, config=PREFIX_CONFIG
    )


class ProfileQuerySet(models.QuerySet):
    def public(self):
        """Profiles anyone may see: active, of an active user."""
        return self.filter(status=Profile.Status.ACTIVE, user__is_active=True)

    def visible_to(self, user):
        """Public profiles, plus the user's own whatever its status."""
        if user.is_authenticated:
            return self.filter(Q(pk__in=self.public().values("pk")) | Q(user=user))
        return self.public()


def hidden_profile_id_queries() -> list[models.QuerySet]:
    """Two subqueries (never run on their own) of the ids of profiles nobody else may see:
    suspended ones, and those of a deactivated user. Few, and each found through a small
    partial index, so excluding each is a hash probe per service row where a join to every
    freelancer and user would be two index lookups (see Service.objects.public())."""
    return [
        Profile.objects.exclude(status=Profile.Status.ACTIVE).values("pk"),
        Profile.objects.filter(user__in=User.objects.filter(is_active=False).values("pk")).values(
            "pk"
        ),
    ]


class Profile(models.Model):
    """A freelancer's public presence. One per user who chose to become a freelancer."""

    class Availability(models.TextChoices):
        AVAILABLE = "available", "Available"
        BUSY = "busy", "Busy"
        AWAY = "away", "Away"

    class ResumeVisibility(models.TextChoices):
        EVERYONE = "everyone", "Everyone"
        SIGNED_IN = "signed_in", "Signed-in users"
        NOBODY = "nobody", "Nobody (only me)"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended"
        # The freelancer deleted the account: emptied, kept only for the hire requests
        # that still name it.
        DELETED = "deleted", "Deleted with the account"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    slug = models.SlugField(max_length=80, unique=True)
    display_name = models.CharField(max_length=100)
    headline = models.CharField(max_length=120, blank=True)
    about = models.TextField(blank=True, validators=[MaxLengthValidator(5000)])
    country = models.CharField(max_length=60, blank=True)
    city = models.CharField(max_length=80, blank=True)
    hourly_rate = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="In US dollars.",
    )
    availability = models.CharField(
        max_length=12, choices=Availability.choices, default=Availability.AVAILABLE
    )
    away_until = models.DateField(null=True, blank=True)
    avatar = models.ImageField(upload_to="profiles/avatars/", blank=True)
    banner = models.ImageField(upload_to="profiles/banners/", blank=True)
    resume = models.FileField(upload_to="resumes/", storage=private_storage, blank=True)
    resume_visibility = models.CharField(
        max_length=12, choices=ResumeVisibility.choices, default=ResumeVisibility.EVERYONE
    )
    skills = models.ManyToManyField(Skill, related_name="profiles", blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    # Over all the freelancer's visible reviews; written with each review change.
    rating_average = models.DecimalField(max_digits=3, decimal_places=2, default=0)
    review_count = models.PositiveIntegerField(default=0)
    # What those reviews add up to (profiles.models.ReviewFigures), written with them.
    review_figures = models.JSONField(default=dict, db_default={}, blank=True, editable=False)
    # The approved skills' names, written by the actions that change them, so that the
    # search document below is computed by the database from this row alone.
    keywords = models.TextField(blank=True, editable=False, db_default="")
    # The directory's search: name (A) over headline (B) over skills (C).
    search_document = models.GeneratedField(
        expression=(
            _searchable("display_name", "A")
            + _searchable("headline", "B")
            + _searchable("keywords", "C")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hourly_rate__isnull=True) | Q(hourly_rate__gt=0),
                name="profiles_profile_hourly_rate_positive",
            ),
            models.CheckConstraint(
                condition=Q(rating_average__gte=0) & Q(rating_average__lte=5),
                name="profiles_profile_rating_in_range",
            ),
            models.CheckConstraint(
                condition=~Q(availability="away") | Q(away_until__isnull=False),
                name="profiles_profile_away_has_date",
                violation_error_message="Say until when you are away.",
            ),
        ]
        indexes = [
            models.Index(fields=["status"], name="profiles_profile_status_idx"),
            # The few profiles not on show, for hidden_profile_id_queries().
            models.Index(fields=["id"], condition=~Q(status="active"), name="profiles_hidden_idx"),
            GinIndex(fields=["search_document"], name="profiles_search_gin", fastupdate=False),
            # Service search also finds a freelancer's services by the name (English words,
            # as the services' own search document).
            GinIndex(
                SearchVector("display_name", config=SEARCH_CONFIG),
                name="profiles_name_gin",
                fastupdate=False,
            ),
            # The directory's sorts without a query, in their full order, over active rows.
            models.Index(
                fields=["-created_at", "-id"],
                name="profiles_directory_newest_idx",
                condition=Q(status="active"),
            ),
            models.Index(
                fields=["-rating_average", "-review_count", "-created_at", "-id"],
                name="profiles_directory_rating_idx",
                condition=Q(status="active"),
            ),
            # By rate either way, profiles without a rate last.
            models.Index(
                F("hourly_rate").asc(nulls_last=True),
                F("created_at").desc(),
                F("id").desc(),
                name="profiles_dir_rate_idx",
                condition=Q(status="active"),
            ),
            models.Index(
                F("hourly_rate").desc(nulls_last=True),
                F("created_at").desc(),
                F("id").desc(),
                name="profiles_dir_rate_desc_idx",
                condition=Q(status="active"),
            ),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("profiles:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        return self.status == self.Status.ACTIVE and self.user.is_active

    @property
    def is_suspended(self):
        return self.status == self.Status.SUSPENDED

    @property
    def location(self):
        return ", ".join(part for part in (self.city, self.country) if part)

    def resume_visible_to(self, user):
        """Whether `user` may download the resume (the owner always may)."""
        if not self.resume:
            return False
        if user.is_authenticated and user.pk == self.user_id:
            return True
        match self.resume_visibility:
            case self.ResumeVisibility.EVERYONE:
                return True
            case self.ResumeVisibility.SIGNED_IN:
                return user.is_authenticated
        return False
