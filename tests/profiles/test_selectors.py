"""The reviews block of service and profile pages: a page of visible reviews and the star
distribution, read through the reverse relations (service.reviews, profile.reviews)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from common.pagination import known_count_page
from profiles.selectors import (
    ProfileDetail,
    profile_get_for_detail,
    reviews_section,
)
from reviews.actions import ratings_recompute_all
from reviews.models import Review
from tests.profiles.factories import ArticleFactory, UserFactory
from tests.reviews.factories import ReviewFactory
from tests.services.factories import EngagementFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _listing_page(service, *, page):
    """The service's reviews section as (page, distribution), from the figures stored on
    the `service` instance."""
    section = reviews_section(service.reviews.all(), figures=service.review_figures, page=page)
    return section.page, section.distribution


# --- The star distribution -----------------------------------------------------------------


def _reviews_of(service, ratings, *, hidden=()):
    """Reviews of `service` with these overall ratings; those at the `hidden` indexes
    hidden by staff. Each is a day older than the one before it. The ratings and review
    figures are then recounted as the review actions do, and `service` read again."""
    now = timezone.now()
    reviews = []
    for n, stars in enumerate(ratings):
        review = ReviewFactory(engagement__service=service, rating=stars, text=f"Review {n}")
        fields = {"created_at": now - datetime.timedelta(days=n)}
        if n in hidden:
            fields |= {"is_hidden": True, "hidden_reason": "Abusive.", "hidden_category": "abuse"}
        Review.objects.filter(pk=review.pk).update(**fields)
        reviews.append(review)
    ratings_recompute_all()
    service.refresh_from_db()
    return reviews


def test_distribution_counts_each_star_from_five_down_with_percentages():
    service = ServiceFactory()
    _reviews_of(service, [5, 5, 4, 1])
    _reviews_of(ServiceFactory(), [3, 3])  # another service's reviews are not counted

    _, distribution = _listing_page(service, page=1)

    assert distribution == [(5, 2, 50), (4, 1, 25), (3, 0, 0), (2, 0, 0), (1, 1, 25)]


def test_distribution_of_visible_reviews_leaves_hidden_ones_out():
    service = ServiceFactory()
    _reviews_of(service, [5, 4, 4, 2], hidden={0, 3})

    assert _listing_page(service, page=1)[1] == [
        (5, 0, 0),
        (4, 2, 100),
        (3, 0, 0),
        (2, 0, 0),
        (1, 0, 0),
    ]


# --- reviews_section() --------------------------------------------------------------------


def test_listing_page_is_ten_visible_reviews_newest_first_with_their_distribution(
    django_assert_num_queries,
):
    service = ServiceFactory()
    reviews = _reviews_of(service, [5, 4, 3, 5, 5, 4, 2, 5, 1, 4, 5, 3, 5], hidden={1})
    visible = [review for n, review in enumerate(reviews) if n != 1]

    with django_assert_num_queries(1):  # reviews with their job facts; the rest is stored
        page, distribution = _listing_page(service, page=1)
        listed = list(page.object_list)

    assert [review.pk for review in listed] == [review.pk for review in visible[:10]]
    assert page.paginator.num_pages == 2
    assert page.has_next()
    assert distribution == [(5, 6, 50), (4, 2, 17), (3, 2, 17), (2, 1, 8), (1, 1, 8)]


def test_listing_page_two_holds_the_oldest_visible_reviews():
    service = ServiceFactory()
    reviews = _reviews_of(service, [5] * 13, hidden={12})

    page, _ = _listing_page(service, page="2")

    assert [review.pk for review in page.object_list] == [review.pk for review in reviews[10:12]]
    assert page.number == 2
    assert not page.has_next()


def test_listing_page_loads_each_reviews_author_and_service(django_assert_num_queries):
    service = ServiceFactory()
    _reviews_of(service, [5, 4, 3])
    # The page as listing() gives it, before reviews_section() loads it.
    page = known_count_page(service.reviews.listing(), per_page=10, count=3, page=1)

    with django_assert_num_queries(1):
        names = [(review.author.display_name, review.service.title) for review in page]

    assert len(names) == 3
    assert {title for _, title in names} == {service.title}


@pytest.mark.parametrize(("asked", "number"), [("abc", 1), ("0", 1), ("-3", 1), ("99", 2)])
def test_listing_page_answers_a_bad_page_number_with_a_real_page(asked, number):
    service = ServiceFactory()
    _reviews_of(service, [5] * 11)

    page, _ = _listing_page(service, page=asked)

    assert page.number == number


def test_listing_page_with_no_reviews_runs_no_query(django_assert_num_queries):
    service = ServiceFactory()

    with django_assert_num_queries(0):
        page, distribution = _listing_page(service, page=1)

    assert distribution == []
    assert page.paginator.count == 0


def test_listing_page_takes_the_count_from_the_row_not_a_count_query(
    django_assert_num_queries,
):
    service = ServiceFactory()
    _reviews_of(service, [5, 4, 3])
    # A review the row's figures do not count yet.
    engagement = EngagementFactory(completed=True, service=service, client=UserFactory())
    ReviewFactory(engagement=engagement)

    with django_assert_num_queries(1):  # the page with its job facts
        page, _ = _listing_page(service, page=1)
        assert page.paginator.count == 3
        list(page.object_list)


# --- profile_get_for_detail() -----------------------------------------------------------


def test_the_profile_detail_is_a_frozen_profile_detail_with_every_part_of_the_page(
    freelancer, django_assert_num_queries
):
    profile = freelancer.profile
    services = [ServiceFactory(freelancer=profile, title=f"Gig {n}") for n in range(3)]
    _reviews_of(services[0], [5, 3])

    detail = profile_get_for_detail(slug=profile.slug, viewer=AnonymousUser())

    assert isinstance(detail, ProfileDetail)
    assert detail.profile == profile
    assert {s.pk for s in detail.services} == {s.pk for s in services}
    assert detail.articles == []
    with django_assert_num_queries(0):  # loaded by the selector, not by the template
        assert [r.rating for r in detail.reviews.page] == [5, 3]
    assert detail.reviews.distribution[0] == (5, 1, 50)
    with pytest.raises(AttributeError):
        detail.profile = None  # frozen


def test_the_profile_lists_its_articles_as_cards_without_their_texts(
    freelancer, django_assert_num_queries
):
    written = ArticleFactory(profile=freelancer.profile, title="Baltic shipping notes")

    detail = profile_get_for_detail(slug=freelancer.profile.slug, viewer=AnonymousUser())

    with django_assert_num_queries(0):  # what a card shows came with the list
        shown = [(a.title, a.slug, a.reading_minutes, a.published_at) for a in detail.articles]
    assert shown == [(written.title, written.slug, 1, written.published_at)]
    assert {"body", "body_html"} <= detail.articles[0].get_deferred_fields()
