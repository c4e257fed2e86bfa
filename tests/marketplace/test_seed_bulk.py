"""seed_bulk at a small size: the data is consistent, so benchmarks measure a real site."""

import pytest
from django.core.management import call_command
from django.db import connection

from profiles.models import Profile, User
from reviews.actions import ratings_recompute_all
from reviews.models import Review
from services.models import Engagement, Service
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db

SERVICES = 500


@pytest.fixture
def bulk():
    call_command("seed_bulk", services=SERVICES, verbosity=0)


def test_it_loads_the_services_and_people_in_proportion(bulk):
    assert Service.objects.count() == SERVICES
    assert Profile.objects.count() == SERVICES // 5
    assert User.objects.count() == SERVICES // 5 + SERVICES // 10
    assert Review.objects.exists()
    assert Engagement.objects.exclude(status=Engagement.Status.COMPLETED).exists()


def test_stored_ratings_match_the_reviews(bulk):
    assert Service.objects.filter(review_count__gt=0).exists()
    assert ratings_recompute_all() == []


def test_every_service_is_in_a_leaf_category(bulk):
    assert not Service.objects.filter(category__parent__isnull=True).exists()


def test_every_search_document_is_filled(bulk):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM services_service "
            "WHERE search_document IS NULL OR length(search_document) = 0"
        )
        assert cursor.fetchone()[0] == 0


def test_every_word_of_every_search_document_is_in_the_search_words(bulk):
    """The load skips ordinary triggers (session_replication_role = replica); the search
    words' triggers fire all the same, or a word's start would miss the loaded services."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(DISTINCT found.word) FROM services_service, "
            "unnest(tsvector_to_array(search_document)) found(word) "
            "WHERE NOT EXISTS (SELECT FROM services_searchword kept WHERE kept.word = found.word)"
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT count(*) FROM services_searchword")
        assert cursor.fetchone()[0] > 0


def test_every_review_belongs_to_a_completed_job_of_its_service(bulk):
    reviews = Review.objects.select_related("engagement")
    assert all(
        review.engagement.status == Engagement.Status.COMPLETED
        and review.engagement.service_id == review.service_id
        and review.engagement.client_id == review.author_id
        for review in reviews
    )


def test_the_service_indexes_are_back_after_the_load(bulk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'services_service'")
        names = {row[0] for row in cursor.fetchall()}
    assert {index.name for index in Service._meta.indexes} <= names


def test_new_rows_after_the_load_get_fresh_ids(bulk, freelancer):
    service = ServiceFactory(freelancer=freelancer.profile)

    assert service.pk > SERVICES


def test_a_second_load_adds_to_the_first(bulk):
    call_command("seed_bulk", services=100, verbosity=0)

    assert Service.objects.count() == SERVICES + 100
    assert ratings_recompute_all() == []
