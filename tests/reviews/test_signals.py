"""The signals staff check reviews by: each fires on its own pattern, in SQL, and a plain
review fires none. Signals are read for staff only and change nothing by themselves."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews import selectors
from reviews.models import Review
from tests.profiles.factories import ProfileFactory, UserFactory
from tests.reviews.signals import days_ago, reviewed_job, veteran
from tests.services.factories import EngagementFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(freelancer):
    return freelancer.profile


def _codes(review):
    return [signal.code for signal in selectors.review_signals([review.pk])[review.pk]]


def test_a_plain_review_fires_no_signal_at_all(profile):
    review = reviewed_job(profile)

    assert _codes(review) == []
    assert not selectors.reviews_to_check().filter(pk=review.pk).exists()


def test_an_account_younger_than_a_week_when_it_hired(profile):
    young = veteran(date_joined=days_ago(12))  # joined 2 days before hiring, 10 days ago

    review = reviewed_job(profile, author=young)

    assert _codes(review) == ["new_account"]


def test_an_account_a_week_old_when_it_hired_fires_nothing(profile):
    author = veteran(date_joined=days_ago(17) - timedelta(minutes=1))

    assert _codes(reviewed_job(profile, author=author)) == []


def test_a_job_accepted_and_completed_within_an_hour(profile):
    accepted = days_ago(3)

    review = reviewed_job(profile, accepted=accepted, completed=accepted + timedelta(minutes=59))

    assert _codes(review) == ["quick_job"]


def test_a_job_without_a_message_exchanged(profile):
    review = reviewed_job(profile, messages=0)

    assert _codes(review) == ["no_messages"]


def test_a_client_who_only_ever_hired_this_freelancer(profile):
    loyal = UserFactory(date_joined=days_ago(60))  # no job with anyone else

    review = reviewed_job(profile, author=loyal)

    assert _codes(review) == ["only_freelancer"]


def test_reciprocal_hiring(freelancer, profile):
    author = veteran()
    author_profile = ProfileFactory(user=author)
    EngagementFactory(service=ServiceFactory(freelancer=author_profile), client=freelancer)

    review = reviewed_job(profile, author=author)

    assert _codes(review) == ["reciprocal"]


def test_three_reviewers_of_the_freelancer_who_joined_the_same_day(profile):
    day = timezone.now().replace(hour=9, minute=0) - timedelta(days=40)
    cluster = [
        reviewed_job(profile, author=veteran(date_joined=day + timedelta(hours=hour)))
        for hour in (0, 3, 6)
    ]
    apart = reviewed_job(profile, author=veteran(date_joined=day - timedelta(days=1)))

    signals = selectors.review_signals([review.pk for review in [*cluster, apart]])

    for review in cluster:
        assert [s.code for s in signals[review.pk]] == ["same_day_reviewers"]
    assert signals[apart.pk] == []


def test_two_reviewers_who_joined_the_same_day_fire_nothing(profile):
    day = days_ago(40)
    pair = [reviewed_job(profile, author=veteran(date_joined=day)) for _ in range(2)]

    assert all(_codes(review) == [] for review in pair)


def test_one_client_reviewing_three_times_in_a_week(profile):
    author = veteran()
    others = [ProfileFactory(), ProfileFactory()]
    reviews = [
        reviewed_job(profile, author=author, written=days_ago(1)),
        reviewed_job(others[0], author=author, written=days_ago(3)),
        reviewed_job(others[1], author=author, written=days_ago(7)),
    ]
    # only_freelancer cannot fire: this client hired three freelancers.

    assert [_codes(review) for review in reviews] == [["review_burst"]] * 3


def test_three_reviews_spread_over_a_month_fire_nothing(profile):
    author = veteran()
    reviews = [
        reviewed_job(ProfileFactory(), author=author, written=days_ago(day)) for day in (1, 10, 20)
    ]

    assert all(_codes(review) == [] for review in reviews)


def test_signals_are_counted_in_one_query_whatever_the_number_of_reviews(
    profile, django_assert_num_queries
):
    reviews = [reviewed_job(profile) for _ in range(3)]
    young = reviewed_job(profile, author=veteran(date_joined=days_ago(11)))

    with django_assert_num_queries(1):
        signals = selectors.review_signals([r.pk for r in [*reviews, young]])

    assert [len(signals[r.pk]) for r in reviews] == [0, 0, 0]
    assert [s.code for s in signals[young.pk]] == ["new_account"]


def test_the_queue_holds_reviews_with_signals_until_cleared_or_hidden(profile, moderator):
    flagged = reviewed_job(profile, author=veteran(date_joined=days_ago(11)))
    cleared = reviewed_job(profile, author=veteran(date_joined=days_ago(11)))
    hidden = reviewed_job(profile, author=veteran(date_joined=days_ago(11)))
    reviewed_job(profile)  # no signal
    Review.objects.filter(pk=cleared.pk).update(
        checked_at=timezone.now(), checked_by=moderator, check_note="Known client."
    )
    Review.objects.filter(pk=hidden.pk).update(
        is_hidden=True, hidden_reason="Fake.", hidden_category="spam"
    )

    assert list(selectors.reviews_to_check().values_list("pk", flat=True)) == [flagged.pk]
