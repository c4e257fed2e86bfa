"""What the database itself refuses."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from reviews.models import Report, Review
from tests.reviews.factories import ReviewFactory

pytestmark = pytest.mark.django_db

RATING_FIELDS = ["rating", "communication", "quality", "value"]


def _integrity_error(queryset, **values) -> str:
    """The database's refusal of an UPDATE, as text; fails the test if it accepts it."""
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        queryset.update(**values)
    return str(excinfo.value)


# --- Constraints -------------------------------------------------------------------------


@pytest.mark.parametrize("field", RATING_FIELDS)
@pytest.mark.parametrize("stars", [0, 6])
def test_the_database_refuses_a_rating_outside_one_to_five(field, stars):
    review = ReviewFactory()

    error = _integrity_error(Review.objects.filter(pk=review.pk), **{field: stars})

    assert f"reviews_review_{field}_1_to_5" in error
    review.refresh_from_db()
    assert getattr(review, field) == 5


@pytest.mark.parametrize("field", RATING_FIELDS)
@pytest.mark.parametrize("stars", [1, 5])
def test_the_database_accepts_one_and_five_stars(field, stars):
    review = ReviewFactory(rating=3, communication=3, quality=3, value=3)

    Review.objects.filter(pk=review.pk).update(**{field: stars})

    review.refresh_from_db()
    assert getattr(review, field) == stars


def test_the_database_refuses_a_second_review_of_one_job():
    first = ReviewFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(engagement=first.engagement)

    assert Review.objects.filter(engagement=first.engagement).count() == 1


def test_the_database_refuses_a_hidden_review_without_a_reason():
    review = ReviewFactory()

    error = _integrity_error(
        Review.objects.filter(pk=review.pk),
        is_hidden=True,
        hidden_reason="",
        hidden_category="spam",
    )

    assert "reviews_review_hidden_has_reason" in error
    assert Review.objects.get(pk=review.pk).is_hidden is False


def test_a_hidden_review_with_a_reason_is_stored():
    review = ReviewFactory()

    Review.objects.filter(pk=review.pk).update(
        is_hidden=True, hidden_reason="Insults.", hidden_category="abuse"
    )

    assert Review.objects.get(pk=review.pk).is_hidden is True


def test_one_reporter_has_one_open_report_per_review(stranger):
    review = ReviewFactory()
    Report.objects.create(review=review, reporter=stranger, reason="Spam link.")

    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        Report.objects.create(review=review, reporter=stranger, reason="Still spam.")

    assert "reviews_report_one_open_per_reporter" in str(excinfo.value)
    assert Report.objects.filter(review=review, reporter=stranger).count() == 1


def test_a_new_report_is_fine_once_the_first_is_resolved(stranger):
    review = ReviewFactory()
    first = Report.objects.create(review=review, reporter=stranger, reason="Spam link.")
    Report.objects.filter(pk=first.pk).update(
        status=Report.Status.RESOLVED, resolved_at=timezone.now()
    )

    second = Report.objects.create(review=review, reporter=stranger, reason="Spam again.")

    assert second.status == Report.Status.OPEN
    assert Report.objects.filter(review=review, reporter=stranger).count() == 2


def test_two_reporters_each_have_an_open_report_on_one_review(stranger, client_user):
    review = ReviewFactory()

    Report.objects.create(review=review, reporter=stranger, reason="Spam link.")
    Report.objects.create(review=review, reporter=client_user, reason="Off topic.")

    assert review.reports.filter(status=Report.Status.OPEN).count() == 2
