"""Accounts: the user, who signs in by email, and how a user is named to others."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

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
