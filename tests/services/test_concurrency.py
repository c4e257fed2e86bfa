"""Hire requests under concurrency, in real transactions: the lock order keeps them clear of
reviews of the same freelancer, the hourly limit is exact, and a request sent twice is
stored and mailed once."""

import logging
import uuid
from decimal import Decimal

import psycopg.errors
import pytest
from django.test import Client, override_settings
from django.urls import reverse

from common import locks
from profiles.models import Profile
from reviews.actions import review_submit
from reviews.models import Review
from services import actions
from services.models import Engagement, Service
from tests.profiles.factories import UserFactory
from tests.races import database_error, race, rendered_token
from tests.services.factories import EngagementFactory, ServiceFactory

pytestmark = pytest.mark.django_db(transaction=True)

MESSAGE = "Please write a 1,200-word piece on the Baltic ports, due in two weeks."
REVIEW = "Careful research, clean copy, delivered a day early."


def _recount(row) -> tuple[Decimal, int]:
    ratings = list(row.reviews.visible().values_list("rating", flat=True))
    if not ratings:
        return Decimal("0.00"), 0
    return (Decimal(sum(ratings)) / len(ratings)).quantize(Decimal("0.01")), len(ratings)


def test_twenty_hire_requests_and_twenty_reviews_of_one_freelancer_at_once_all_succeed(
    freelancer,
):
    service = ServiceFactory(freelancer=freelancer.profile)
    jobs = [
        EngagementFactory(completed=True, service=service, client=UserFactory()) for _ in range(20)
    ]
    hirers = [UserFactory() for _ in range(20)]

    def hire(client):
        return actions.engagement_request(service=service, client=client, message=MESSAGE)

    def review(job, stars):
        return review_submit(
            engagement=job,
            author=job.client,
            rating=stars,
            communication=stars,
            quality=stars,
            value=stars,
            text=REVIEW,
        )

    def run(kind, **kwargs):
        return hire(**kwargs) if kind == "hire" else review(**kwargs)

    arguments = [{"kind": "hire", "client": client} for client in hirers]
    arguments += [{"kind": "review", "job": job, "stars": 1 + n % 5} for n, job in enumerate(jobs)]

    outcome = race(run, arguments)

    assert (outcome.errors, outcome.refusals) == ([], [])
    assert Engagement.objects.filter(client__in=hirers).count() == 20
    assert Review.objects.filter(service=service).count() == 20
    service = Service.objects.get(pk=service.pk)
    profile = Profile.objects.get(pk=freelancer.profile.pk)
    assert (service.rating_average, service.review_count) == _recount(service)
    assert (profile.rating_average, profile.review_count) == _recount(profile)
    assert _recount(service) == (Decimal("3.00"), 20)


@override_settings(HIRE_REQUESTS_PER_HOUR=10)
def test_thirty_hire_requests_by_one_client_at_once_store_exactly_the_limit(
    freelancer, client_user
):
    service = ServiceFactory(freelancer=freelancer.profile)
    arguments = [{"service": service, "client": client_user, "message": MESSAGE}] * 30

    outcome = race(actions.engagement_request, arguments, refusals=(actions.TooManyRequests,))

    assert outcome.errors == []
    assert len(outcome.results) == 10
    assert len(outcome.refusals) == 20
    assert Engagement.objects.filter(client=client_user).count() == 10


def test_one_hire_request_sent_twice_at_once_is_stored_and_mailed_once(
    freelancer, client_user, mailoutbox
):
    service = ServiceFactory(freelancer=freelancer.profile)
    token = uuid.uuid4()
    arguments = [
        {"service": service, "client": client_user, "message": MESSAGE, "submission_token": token}
    ] * 2

    outcome = race(actions.engagement_request, arguments)

    assert (outcome.errors, outcome.refusals) == ([], [])
    assert {engagement.pk for engagement in outcome.results} == set(
        Engagement.objects.filter(client=client_user).values_list("pk", flat=True)
    )
    assert Engagement.objects.filter(client=client_user).count() == 1
    assert [mail.to for mail in mailoutbox] == [["fran@example.com"]]


def test_one_hire_form_sent_twice_at_once_over_http_answers_both_with_the_same_page(
    freelancer, client_user, mailoutbox
):
    service = ServiceFactory(freelancer=freelancer.profile)
    browsers = [Client(), Client()]
    for browser in browsers:
        browser.force_login(client_user)
    token = rendered_token(browsers[0].get(service.get_absolute_url()))
    url = reverse("services:hire", kwargs={"slug": service.slug})
    data = {"message": MESSAGE, "submission_token": token}

    outcome = race(lambda browser: browser.post(url, data), [{"browser": b} for b in browsers])

    assert (outcome.errors, outcome.refusals) == ([], [])
    engagement = Engagement.objects.get(client=client_user)
    assert [response.status_code for response in outcome.results] == [302, 302]
    assert {response["Location"] for response in outcome.results} == {
        engagement.get_absolute_url()
    }
    assert len(mailoutbox) == 1


def test_two_hire_requests_with_different_tokens_are_two_requests(freelancer, client_user):
    service = ServiceFactory(freelancer=freelancer.profile)
    for _ in range(2):
        actions.engagement_request(
            service=service, client=client_user, message=MESSAGE, submission_token=uuid.uuid4()
        )

    assert Engagement.objects.filter(client=client_user).count() == 2


def test_a_hire_request_that_keeps_deadlocking_is_a_logged_500_not_the_outage_page(
    freelancer, client_user, monkeypatch, caplog
):
    service = ServiceFactory(freelancer=freelancer.profile)
    attempts = []

    def deadlocked(*locks):
        attempts.append(locks)
        raise database_error(psycopg.errors.DeadlockDetected, "deadlock detected")

    monkeypatch.setattr(locks, "BACKOFF_SECONDS", 0)
    monkeypatch.setattr(actions.engagements, "lock_rows", deadlocked)
    browser = Client(raise_request_exception=False)
    browser.force_login(client_user)

    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = browser.post(
            reverse("services:hire", kwargs={"slug": service.slug}),
            {"message": "Please write a 1,200-word piece on the Baltic ports."},
        )

    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert "Retry-After" not in response
    assert len(attempts) == 3
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.ERROR
    assert isinstance(record.exc_info[1].__cause__, psycopg.errors.DeadlockDetected)
    assert Engagement.objects.count() == 0
