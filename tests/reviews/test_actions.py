"""Writes on reviews: who may review, reply and report, the ratings kept on the service and
profile rows, races, and mail."""

import threading
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from profiles.models import Profile
from reviews import actions
from reviews.actions import Drift
from reviews.models import Report, Review
from services.models import Engagement, Service
from tests.profiles.factories import UserFactory
from tests.reviews.factories import ReviewFactory, review_publish
from tests.services.factories import EngagementFactory, ServiceFactory

pytestmark = pytest.mark.django_db

E = Engagement.Status
GOOD_TEXT = "Careful research, clean copy, delivered a day early."


def _submit(engagement, *, author=None, rating=5, **overrides):
    arguments = {
        "engagement": engagement,
        "author": author or engagement.client,
        "rating": rating,
        "communication": rating,
        "quality": rating,
        "value": rating,
        "text": GOOD_TEXT,
    }
    return actions.review_submit(**(arguments | overrides))


def _ratings(row):
    """The (rating_average, review_count) stored on a service or profile row right now."""
    row.refresh_from_db(fields=["rating_average", "review_count"])
    return row.rating_average, row.review_count


@pytest.fixture
def job(freelancer, client_user):
    """Casey's completed job on Fran's service."""
    return EngagementFactory(
        completed=True, service=ServiceFactory(freelancer=freelancer.profile), client=client_user
    )


# --- Who may review what -----------------------------------------------------------------


def test_the_client_reviews_a_completed_job(job, client_user):
    review = _submit(job, rating=4, communication=5, quality=3, value=2, text="  " + GOOD_TEXT)

    review.refresh_from_db()
    assert (review.engagement, review.author) == (job, client_user)
    assert (review.service, review.freelancer) == (job.service, job.freelancer)
    assert (review.rating, review.communication, review.quality, review.value) == (4, 5, 3, 2)
    assert review.text == GOOD_TEXT
    assert review.is_hidden is False


@pytest.mark.parametrize(
    ("status", "dates"),
    [
        (E.REQUESTED, {"accepted_at": None}),
        (E.ACCEPTED, {}),
        (E.DELIVERED, {}),
        (E.DECLINED, {"accepted_at": None, "closed_at": timezone.now()}),
        (E.CANCELLED, {"accepted_at": None, "closed_at": timezone.now()}),
    ],
)
def test_a_job_that_is_not_completed_cannot_be_reviewed(client_user, status, dates):
    engagement = EngagementFactory(client=client_user, status=status, **dates)

    with pytest.raises(ValidationError) as excinfo:
        _submit(engagement)

    assert excinfo.value.messages == ["You can review a job once you have completed it."]
    assert not Review.objects.exists()
    assert _ratings(engagement.service) == (Decimal("0.00"), 0)


@pytest.mark.parametrize("author", ["stranger", "freelancer", "other_freelancer", "moderator"])
def test_nobody_but_the_client_can_review_a_job(request, job, author):
    with pytest.raises(PermissionDenied):
        _submit(job, author=request.getfixturevalue(author))

    assert not Review.objects.exists()


def test_a_job_already_reviewed_cannot_be_reviewed_again(job):
    first = _submit(job, rating=5)

    with pytest.raises(ValidationError) as excinfo:
        _submit(job, rating=1)

    assert excinfo.value.messages == ["You have already reviewed this job."]
    assert list(Review.objects.values_list("pk", "rating")) == [(first.pk, 5)]
    assert _ratings(job.service) == (Decimal("5.00"), 1)


@pytest.mark.parametrize("field", ["rating", "communication", "quality", "value"])
@pytest.mark.parametrize("stars", [0, 6])
def test_a_rating_outside_one_to_five_is_refused_and_nothing_saved(job, field, stars):
    with pytest.raises(ValidationError) as excinfo:
        _submit(job, **{field: stars})

    assert field in excinfo.value.message_dict
    assert not Review.objects.exists()
    assert _ratings(job.service) == (Decimal("0.00"), 0)
    assert _ratings(job.freelancer) == (Decimal("0.00"), 0)


def test_a_review_without_text_is_refused(job):
    with pytest.raises(ValidationError) as excinfo:
        _submit(job, text="   ")

    assert "text" in excinfo.value.message_dict
    assert not Review.objects.exists()


# --- Replies -------------------------------------------------------------------------------


def test_the_reviewed_freelancer_replies_in_public(job, freelancer):
    review = _submit(job)

    actions.review_reply(review=review, actor=freelancer, text="  Thank you, Casey!  ")

    review.refresh_from_db()
    assert review.reply == "Thank you, Casey!"
    assert review.replied_at is not None


def test_editing_a_reply_updates_it(job, freelancer):
    review = _submit(job)
    actions.review_reply(review=review, actor=freelancer, text="Thank you, Casey!")
    review.refresh_from_db()
    first_replied_at = review.replied_at

    actions.review_reply(review=review, actor=freelancer, text="Thanks again, Casey.")

    review.refresh_from_db()
    assert review.reply == "Thanks again, Casey."
    assert review.replied_at > first_replied_at
    assert Review.objects.count() == 1


@pytest.mark.parametrize("actor", ["client_user", "stranger", "other_freelancer", "moderator"])
def test_only_the_reviewed_freelancer_can_reply(request, job, actor):
    review = _submit(job)

    with pytest.raises(PermissionDenied):
        actions.review_reply(
            review=review, actor=request.getfixturevalue(actor), text="I am not Fran."
        )

    review.refresh_from_db()
    assert review.reply == ""
    assert review.replied_at is None


def test_an_empty_reply_is_refused(job, freelancer):
    review = _submit(job)

    with pytest.raises(ValidationError) as excinfo:
        actions.review_reply(review=review, actor=freelancer, text="   ")

    assert "reply" in excinfo.value.message_dict
    review.refresh_from_db()
    assert review.reply == ""


# --- Reports -------------------------------------------------------------------------------


def test_a_signed_in_user_reports_a_review(job, stranger):
    review = _submit(job)

    report = actions.review_report(review=review, reporter=stranger, reason=" It is spam. ")

    report.refresh_from_db()
    assert (report.review, report.reporter) == (review, stranger)
    assert report.reason == "It is spam."
    assert report.status == Report.Status.OPEN


def test_nobody_can_report_their_own_review(job, client_user):
    review = _submit(job)

    with pytest.raises(ValidationError) as excinfo:
        actions.review_report(review=review, reporter=client_user, reason="Changed my mind.")

    assert excinfo.value.messages == ["You cannot report your own review."]
    assert not Report.objects.exists()


def test_a_second_open_report_is_refused_with_a_clear_message(job, stranger):
    review = _submit(job)
    actions.review_report(review=review, reporter=stranger, reason="It is spam.")

    with pytest.raises(ValidationError) as excinfo:
        actions.review_report(review=review, reporter=stranger, reason="Still spam, really.")

    assert excinfo.value.messages == ["You have already reported this review."]
    assert Report.objects.count() == 1


def test_a_new_report_is_taken_once_the_first_is_resolved(job, stranger):
    review = _submit(job)
    first = actions.review_report(review=review, reporter=stranger, reason="It is spam.")
    Report.objects.filter(pk=first.pk).update(
        status=Report.Status.RESOLVED, resolved_at=timezone.now()
    )

    actions.review_report(review=review, reporter=stranger, reason="Spam once more.")

    assert Report.objects.filter(status=Report.Status.OPEN).count() == 1
    assert Report.objects.count() == 2


# --- The ratings kept on the service and profile rows -------------------------------------


def test_ratings_after_reviews_on_two_services_are_exact_and_rounded(fran_services, freelancer):
    news, editing = fran_services

    for stars in (5, 4, 4):
        review_publish(service=news, rating=stars)
    for stars in (5, 5, 5):
        review_publish(service=editing, rating=stars)

    assert _ratings(news) == (Decimal("4.33"), 3)  # 13 / 3 = 4.333...
    assert _ratings(editing) == (Decimal("5.00"), 3)
    assert _ratings(freelancer.profile) == (Decimal("4.67"), 6)  # 28 / 6 = 4.666...


def test_a_hidden_review_stops_counting_and_counts_again_once_shown(
    fran_services, freelancer, moderator
):
    news, editing = fran_services
    reviews = [review_publish(service=news, rating=stars) for stars in (5, 4, 4)]
    review_publish(service=editing, rating=2)

    actions.review_hide(review=reviews[1], moderator=moderator, reason="Names a private person.")

    assert _ratings(news) == (Decimal("4.50"), 2)  # 5 and 4
    assert _ratings(editing) == (Decimal("2.00"), 1)
    assert _ratings(freelancer.profile) == (Decimal("3.67"), 3)  # 11 / 3
    hidden = Review.objects.get(pk=reviews[1].pk)
    assert (hidden.is_hidden, hidden.hidden_reason, hidden.hidden_by) == (
        True,
        "Names a private person.",
        moderator,
    )

    actions.review_unhide(review=reviews[1], moderator=moderator)

    assert _ratings(news) == (Decimal("4.33"), 3)
    assert _ratings(freelancer.profile) == (Decimal("3.75"), 4)  # 15 / 4
    shown = Review.objects.get(pk=reviews[1].pk)
    assert (shown.is_hidden, shown.hidden_reason, shown.hidden_by) == (False, "", None)


def test_hiding_needs_a_reason(fran_services, moderator):
    review = review_publish(service=fran_services[0], rating=1)

    with pytest.raises(ValidationError):
        actions.review_hide(review=review, moderator=moderator, reason="  ")

    assert Review.objects.get(pk=review.pk).is_hidden is False
    assert _ratings(fran_services[0]) == (Decimal("1.00"), 1)


def test_deleting_a_review_recounts_without_it(fran_services, freelancer):
    news, editing = fran_services
    reviews = [review_publish(service=news, rating=stars) for stars in (5, 4, 1)]
    review_publish(service=editing, rating=4)

    actions.review_delete(review=reviews[2])

    assert not Review.objects.filter(pk=reviews[2].pk).exists()
    assert _ratings(news) == (Decimal("4.50"), 2)
    assert _ratings(editing) == (Decimal("4.00"), 1)
    assert _ratings(freelancer.profile) == (Decimal("4.33"), 3)  # 13 / 3


def test_deleting_the_last_review_sets_the_ratings_back_to_zero(fran_services, freelancer):
    review = review_publish(service=fran_services[0], rating=3)

    actions.review_delete(review=review)

    assert _ratings(fran_services[0]) == (Decimal("0.00"), 0)
    assert _ratings(freelancer.profile) == (Decimal("0.00"), 0)


def test_another_freelancers_ratings_are_not_touched(fran_services, other_freelancer):
    olgas = ServiceFactory(freelancer=other_freelancer.profile)
    review_publish(service=olgas, rating=2)

    review_publish(service=fran_services[0], rating=5)

    assert _ratings(olgas) == (Decimal("2.00"), 1)
    assert _ratings(other_freelancer.profile) == (Decimal("2.00"), 1)


def test_an_average_exactly_half_way_rounds_half_up(fran_services):
    # 40 reviews adding up to 177 stars: 4.425 exactly, which is 4.43 rounded half up. A
    # binary float of 4.425 is a hair below it, so averaging in floats gives 4.42.
    news = fran_services[0]
    for stars in [5] * 16 + [4] * 23:
        ReviewFactory(engagement__service=news, rating=stars)

    review_publish(service=news, rating=5)

    assert _ratings(news) == (Decimal("4.43"), 40)
    assert _ratings(news.freelancer) == (Decimal("4.43"), 40)


# --- Recounting every row ------------------------------------------------------------------


def test_recompute_all_finds_nothing_when_every_rating_is_right(fran_services, moderator):
    news, editing = fran_services
    reviews = [review_publish(service=news, rating=stars) for stars in (5, 4, 4)]
    review_publish(service=editing, rating=3)
    actions.review_hide(review=reviews[0], moderator=moderator, reason="Spam.")

    assert actions.ratings_recompute_all() == []


def test_recompute_all_reports_exactly_the_drifted_row_and_fixes_it(fran_services):
    news, editing = fran_services
    for stars in (5, 4, 4):
        review_publish(service=news, rating=stars)
    review_publish(service=editing, rating=3)
    Service.objects.filter(pk=news.pk).update(rating_average=1, review_count=9)

    drifts = actions.ratings_recompute_all()

    assert drifts == [
        Drift(f"services.Service {news.pk}", (Decimal("1.00"), 9), (Decimal("4.33"), 3))
    ]
    assert _ratings(news) == (Decimal("4.33"), 3)
    assert _ratings(editing) == (Decimal("3.00"), 1)
    assert actions.ratings_recompute_all() == []


def test_recompute_all_fixes_a_drifted_profile_too(fran_services, freelancer):
    review_publish(service=fran_services[0], rating=4)
    Profile.objects.filter(pk=freelancer.profile.pk).update(rating_average=5, review_count=0)

    drifts = actions.ratings_recompute_all()

    assert drifts == [
        Drift(
            f"profiles.Profile {freelancer.profile.pk}",
            (Decimal("5.00"), 0),
            (Decimal("4.00"), 1),
        )
    ]
    assert _ratings(freelancer.profile) == (Decimal("4.00"), 1)


def test_recompute_all_counts_rows_written_without_the_actions(fran_services):
    news = fran_services[0]
    for stars in (5, 4, 4):
        ReviewFactory(engagement__service=news, rating=stars)

    drifts = actions.ratings_recompute_all()

    assert {drift.row for drift in drifts} == {
        f"services.Service {news.pk}",
        f"profiles.Profile {news.freelancer_id}",
    }
    assert _ratings(news) == (Decimal("4.33"), 3)


def test_the_recompute_command_prints_the_drift(fran_services):
    news = fran_services[0]
    for stars in (5, 4, 4):
        review_publish(service=news, rating=stars)
    Service.objects.filter(pk=news.pk).update(rating_average=1, review_count=9)
    out = StringIO()

    call_command("recompute_ratings", stdout=out)

    assert out.getvalue().splitlines() == [
        f"services.Service {news.pk}: stored 1.00 from 9 review(s), actual 4.33 from 3; fixed",
        "1 row(s) drifted.",
    ]
    assert _ratings(news) == (Decimal("4.33"), 3)


def test_the_recompute_command_says_when_there_is_no_drift(fran_services):
    review_publish(service=fran_services[0], rating=4)
    out = StringIO()

    call_command("recompute_ratings", stdout=out)

    assert out.getvalue().splitlines() == ["No drift: every rating is right."]


# --- Races -----------------------------------------------------------------------------------


def _race(target, arguments):
    """Run target(**a) for each a in `arguments`, all threads released at once; returns
    (results, validation errors, any other exceptions)."""
    barrier = threading.Barrier(len(arguments))
    results, refusals, errors = [], [], []

    def run(kwargs):
        try:
            barrier.wait(timeout=30)
            results.append(target(**kwargs))
        except ValidationError as error:
            refusals.append(error)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(kwargs,)) for kwargs in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results, refusals, errors


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_reviews_of_one_job_leave_exactly_one(freelancer, client_user):
    service = ServiceFactory(freelancer=freelancer.profile)
    job = EngagementFactory(completed=True, service=service, client=client_user)
    arguments = [
        {"engagement": job, "author": client_user, "rating": 1 + n % 5, "text": GOOD_TEXT}
        for n in range(20)
    ]

    def submit(**kwargs):
        stars = kwargs.pop("rating")
        return actions.review_submit(
            **kwargs, rating=stars, communication=stars, quality=stars, value=stars
        )

    results, refusals, errors = _race(submit, arguments)

    assert errors == []
    assert len(results) == 1
    assert len(refusals) == 19
    assert {tuple(error.messages) for error in refusals} == {
        ("You have already reviewed this job.",)
    }
    assert Review.objects.count() == 1
    stars = Decimal(results[0].rating).quantize(Decimal("0.01"))
    assert _ratings(service) == (stars, 1)
    assert _ratings(freelancer.profile) == (stars, 1)


@pytest.mark.django_db(transaction=True)
def test_concurrent_reviews_of_ten_jobs_on_one_service_all_count(freelancer):
    news = ServiceFactory(freelancer=freelancer.profile, title="News writing")
    editing = ServiceFactory(freelancer=freelancer.profile, title="Copy editing")
    review_publish(service=editing, rating=1)
    ratings = [5, 4, 4, 5, 3, 5, 4, 4, 5, 3]  # 42 stars
    jobs = [EngagementFactory(completed=True, service=news, client=UserFactory()) for _ in ratings]
    arguments = [
        {
            "engagement": job,
            "author": job.client,
            "rating": stars,
            "communication": stars,
            "quality": stars,
            "value": stars,
            "text": GOOD_TEXT,
        }
        for job, stars in zip(jobs, ratings, strict=True)
    ]

    results, refusals, errors = _race(actions.review_submit, arguments)

    assert (errors, refusals) == ([], [])
    assert len(results) == 10
    assert news.reviews.count() == 10
    assert _ratings(news) == (Decimal("4.20"), 10)
    assert _ratings(freelancer.profile) == (Decimal("3.91"), 11)  # 43 / 11 = 3.909...


# --- Mail --------------------------------------------------------------------------------------


def test_the_freelancer_is_emailed_after_commit_when_reviewed(
    job, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        review = _submit(job, rating=4)

    assert mailoutbox == []  # nothing before the commit
    for callback in callbacks:  # the commit
        callback()

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["fran@example.com"]
    assert "Casey Client reviewed" in mail.subject
    assert "4 out of 5 stars" in mail.body
    assert GOOD_TEXT in mail.body
    assert reverse("reviews:reply", args=[review.pk]) in mail.body


def test_no_mail_when_the_review_is_rolled_back(
    job, mailoutbox, django_capture_on_commit_callbacks
):
    def review_then_fail():
        with transaction.atomic():
            _submit(job)
            raise RuntimeError("something later in the same transaction failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        review_then_fail()

    assert callbacks == []
    assert mailoutbox == []
    assert not Review.objects.exists()
    assert _ratings(job.service) == (Decimal("0.00"), 0)


def test_no_mail_when_the_review_is_refused(job, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        _submit(job, rating=0)

    assert mailoutbox == []
