"""What the database itself refuses, and the review QuerySet's reads."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from reviews.models import Review, ReviewReport
from tests.profiles.factories import UserFactory
from tests.reviews.factories import CompletedEngagementFactory, ReviewFactory
from tests.services.factories import ServiceFactory

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

    error = _integrity_error(Review.objects.filter(pk=review.pk), is_hidden=True, hidden_reason="")

    assert "reviews_review_hidden_has_reason" in error
    assert Review.objects.get(pk=review.pk).is_hidden is False


def test_a_hidden_review_with_a_reason_is_stored():
    review = ReviewFactory()

    Review.objects.filter(pk=review.pk).update(is_hidden=True, hidden_reason="Insults.")

    assert Review.objects.get(pk=review.pk).is_hidden is True


def test_one_reporter_has_one_open_report_per_review(stranger):
    review = ReviewFactory()
    ReviewReport.objects.create(review=review, reporter=stranger, reason="Spam link.")

    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        ReviewReport.objects.create(review=review, reporter=stranger, reason="Still spam.")

    assert "reviews_report_one_open_per_reporter" in str(excinfo.value)
    assert ReviewReport.objects.filter(review=review, reporter=stranger).count() == 1


def test_a_new_report_is_fine_once_the_first_is_resolved(stranger):
    review = ReviewFactory()
    first = ReviewReport.objects.create(review=review, reporter=stranger, reason="Spam link.")
    ReviewReport.objects.filter(pk=first.pk).update(
        status=ReviewReport.Status.RESOLVED, resolved_at=timezone.now()
    )

    second = ReviewReport.objects.create(review=review, reporter=stranger, reason="Spam again.")

    assert second.status == ReviewReport.Status.OPEN
    assert ReviewReport.objects.filter(review=review, reporter=stranger).count() == 2


def test_two_reporters_each_have_an_open_report_on_one_review(stranger, client_user):
    review = ReviewFactory()

    ReviewReport.objects.create(review=review, reporter=stranger, reason="Spam link.")
    ReviewReport.objects.create(review=review, reporter=client_user, reason="Off topic.")

    assert review.reports.filter(status=ReviewReport.Status.OPEN).count() == 2


# --- distribution() ------------------------------------------------------------------------


def _reviews_of(service, ratings, *, hidden=()):
    """Reviews of `service` with these overall ratings; those at the `hidden` indexes
    hidden by staff. Each is a day older than the one before it."""
    now = timezone.now()
    reviews = []
    for n, stars in enumerate(ratings):
        review = ReviewFactory(engagement__service=service, rating=stars, text=f"Review {n}")
        fields = {"created_at": now - datetime.timedelta(days=n)}
        if n in hidden:
            fields |= {"is_hidden": True, "hidden_reason": "Abusive."}
        Review.objects.filter(pk=review.pk).update(**fields)
        reviews.append(review)
    return reviews


def test_distribution_counts_each_star_from_five_down_with_percentages(django_assert_num_queries):
    service = ServiceFactory()
    _reviews_of(service, [5, 5, 4, 1])
    _reviews_of(ServiceFactory(), [3, 3])  # another service's reviews are not counted

    with django_assert_num_queries(1):
        distribution = service.reviews.distribution()

    assert distribution == [(5, 2, 50), (4, 1, 25), (3, 0, 0), (2, 0, 0), (1, 1, 25)]


def test_distribution_of_visible_reviews_leaves_hidden_ones_out():
    service = ServiceFactory()
    _reviews_of(service, [5, 4, 4, 2], hidden={0, 3})

    assert service.reviews.visible().distribution() == [
        (5, 0, 0),
        (4, 2, 100),
        (3, 0, 0),
        (2, 0, 0),
        (1, 0, 0),
    ]


def test_distribution_of_no_reviews_is_all_zero():
    assert ServiceFactory().reviews.distribution() == [(n, 0, 0) for n in range(5, 0, -1)]


# --- listing_page() ------------------------------------------------------------------------


def test_listing_page_is_ten_visible_reviews_newest_first_with_their_distribution(
    django_assert_num_queries,
):
    service = ServiceFactory()
    reviews = _reviews_of(service, [5, 4, 3, 5, 5, 4, 2, 5, 1, 4, 5, 3, 5], hidden={1})
    visible = [review for n, review in enumerate(reviews) if n != 1]

    with django_assert_num_queries(2):  # the page of reviews, the distribution
        page, distribution = service.reviews.listing_page(count=12, page=1)
        listed = list(page.object_list)

    assert [review.pk for review in listed] == [review.pk for review in visible[:10]]
    assert page.paginator.num_pages == 2
    assert page.has_next()
    assert distribution == [(5, 6, 50), (4, 2, 17), (3, 2, 17), (2, 1, 8), (1, 1, 8)]


def test_listing_page_two_holds_the_oldest_visible_reviews():
    service = ServiceFactory()
    reviews = _reviews_of(service, [5] * 13, hidden={12})

    page, _ = service.reviews.listing_page(count=12, page="2")

    assert [review.pk for review in page.object_list] == [review.pk for review in reviews[10:12]]
    assert page.number == 2
    assert not page.has_next()


def test_listing_page_loads_each_reviews_author_and_service(django_assert_num_queries):
    service = ServiceFactory()
    _reviews_of(service, [5, 4, 3])
    page, _ = service.reviews.listing_page(count=3, page=1)

    with django_assert_num_queries(1):
        names = [(review.author.display_name, review.service.title) for review in page]

    assert len(names) == 3
    assert {title for _, title in names} == {service.title}


@pytest.mark.parametrize(("asked", "number"), [("abc", 1), ("0", 1), ("-3", 1), ("99", 2)])
def test_listing_page_answers_a_bad_page_number_with_a_real_page(asked, number):
    service = ServiceFactory()
    _reviews_of(service, [5] * 11)

    page, _ = service.reviews.listing_page(count=11, page=asked)

    assert page.number == number


def test_listing_page_with_no_reviews_runs_no_query(django_assert_num_queries):
    service = ServiceFactory()

    with django_assert_num_queries(0):
        page, distribution = service.reviews.listing_page(count=0, page=1)

    assert distribution == []
    assert page.paginator.count == 0


def test_listing_page_takes_the_count_from_the_row_not_a_count_query(
    django_assert_num_queries,
):
    service = ServiceFactory()
    _reviews_of(service, [5, 4, 3])
    engagement = CompletedEngagementFactory(service=service, client=UserFactory())
    ReviewFactory(engagement=engagement)

    with django_assert_num_queries(2):
        page, _ = service.reviews.listing_page(count=3, page=1)
        assert page.paginator.count == 3
        list(page.object_list)
