"""The review figures kept on the service and profile rows (profiles.models.ReviewFigures),
which the pages read for their star distribution and "How this rating is computed": written
by every action that changes what the reviews add up to, exact under concurrent reviews and
moderation, repaired by the recount, and filled by the migration that added them for the
reviews already there."""

import importlib

import pytest
from django.db import connection

from profiles.actions import review_figures
from profiles.models import Profile, ReviewFigures
from reviews import actions
from reviews.models import Review
from services import actions as service_actions
from services.models import Service
from tests.profiles.factories import UserFactory
from tests.races import race
from tests.reviews.factories import review_publish
from tests.services.factories import EngagementFactory, ServiceFactory

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("reviews.migrations.0007_review_figures_backfill")


def _stored(row) -> ReviewFigures:
    """The figures on the row (a service or a profile) right now."""
    row.refresh_from_db()
    return ReviewFigures.from_json(row.review_figures)


def _counted(row) -> ReviewFigures:
    """What the row's reviews add up to, counted afresh (a profile's: those of its
    published services)."""
    profile = isinstance(row, Profile)
    return review_figures(row.reviews.of_published_services() if profile else row.reviews)


@pytest.fixture
def reviewed(fran_services):
    """Ann reviews two jobs on the news service, Ben one on the editing service."""
    news, editing = fran_services
    ann, ben = UserFactory(name="Ann"), UserFactory(name="Ben")
    return [
        review_publish(service=news, client=ann, rating=5, communication=4, quality=3, value=2),
        review_publish(service=news, client=ann, rating=3),
        review_publish(service=editing, client=ben, rating=4),
    ]


def test_submitted_reviews_are_in_the_figures_of_their_service_and_profile(
    reviewed, fran_services, freelancer
):
    first, second, third = reviewed
    news, _ = fran_services

    assert _stored(news) == ReviewFigures(
        stars=(0, 0, 1, 0, 1),
        clients=1,  # Ann twice
        communication=4 + 3,
        quality=3 + 3,
        value=2 + 3,
        first_at=first.created_at,
        latest_at=second.created_at,
    )
    profile = _stored(freelancer.profile)
    assert (profile.stars, profile.clients) == ((0, 0, 1, 1, 1), 2)
    assert (profile.first_at, profile.latest_at) == (first.created_at, third.created_at)
    freelancer.profile.refresh_from_db()
    assert (freelancer.profile.rating_average, freelancer.profile.review_count) == (
        profile.rating_average,
        3,
    )


def test_hiding_moves_a_review_to_its_category_and_showing_it_moves_it_back(
    reviewed, fran_services, freelancer, moderator
):
    news, _ = fran_services
    before = _stored(news), _stored(freelancer.profile)

    actions.review_hide(review=reviewed[0], moderator=moderator, reason="Spam.", category="spam")

    hidden = _stored(news)
    assert (hidden.stars, hidden.hidden, hidden.first_at) == (
        (0, 0, 1, 0, 0),
        {"spam": 1},
        reviewed[1].created_at,
    )
    assert _stored(freelancer.profile).hidden == {"spam": 1}

    actions.review_unhide(review=reviewed[0], moderator=moderator)

    assert (_stored(news), _stored(freelancer.profile)) == before


def test_a_suspended_service_takes_its_reviews_out_of_the_profiles_figures(
    reviewed, fran_services, freelancer, moderator
):
    news, editing = fran_services
    before = _stored(freelancer.profile)

    service_actions.service_suspend(service=news, moderator=moderator, note="Stolen samples.")

    assert _stored(freelancer.profile) == _stored(editing)  # the editing review alone
    assert _stored(news).count == 2  # the service's own figures keep its reviews

    service_actions.service_restore(service=news, moderator=moderator)

    assert _stored(freelancer.profile) == before


def test_a_deleted_review_leaves_the_figures(reviewed, fran_services, freelancer):
    _, editing = fran_services

    actions.review_delete(review=reviewed[2])

    assert _stored(editing) == ReviewFigures()
    assert _stored(freelancer.profile) == _counted(freelancer.profile)
    assert _stored(freelancer.profile).stars == (0, 0, 1, 0, 1)


def test_the_recount_repairs_figures_that_drifted_and_names_the_row(reviewed, fran_services):
    news, _ = fran_services
    Service.objects.filter(pk=news.pk).update(review_figures={})

    drifts = actions.ratings_recompute_all()

    assert [drift.row for drift in drifts] == [f"services.Service {news.pk}"]
    assert _stored(news) == _counted(news)
    assert actions.ratings_recompute_all() == []


def test_the_migration_fills_the_figures_of_the_reviews_already_there(
    reviewed, fran_services, freelancer, moderator
):
    news, editing = fran_services
    actions.review_hide(review=reviewed[1], moderator=moderator, reason="Rude.", category="abuse")
    withdrawn = ServiceFactory(freelancer=freelancer.profile, title="Proofreading")
    review_publish(service=withdrawn, rating=1)
    service_actions.service_withdraw(service=withdrawn)
    rows = [news, editing, withdrawn, freelancer.profile]
    expected = [_counted(row) for row in rows]
    Service.objects.update(review_figures={})  # as the new columns start
    Profile.objects.update(review_figures={})

    with connection.cursor() as cursor:
        for operation in MIGRATION.Migration.operations:
            cursor.execute(operation.sql)

    assert [_stored(row) for row in rows] == expected
    assert expected[0].hidden == {"abuse": 1}
    assert expected[3].stars == (0, 0, 0, 1, 1)  # the withdrawn service's review left out


# --- Under concurrency -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_reviews_and_moderation_leave_exact_figures(
    fran_services, freelancer, moderator
):
    news, editing = fran_services
    hidden_later = [review_publish(service=news, rating=1) for _ in range(2)]
    ratings = [5, 4, 4, 5, 3, 5, 2, 4]
    jobs = [
        EngagementFactory(completed=True, service=(news, editing)[n % 2], client=UserFactory())
        for n in range(len(ratings))
    ]

    def act(*, job=None, stars=None, review=None):
        if review is not None:
            return actions.review_hide(
                review=review, moderator=moderator, reason="Spam.", category="spam"
            )
        return actions.review_submit(
            engagement=job,
            author=job.client,
            rating=stars,
            communication=stars,
            quality=stars,
            value=stars,
            text="Careful research, clean copy, delivered a day early.",
        )

    outcome = race(
        act,
        [{"job": job, "stars": stars} for job, stars in zip(jobs, ratings, strict=True)]
        + [{"review": review} for review in hidden_later],
    )

    assert (outcome.errors, outcome.refusals) == ([], [])
    assert Review.objects.filter(is_hidden=False).count() == 8
    for row in (news, editing, freelancer.profile):
        assert _stored(row) == _counted(row)
    assert _stored(freelancer.profile).stars == (0, 1, 1, 3, 3)
    assert _stored(freelancer.profile).clients == 8
    assert _stored(news).hidden == {"spam": 2}
