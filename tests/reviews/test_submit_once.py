"""Review and report forms sent twice (a double click): one row, one mail, and both
answers lead to the same page instead of an error."""

import pytest
from django.urls import reverse

from reviews.models import Report, Review
from tests.races import rendered_token
from tests.reviews.factories import ReviewFactory
from tests.services.factories import EngagementFactory, ServiceFactory

pytestmark = pytest.mark.django_db

GOOD_TEXT = "Careful research, clean copy, delivered a day early."


def test_a_review_sent_twice_is_published_and_mailed_once(
    client, client_user, freelancer, mailoutbox, django_capture_on_commit_callbacks
):
    job = EngagementFactory(
        completed=True, service=ServiceFactory(freelancer=freelancer.profile), client=client_user
    )
    client.force_login(client_user)
    url = reverse("reviews:create", kwargs={"engagement_pk": job.pk})
    stars = dict.fromkeys(("rating", "communication", "quality", "value"), "4")
    data = stars | {"text": GOOD_TEXT, "submission_token": rendered_token(client.get(url))}

    responses = []
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            responses.append(client.post(url, data))

    review = Review.objects.get(engagement=job)
    assert [response.status_code for response in responses] == [302, 302]
    assert responses[0]["Location"] == responses[1]["Location"]
    assert responses[0]["Location"].endswith(f"#review-{review.pk}")
    assert len(mailoutbox) == 1


def test_a_report_sent_twice_is_filed_once_without_an_error(client, stranger, freelancer):
    review = ReviewFactory(engagement__service=ServiceFactory(freelancer=freelancer.profile))
    client.force_login(stranger)
    url = reverse("reviews:report", kwargs={"pk": review.pk})
    data = {
        "reason": "Insults the freelancer.",
        "submission_token": rendered_token(client.get(url)),
    }

    first, second = (client.post(url, data) for _ in range(2))

    assert Report.objects.filter(review=review, reporter=stranger).count() == 1
    assert (first.status_code, second.status_code) == (302, 302)
    assert first["Location"] == second["Location"]
