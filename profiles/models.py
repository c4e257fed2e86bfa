from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.files.storage import storages
from django.core.validators import MaxLengthValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone


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


# How a user who never gave a name is shown. Never any part of their email address.
UNNAMED_USER = "Member"
# How a deleted account is shown where what it wrote stays (messages; reviews say "Former
# client" instead, see reviews.models.Review.author_name).
FORMER_MEMBER = "Former member"
# A name is shown publicly; an address typed into it would be too.
name_without_address = RegexValidator(
    r"@", inverse_match=True, message="A name can’t contain “@”: it is shown to everyone."
)


def user_display(user) -> str:
    """How allauth names a user in its messages and mail (ACCOUNT_USER_DISPLAY)."""
    return user.display_name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone with an account. Signs in by email; every user can hire.

    A user becomes a freelancer by creating a freelancer profile.
    """

    email = models.EmailField("email address", unique=True)
    name = models.CharField(
        "display name",
        max_length=150,
        blank=True,
        validators=[name_without_address],
        help_text="Shown wherever the user appears: reviews, hire requests, mail.",
    )
    is_staff = models.BooleanField(default=False, help_text="Can sign in to the admin site.")
    is_active = models.BooleanField(default=True, help_text="Unticked, the user cannot sign in.")
    date_joined = models.DateTimeField(default=timezone.now)
    message_mail = models.BooleanField(
        "email me about new messages",
        default=True,
        # Also in the database: the bulk loader inserts users with SQL of its own.
        db_default=True,
        help_text="At most one email per conversation every 15 minutes while it is unread.",
    )
    # The other kinds of mail that can be turned off (profiles/mail.py names them all).
    hire_mail = models.BooleanField(
        "email me about hire requests",
        default=True,
        db_default=True,
        help_text="A new request, an answer, a delivery, a completed or cancelled job.",
    )
    review_mail = models.BooleanField(
        "email me about reviews and replies",
        default=True,
        db_default=True,
        help_text="A review of your work, a freelancer's reply to your review.",
    )
    news_mail = models.BooleanField(
        "email me product news",
        default=False,
        db_default=False,
        help_text="Now and then, what is new on the site. Off unless you turn it on.",
    )
    # Set when the owner deleted the account: the row stays as a tombstone, emptied of
    # everything personal, so that what others keep (their threads, reviews written)
    # still has an author. See marketplace/accounts/actions.py.
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]
        constraints = [
            # Addresses differing only in case are one address.
            models.UniqueConstraint(Lower("email"), name="profiles_user_email_ci_unique"),
        ]
        indexes = [
            # The few deactivated accounts, for hidden_profile_id_queries().
            models.Index(
                fields=["id"], condition=Q(is_active=False), name="profiles_user_inactive_idx"
            ),
        ]

    def __str__(self):
        return self.email

    @property
    def display_name(self):
        """The name others see; accounts from before sign-up asked for one have none."""
        if self.deleted_at:
            return FORMER_MEMBER
        return self.name or UNNAMED_USER

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.display_name


class SkillQuerySet(models.QuerySet):
    def approved(self):
        """Skills public pages may show: the vocabulary staff have let through."""
        return self.filter(approved=True)


class Skill(models.Model):
    """A shared vocabulary: "news writing" and "News Writing" are one skill.

    A name a freelancer adds that is not in it yet waits (`approved` False) and no public
    page shows it until staff approve it, or approve a service that carries it."""

    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=70, unique=True)
    approved = models.BooleanField(
        default=True,
        db_default=True,
        help_text="Shown on public pages. New names from freelancers wait for staff.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SkillQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="profiles_skill_name_ci_unique"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("profiles:skill", kwargs={"slug": self.slug})


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


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED)

    def public(self):
        """Published articles of public profiles."""
        return self.published().filter(profile__in=Profile.objects.public())


class Article(models.Model):
    """A portfolio article: Markdown written by the freelancer, stored rendered and sanitised."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="articles")
    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160)
    body = models.TextField(validators=[MaxLengthValidator(50_000)])
    body_html = models.TextField(blank=True, editable=False)
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    cover = models.ImageField(upload_to="profiles/covers/", blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "slug"], name="profiles_article_slug_unique_per_profile"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="profiles_article_published_has_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["profile", "status", "-published_at"],
                name="profiles_article_list_idx",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "profiles:article", kwargs={"profile_slug": self.profile.slug, "slug": self.slug}
        )

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED
