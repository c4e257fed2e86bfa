"""Writing a review: the form for the client of a completed job, its errors and refusals."""

import re
from html import unescape

import pytest
from django.urls import reverse

from reviews.models import Review
from tests.reviews.pages import GOOD_TEXT, field_block, login_url, visible_text
from tests.services.factories import EngagementFactory

pytestmark = pytest.mark.django_db


VALID = {
    "rating": "5",
    "communication": "4",
    "quality": "5",
    "value": "3",
    "text": GOOD_TEXT,
}


def _create_url(engagement):
    return reverse("reviews:create", kwargs={"engagement_pk": engagement.pk})


def test_the_client_of_a_completed_job_sees_the_review_form(client, client_user, job):
    client.force_login(client_user)

    response = client.get(_create_url(job))

    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "Review your job" in text
    assert "How did Fran Freelancer do on “ News writing ”?" in text  # two links
    for label in ["Overall", "Communication", "Quality of work", "Value for money"]:
        assert field_block(response, label)


def test_a_valid_review_is_published_and_redirects_to_it_on_the_service_page(
    client, client_user, job, service
):
    client.force_login(client_user)

    response = client.post(_create_url(job), VALID)

    review = Review.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{service.get_absolute_url()}#review-{review.pk}"
    assert (review.engagement, review.author) == (job, client_user)
    assert (review.rating, review.communication, review.quality, review.value) == (5, 4, 5, 3)
    assert review.text == GOOD_TEXT
    page = client.get(response["Location"])
    assert "Thank you: your review is published." in visible_text(page.content.decode())
    assert f'id="review-{review.pk}"' in page.content.decode()


@pytest.mark.parametrize("value", ["0", "6", "3.5", "abc", ""])
@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("rating", "Overall"),
        ("communication", "Communication"),
        ("quality", "Quality of work"),
        ("value", "Value for money"),
    ],
)
def test_a_bad_rating_answers_the_form_with_the_error_at_the_field(
    client, client_user, job, field, label, value
):
    client.force_login(client_user)

    response = client.post(_create_url(job), VALID | {field: value})

    assert response.status_code == 200
    block = field_block(response, label)
    assert f'id="id_{field}_error"' in block
    message = (
        "This field is required."
        if value == ""
        else f"Select a valid choice. {value} is not one of the available choices."
    )
    assert message in unescape(block)
    assert not Review.objects.exists()


def test_a_too_short_review_answers_the_form_with_the_error_at_the_field(client, client_user, job):
    client.force_login(client_user)

    response = client.post(_create_url(job), VALID | {"text": "Too short"})

    assert response.status_code == 200
    block = field_block(response, "Your review")
    assert 'id="id_text_error"' in block
    assert "Ensure this value has at least 20 characters (it has 9)." in unescape(block)
    assert "Too short</textarea>" in block  # what was typed is kept
    assert not Review.objects.exists()


def test_a_job_that_is_not_completed_answers_a_clear_error(client, client_user, service):
    job = EngagementFactory(accepted=True, service=service, client=client_user)
    client.force_login(client_user)

    response = client.post(_create_url(job), VALID)

    assert response.status_code == 200
    errors = re.search(r'<div class="error-summary".*?</div>', response.content.decode(), re.S)
    assert errors
    assert "You can review a job once you have completed it." in errors.group(0)
    assert not Review.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("viewer", ["stranger", "freelancer", "other_freelancer"])
def test_someone_elses_job_is_404(client, request, job, method, viewer):
    client.force_login(request.getfixturevalue(viewer))

    response = getattr(client, method)(_create_url(job), VALID)

    assert response.status_code == 404
    assert not Review.objects.exists()


def test_an_unknown_job_is_404(client, client_user):
    client.force_login(client_user)

    assert (
        client.get(reverse("reviews:create", kwargs={"engagement_pk": 999_999})).status_code == 404
    )


def test_a_job_already_reviewed_answers_a_clear_error(client, client_user, job, review):
    client.force_login(client_user)

    opened = client.get(_create_url(job), follow=True)
    assert opened.redirect_chain == [(job.get_absolute_url(), 302)]
    assert "cannot be reviewed" in visible_text(opened.content.decode())
    response = client.post(_create_url(job), VALID | {"rating": "1"})

    assert response.status_code == 200
    assert "You have already reviewed this job." in visible_text(response.content.decode())
    assert list(Review.objects.values_list("pk", "rating")) == [(review.pk, 4)]


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_log_in_to_review(client, job, method):
    url = _create_url(job)

    response = client.post(url, VALID) if method == "post" else client.get(url)

    assert response.status_code == 302
    assert response["Location"] == login_url(url)
    assert not Review.objects.exists()


def test_the_service_page_invites_the_client_to_review_a_completed_job_once(
    client, client_user, job, service
):
    client.force_login(client_user)

    before = client.get(service.get_absolute_url()).content.decode()
    assert f'href="{_create_url(job)}"' in before

    client.post(_create_url(job), VALID)
    after = client.get(service.get_absolute_url()).content.decode()
    assert _create_url(job) not in after
