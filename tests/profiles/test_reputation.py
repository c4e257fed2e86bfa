"""The figures behind a page's rating ("How this rating is computed"), as the review
actions store them on the row and the page reads them, checked against a set of reviews
computed by hand, and the facts each review's label shows."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from profiles.selectors import HireFacts, Reputation, reviews_section
from reviews.actions import ratings_recompute_all
from reviews.models import Review
from tests.profiles.factories import UserFactory
from tests.reviews.factories import ReviewFactory
from tests.services.factories import ServiceFactory
from tests.services.threads import MessageFactory

pytestmark = pytest.mark.django_db


def _on(day):
    return datetime.datetime(2025, 3, day, 12, tzinfo=datetime.UTC)


def _review(service, author, stars, *, day, hidden=""):
    """A review by `author`: stars = (overall, communication, quality, value), written on
    March `day`; hidden by staff under the category `hidden` if given."""
    rating, communication, quality, value = stars
    review = ReviewFactory(
        engagement__service=service,
        engagement__client=author,
        rating=rating,
        communication=communication,
        quality=quality,
        value=value,
    )
    fields = {"created_at": _on(day)}
    if hidden:
        fields |= {"is_hidden": True, "hidden_reason": "Private note.", "hidden_category": hidden}
    Review.objects.filter(pk=review.pk).update(**fields)
    return review


@pytest.fixture
def reviewed(freelancer):
    """Fran's service: four visible reviews from three clients (Ann twice), four hidden
    ones, and a review of another service that must not count."""
    service = ServiceFactory(freelancer=freelancer.profile)
    ann, ben, cleo = (UserFactory(name=name) for name in ("Ann", "Ben", "Cleo"))
    _review(service, ann, (5, 5, 4, 3), day=1)
    _review(service, ann, (4, 3, 4, 4), day=10)
    _review(service, ben, (3, 4, 2, 5), day=5)
    _review(service, cleo, (2, 1, 2, 2), day=20)
    _review(service, UserFactory(), (1, 1, 1, 1), day=2, hidden="spam")
    _review(service, UserFactory(), (1, 1, 1, 1), day=25, hidden="spam")
    _review(service, UserFactory(), (5, 5, 5, 5), day=26, hidden="conflict")
    _review(service, ann, (1, 1, 1, 1), day=27, hidden="abuse")
    _review(ServiceFactory(), UserFactory(), (1, 1, 1, 1), day=28)
    return _recounted(service)


def _recounted(row):
    """`row` (a service or a profile) as the review actions leave it: its rating and
    review figures recounted and stored, then read back."""
    ratings_recompute_all()
    row.refresh_from_db()
    return row


def _section(row, reviews=None):
    """The reviews section of `row`'s page, from the figures stored on it."""
    return reviews_section((reviews or row.reviews).all(), figures=row.review_figures, page=1)


def _reputation(row, reviews=None):
    return _section(row, reviews).reputation


# The `reviewed` fixture's figures, worked out by hand.
REVIEWED = Reputation(
    review_count=4,
    client_count=3,  # Ann reviewed twice, counted once
    average=Decimal("3.50"),  # (5 + 4 + 3 + 2) / 4
    communication=Decimal("3.25"),  # (5 + 3 + 4 + 1) / 4
    quality=Decimal("3.00"),  # (4 + 4 + 2 + 2) / 4
    value=Decimal("3.50"),  # (3 + 4 + 5 + 2) / 4
    first_review_at=_on(1),
    latest_review_at=_on(20),  # hidden reviews are later, and left out
    hidden=[("Spam", 2), ("Abuse", 1), ("Conflict of interest", 1)],
)


def test_the_reputation_matches_the_figures_computed_by_hand(reviewed):
    figures = _reputation(reviewed)

    assert figures == REVIEWED
    assert figures.hidden_count == 4


def test_the_profile_reputation_counts_the_reviews_of_all_its_services(reviewed, freelancer):
    other = ServiceFactory(freelancer=freelancer.profile)
    _review(other, UserFactory(), (5, 5, 5, 5), day=21)

    profile = _recounted(freelancer.profile)
    figures = _reputation(profile, profile.reviews.of_published_services())

    assert (figures.review_count, figures.client_count) == (5, 4)
    assert figures.average == Decimal("3.80")  # 19 / 5
    assert figures.latest_review_at == _on(21)


def test_a_page_whose_reviews_are_all_hidden_shows_no_reputation(
    freelancer, django_assert_num_queries
):
    service = ServiceFactory(freelancer=freelancer.profile)
    _review(service, UserFactory(), (2, 2, 2, 2), day=3, hidden="off_topic")
    _recounted(service)

    with django_assert_num_queries(0):  # no visible review: nothing is asked
        section = _section(service)

    assert (section.reputation, section.distribution, section.listed) == (None, [], [])


def test_the_reputation_is_frozen(reviewed):
    figures = _reputation(reviewed)

    with pytest.raises(AttributeError):
        figures.review_count = 99


def test_the_reviews_section_carries_the_reputation_and_each_reviews_hire_facts(
    reviewed, django_assert_num_queries
):
    requested, completed = timezone.now() - datetime.timedelta(days=17), timezone.now()
    first = Review.objects.filter(service=reviewed, is_hidden=False).order_by("-created_at")[0]
    type(first.engagement).objects.filter(pk=first.engagement_id).update(
        created_at=requested, completed_at=completed
    )

    with django_assert_num_queries(1):  # the page with its job facts; the rest is stored
        section = _section(reviewed)

    assert section.reputation == REVIEWED
    assert [review.pk for review, _ in section.listed] == [r.pk for r in section.page]
    review, facts = section.listed[0]
    assert review.pk == first.pk
    assert facts == HireFacts(requested_at=requested, completed_at=completed, message_count=None)


def test_no_message_count_is_claimed_until_the_threads_provide_one(reviewed):
    section = _section(reviewed)

    assert {facts.message_count for _, facts in section.listed} == {None}


def test_each_reviews_facts_count_the_messages_of_its_jobs_thread(reviewed):
    reviews = list(Review.objects.filter(service=reviewed, is_hidden=False).order_by("pk"))
    talked, quiet = reviews[0].engagement, reviews[1].engagement
    for text in ("Hello", "Draft attached", "Thanks"):
        MessageFactory(engagement=talked, author=talked.client, text=text)

    section = _section(reviewed)

    counts = {review.engagement_id: facts.message_count for review, facts in section.listed}
    assert counts[talked.pk] == 3
    assert counts[quiet.pk] is None  # a job without messages claims nothing
