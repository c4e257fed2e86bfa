"""The cast: a freelancer, a client, a stranger and a moderator, and the helpers they share.

Also the services that the listing pages of every app are tested on: a `catalogue` that
each filter tells apart, and `mixed_visibility` (one public service among hidden ones).
"""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches
from django.core.files.storage import storages
from django.core.management import call_command

from marketplace.models import DataExport
from profiles.models import Profile
from services import search_selectors
from services.models import Category, MessageAttachment
from tests.profiles.factories import ProfileFactory, SkillFactory, UserFactory
from tests.services.browsing import HIDDEN_STATUSES, listed_service


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """The test database, and only it, trades durability for speed: its connections commit
    without waiting for the WAL to reach the disk (`synchronous_commit=off`), so a crashed
    server may lose the last commits of a database that is thrown away anyway.

    Per connection, because the server's fsync is shared with the development database,
    which stays durable.
    """
    options = settings.DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database gets the cache table too: rate limits count there, as in production.

    Each test's transaction rolls its cache rows back, so no test inherits spent limits.
    """
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)


@pytest.fixture(autouse=True)
def _data_from_migrations(request):
    """Transactional tests flush every table after themselves, and with them what data
    migrations loaded: the category tree and the Moderators group. Each one starts with
    them loaded again. (The flush re-creates permissions and content types itself.)"""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    request.getfixturevalue("transactional_db")
    if not Category.objects.exists():
        categories = importlib.import_module("services.migrations.0002_load_category_tree")
        categories.load(django_apps, schema_editor=None)
    moderators = importlib.import_module("marketplace.migrations.0001_moderators_group")
    appeals = importlib.import_module("marketplace.migrations.0002_moderators_decide_appeals")
    messages = importlib.import_module("marketplace.migrations.0003_moderators_see_messages")
    # Review reports' permissions were renamed with the model (reviews 0003).
    renamed = {
        old: new
        for old, new, *_names in importlib.import_module(
            "reviews.migrations.0004_reports_on_services_and_profiles"
        ).RENAMES
    }
    group, created = Group.objects.get_or_create(name=moderators.GROUP)
    if created:
        for granted in (moderators.PERMISSIONS, appeals.PERMISSIONS, messages.PERMISSIONS):
            for app_label, codenames in granted.items():
                group.permissions.add(
                    *Permission.objects.filter(
                        content_type__app_label=app_label,
                        codename__in=[renamed.get(name, name) for name in codenames],
                    )
                )


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path, monkeypatch):
    """Uploads go to this test's own folders; hashing is fast."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": settings.PRIVATE_MEDIA_ROOT, "base_url": None},
        },
    }
    # The resume and attachment fields called their storage callable once, when the models
    # loaded.
    monkeypatch.setattr(Profile._meta.get_field("resume"), "storage", storages["private"])
    monkeypatch.setattr(MessageAttachment._meta.get_field("file"), "storage", storages["private"])
    monkeypatch.setattr(DataExport._meta.get_field("file"), "storage", storages["private"])
    # Each test asks the planner's floor afresh: tests ANALYZE tables of their own making.
    search_selectors.forget_unknown_word_estimates()
    # Password hashing is slow by design; tests need it fast, not strong.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Factories write rows without the actions that invalidate cached pages, so pages are
    # computed afresh unless a test asks for the cache (`page_cache`).
    settings.PAGE_CACHE_TIMEOUT = 0


@pytest.fixture
def page_cache(settings):
    """Public pages and listings are cached as in production, starting empty."""
    settings.PAGE_CACHE_TIMEOUT = 600
    caches["pages"].clear()


@pytest.fixture
def freelancer(db):
    """A user with an active freelancer profile (`freelancer.profile`)."""
    user = UserFactory(email="fran@example.com", name="Fran Freelancer")
    ProfileFactory(user=user, display_name="Fran Freelancer", slug="fran-freelancer")
    return user


@pytest.fixture
def other_freelancer(db):
    user = UserFactory(email="olga@example.com", name="Olga Other")
    ProfileFactory(user=user, display_name="Olga Other", slug="olga-other")
    return user


@pytest.fixture
def client_user(db):
    return UserFactory(email="casey@example.com", name="Casey Client")


@pytest.fixture
def stranger(db):
    return UserFactory(email="sam@example.com", name="Sam Stranger")


@pytest.fixture
def moderator(db):
    return UserFactory(email="mo@example.com", name="Mo Moderator", is_staff=True)


@pytest.fixture
def catalogue():
    """Five services that each filter tells apart, newest first in this order."""
    journalism = SkillFactory(name="Journalism")
    python = SkillFactory(name="Python")
    return {
        "journalism": journalism,
        "services": [
            listed_service(
                "News feature",
                description="Long-form news.",
                hourly_rate=Decimal("20"),
                skills=[journalism],
                rating_average=Decimal("4.80"),
                review_count=5,
                days=1,
            ),
            listed_service(
                "Press release",
                description="Company news, fast.",
                hourly_rate=Decimal("45"),
                skills=[journalism],
                # A high average without reviews must not pass a rating filter.
                rating_average=Decimal("4.90"),
                review_count=0,
                days=2,
            ),
            listed_service(
                "Sales copy",
                leaf="copywriting",
                hourly_rate=Decimal("60"),
                rating_average=Decimal("3.20"),
                review_count=4,
                days=3,
            ),
            listed_service(
                "Shop website",
                leaf="web-development-design",
                hourly_rate=Decimal("90"),
                skills=[journalism],
                rating_average=Decimal("4.10"),
                review_count=2,
                days=4,
            ),
            listed_service(
                "Data dashboard",
                leaf="data-analysis",
                hourly_rate=Decimal("150"),
                skills=[python],
                rating_average=Decimal("2.50"),
                review_count=1,
                days=5,
            ),
        ],
    }


@pytest.fixture
def mixed_visibility(freelancer):
    """One public gig, and every kind that must stay out of sight, all matching "gig"."""
    skill = SkillFactory(name="Journalism")
    public = listed_service("Public gig", freelancer=freelancer.profile, skills=[skill], days=1)
    for status in HIDDEN_STATUSES:
        listed_service(
            f"Hidden {status} gig",
            freelancer=freelancer.profile,
            status=status,
            published_at=None,
            skills=[skill],
        )
    suspended = ProfileFactory(status=Profile.Status.SUSPENDED, slug="suspended-sue")
    listed_service("Suspended profile gig", freelancer=suspended, skills=[skill])
    inactive = ProfileFactory(user=UserFactory(is_active=False), slug="inactive-ian")
    listed_service("Inactive user gig", freelancer=inactive, skills=[skill])
    return public
