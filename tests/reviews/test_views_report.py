"""Reporting a review: who may report what, and the errors they are told."""

from html import unescape

import pytest
from django.urls import reverse

from reviews import actions
from reviews.models import Report
from services.models import Service
from tests.reviews.pages import GOOD_TEXT, field_block, login_url, visible_text

pytestmark = pytest.mark.django_db


def _report_url(review):
    return reverse("reviews:report", kwargs={"pk": review.pk})


@pytest.mark.parametrize("reporter", ["stranger", "freelancer", "other_freelancer"])
def test_a_signed_in_user_reports_a_review(client, request, review, service, reporter):
    user = request.getfixturevalue(reporter)
    client.force_login(user)

    page = client.get(_report_url(review))
    response = client.post(_report_url(review), {"reason": "It advertises another site."})

    assert page.status_code == 200
    assert GOOD_TEXT in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == f"{service.get_absolute_url()}#review-{review.pk}"
    report = Report.objects.get()
    assert (report.review, report.reporter, report.reason) == (
        review,
        user,
        "It advertises another site.",
    )


def test_reporting_your_own_review_answers_a_clear_error(client, client_user, review):
    client.force_login(client_user)

    response = client.post(_report_url(review), {"reason": "I changed my mind about it."})

    assert response.status_code == 200
    assert "You cannot report your own review." in visible_text(response.content.decode())
    assert not Report.objects.exists()


def test_a_second_open_report_answers_a_clear_error(client, stranger, review):
    client.force_login(stranger)
    client.post(_report_url(review), {"reason": "It advertises another site."})

    response = client.post(_report_url(review), {"reason": "It still advertises it."})

    assert response.status_code == 200
    assert "You have already reported this review." in visible_text(response.content.decode())
    assert Report.objects.count() == 1


def test_a_too_short_report_answers_the_form_with_the_error_at_the_field(client, stranger, review):
    client.force_login(stranger)

    response = client.post(_report_url(review), {"reason": "Bad."})

    assert response.status_code == 200
    block = field_block(response, "What is wrong with this review?")
    assert "Ensure this value has at least 10 characters (it has 4)." in unescape(block)
    assert not Report.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_log_in_to_report(client, review, method):
    url = _report_url(review)
    response = (
        client.post(url, {"reason": "It advertises a site."})
        if method == "post"
        else client.get(url)
    )

    assert response.status_code == 302
    assert response["Location"] == login_url(_report_url(review))
    assert not Report.objects.exists()


def test_a_hidden_review_cannot_be_reported(client, stranger, moderator, review):
    actions.review_hide(review=review, moderator=moderator, reason="Names a private person.")
    client.force_login(stranger)

    assert client.get(_report_url(review)).status_code == 404
    response = client.post(_report_url(review), {"reason": "It advertises another site."})
    assert response.status_code == 404
    assert not Report.objects.exists()


@pytest.mark.parametrize("status", [Service.Status.SUSPENDED, Service.Status.REJECTED])
def test_a_review_of_a_service_that_is_not_public_cannot_be_reported(
    client, stranger, review, service, status
):
    Service.objects.filter(pk=service.pk).update(status=status)
    client.force_login(stranger)

    assert client.get(_report_url(review)).status_code == 404
    response = client.post(_report_url(review), {"reason": "It advertises another site."})
    assert response.status_code == 404
    assert not Report.objects.exists()


def test_an_unknown_review_cannot_be_reported(client, stranger):
    client.force_login(stranger)

    assert client.get(reverse("reviews:report", kwargs={"pk": 999_999})).status_code == 404
