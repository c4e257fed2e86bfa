"""What the database itself guarantees about services, and who may see which."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchQuery
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from services import selectors
from services.models import Service
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _search(word):
    return Service.objects.filter(search_document=SearchQuery(word, config="english"))


# --- Constraints -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"hourly_rate": Decimal("0")},
        {"hourly_rate": Decimal("-5")},
        {"starting_price": Decimal("-0.01")},
        {"status": Service.Status.PUBLISHED, "published_at": None},
        {"rating_average": Decimal("5.01")},
        {"rating_average": Decimal("-0.01")},
    ],
    ids=[
        "hourly-rate-zero",
        "hourly-rate-negative",
        "starting-price-negative",
        "published-without-date",
        "rating-above-five",
        "rating-below-zero",
    ],
)
def test_database_refuses_a_service_that_breaks_a_constraint(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceFactory(**fields)

    assert not Service.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"hourly_rate": Decimal("0.01")},
        {"starting_price": Decimal("0")},
        {"status": Service.Status.DRAFT, "published_at": None},
        {"rating_average": Decimal("5")},
        {"rating_average": Decimal("0")},
    ],
    ids=["tiny-rate", "free-start", "draft-without-date", "rating-five", "rating-zero"],
)
def test_database_accepts_values_at_the_edge_of_each_constraint(fields):
    service = ServiceFactory(**fields)

    assert Service.objects.filter(pk=service.pk).exists()


def test_two_services_cannot_share_a_slug():
    ServiceFactory(slug="news-writing")

    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceFactory(slug="news-writing")

    assert Service.objects.filter(slug="news-writing").count() == 1


# --- Who sees what -----------------------------------------------------------------------


def test_public_services_are_published_ones_of_active_profiles_of_active_users():
    service = ServiceFactory()

    assert list(Service.objects.public()) == [service]


@pytest.mark.parametrize(
    "status",
    [
        Service.Status.DRAFT,
        Service.Status.PENDING,
        Service.Status.REJECTED,
        Service.Status.SUSPENDED,
    ],
)
def test_a_service_that_is_not_published_is_not_public(status):
    ServiceFactory(title="Shown")
    ServiceFactory(title="Hidden", status=status, published_at=None)

    assert [s.title for s in Service.objects.public()] == ["Shown"]


def test_a_published_service_of_a_suspended_profile_is_not_public():
    ServiceFactory(title="Shown")
    hidden = ServiceFactory(title="Hidden")
    hidden.freelancer.status = "suspended"
    hidden.freelancer.save()

    assert [s.title for s in Service.objects.public()] == ["Shown"]


def test_a_published_service_of_a_deactivated_user_is_not_public():
    ServiceFactory(title="Shown")
    hidden = ServiceFactory(title="Hidden")
    hidden.freelancer.user.is_active = False
    hidden.freelancer.user.save()

    assert [s.title for s in Service.objects.public()] == ["Shown"]


def _detail(service, viewer):
    return selectors.service_get_for_detail(slug=service.slug, viewer=viewer).service


def test_owner_also_sees_their_own_services_in_every_status(freelancer):
    for status in Service.Status.values:
        service = ServiceFactory(
            freelancer=freelancer.profile,
            title=f"Own {status}",
            status=status,
            published_at=timezone.now() if status == Service.Status.PUBLISHED else None,
        )

        assert _detail(service, freelancer) == service


def test_nobody_sees_the_non_public_services_of_others(freelancer, other_freelancer):
    for status in (Service.Status.DRAFT, Service.Status.PENDING, Service.Status.REJECTED):
        hidden = ServiceFactory(freelancer=freelancer.profile, status=status, published_at=None)
        for viewer in (other_freelancer, AnonymousUser()):
            with pytest.raises(Http404):
                _detail(hidden, viewer)
    public = ServiceFactory(freelancer=freelancer.profile, title="Live")

    assert public.is_public
    assert _detail(public, other_freelancer) == public
    assert _detail(public, AnonymousUser()) == public


def test_owner_of_a_suspended_profile_still_sees_their_services(freelancer, stranger):
    profile = freelancer.profile
    profile.status = "suspended"
    profile.save()
    service = ServiceFactory(freelancer=profile)

    assert _detail(service, freelancer) == service
    assert not service.is_public
    with pytest.raises(Http404):
        _detail(service, stranger)
    assert list(Service.objects.public()) == []


# --- Search document ---------------------------------------------------------------------


@pytest.fixture
def searchable():
    return ServiceFactory(
        title="Investigative journalism",
        keywords="Podcasting Articles & News",
        description="Long reads about municipal budgets.",
    )


@pytest.mark.parametrize(
    "word",
    ["journalism", "investigative", "podcasting", "budgets", "municipal"],
    ids=["title", "title-other-word", "skill-keyword", "description", "description-other"],
)
def test_the_database_fills_the_search_document_from_title_keywords_and_description(
    searchable, word
):
    ServiceFactory(title="Logo design", keywords="Branding", description="Vector marks.")

    assert list(_search(word)) == [searchable]


def test_search_document_stems_words_in_english(searchable):
    assert list(_search("budget")) == [searchable]


def test_search_document_follows_a_new_title(searchable):
    searchable.title = "Data visualisation"
    searchable.save()

    assert list(_search("visualisation")) == [searchable]
    assert list(_search("journalism")) == []


def test_search_document_follows_a_queryset_update_of_the_title(searchable):
    Service.objects.filter(pk=searchable.pk).update(title="Courtroom sketches")

    assert list(_search("courtroom")) == [searchable]
    assert list(_search("investigative")) == []
