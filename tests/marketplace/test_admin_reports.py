"""Resolving review reports in the admin: hide the review, suspend the service, or dismiss."""

import html
from decimal import Decimal

import pytest
from django.contrib.messages import constants

from reviews import actions as review_actions
from reviews.models import Report, Review
from tests.marketplace.moderation import (
    REASON,
    S,
    act,
    changelist_url,
    decide,
    messages_of,
    page_text,
    published_service,
    ratings_of,
)
from tests.reviews.factories import review_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(reviewed_service, stranger, client_user):
    """Two open reports on the one-star review, one on the five-star review."""
    bad = Review.objects.get(rating=1)
    good = Review.objects.get(rating=5)
    return {
        "first": review_actions.review_report(review=bad, reporter=stranger, reason="Abusive."),
        "second": review_actions.review_report(
            review=bad, reporter=client_user, reason="Name-calling."
        ),
        "elsewhere": review_actions.review_report(
            review=good, reporter=stranger, reason="Looks fake."
        ),
    }


def _status(report):
    report.refresh_from_db()
    return report.status


def test_resolving_a_report_asks_for_a_decision_and_a_reason(mod_client, reports):
    response = act(mod_client, Report, "resolve", [reports["first"]])

    assert response.status_code == 200
    page = page_text(response)
    assert f"<li>{html.escape(str(reports['first']))}</li>" in page
    assert '<textarea name="reason"' in page
    assert page.count('name="outcome"') == 3
    assert 'value="hide_review"' in page
    assert 'value="suspend_service"' in page
    assert 'value="dismiss"' in page
    assert _status(reports["first"]) == Report.Status.OPEN


def test_resolving_a_report_by_hiding_the_review_closes_every_report_on_it(
    mod_client, reports, reviewed_service
):
    response = decide(mod_client, Report, "resolve", [reports["first"]], outcome="hide_review")

    assert response.status_code == 302
    bad = Review.objects.get(rating=1)
    assert bad.is_hidden
    assert bad.hidden_reason == REASON
    assert _status(reports["first"]) == Report.Status.RESOLVED
    assert _status(reports["second"]) == Report.Status.RESOLVED
    assert reports["second"].resolved_at is not None
    assert _status(reports["elsewhere"]) == Report.Status.OPEN
    assert ratings_of(reviewed_service) == (Decimal("5.00"), 1)


def test_resolving_a_report_by_suspending_the_service(mod_client, visitor, reports):
    response = decide(mod_client, Report, "resolve", [reports["first"]], outcome="suspend_service")

    assert response.status_code == 302
    service = Review.objects.get(rating=1).service
    assert service.status == S.SUSPENDED
    assert service.moderation_note == REASON
    assert visitor.get(service.get_absolute_url()).status_code == 404
    assert _status(reports["first"]) == Report.Status.RESOLVED
    assert not Review.objects.get(rating=1).is_hidden


def test_dismissing_a_report_leaves_the_review_alone(mod_client, reports, reviewed_service):
    response = decide(mod_client, Report, "resolve", [reports["first"]], outcome="dismiss")

    assert response.status_code == 302
    assert _status(reports["first"]) == Report.Status.DISMISSED
    assert _status(reports["second"]) == Report.Status.DISMISSED
    assert _status(reports["elsewhere"]) == Report.Status.OPEN
    assert not Review.objects.get(rating=1).is_hidden
    assert ratings_of(reviewed_service) == (Decimal("3.00"), 2)
    reviewed_service.refresh_from_db()
    assert reviewed_service.status == S.PUBLISHED


def test_resolving_a_report_without_a_decision_shows_the_form_again(mod_client, reports):
    response = act(mod_client, Report, "resolve", [reports["first"]], apply="1", reason=REASON)

    assert response.status_code == 200
    assert response.context["form"].errors == {"outcome": ["This field is required."]}
    assert _status(reports["first"]) == Report.Status.OPEN
    assert not Review.objects.get(rating=1).is_hidden


def test_resolving_reports_on_two_reviews_of_one_service_by_suspending_it(
    mod_client, freelancer, stranger
):
    service = published_service(freelancer)
    first = review_publish(service=service, rating=1)
    second = review_publish(service=service, rating=2)
    reports = [
        review_actions.review_report(review=first, reporter=stranger, reason="Fake."),
        review_actions.review_report(review=second, reporter=stranger, reason="Fake too."),
    ]

    response = mod_client.post(
        changelist_url(Report),
        {
            "action": "resolve",
            "index": "0",
            "_selected_action": [r.pk for r in reports],
            "apply": "1",
            "reason": REASON,
            "outcome": "suspend_service",
        },
        follow=True,
    )

    service.refresh_from_db()
    assert service.status == S.SUSPENDED
    assert [_status(r) for r in reports] == [Report.Status.RESOLVED] * 2
    assert [level for _text, level in messages_of(response)] == [constants.SUCCESS]
