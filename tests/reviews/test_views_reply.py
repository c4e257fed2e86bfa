"""The reviewed freelancer's reply page: write, edit, errors and who may open it."""

import pytest
from django.urls import reverse

from reviews import actions
from tests.reviews.pages import GOOD_TEXT, field_block, login_url, visible_text

pytestmark = pytest.mark.django_db


def _reply_url(review):
    return reverse("reviews:reply", kwargs={"pk": review.pk})


def test_the_reviewed_freelancer_replies_from_the_reply_page(client, freelancer, review):
    client.force_login(freelancer)

    page = client.get(_reply_url(review))
    response = client.post(_reply_url(review), {"reply": "Thank you, Casey!"})

    assert page.status_code == 200
    assert "Reply to Casey Client" in visible_text(page.content.decode())
    assert GOOD_TEXT in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:dashboard")
    review.refresh_from_db()
    assert review.reply == "Thank you, Casey!"


def test_the_freelancer_edits_a_reply(client, freelancer, review):
    actions.review_reply(review=review, actor=freelancer, text="Thank you, Casey!")
    client.force_login(freelancer)

    page = client.get(_reply_url(review))
    client.post(_reply_url(review), {"reply": "Thanks again, Casey."})

    assert "Thank you, Casey!</textarea>" in page.content.decode()
    assert "Update reply" in page.content.decode()
    review.refresh_from_db()
    assert review.reply == "Thanks again, Casey."


def test_an_empty_reply_answers_the_form_with_the_error_at_the_field(client, freelancer, review):
    client.force_login(freelancer)

    response = client.post(_reply_url(review), {"reply": ""})

    assert response.status_code == 200
    block = field_block(response, "Your public reply")
    assert "This field is required." in block
    review.refresh_from_db()
    assert review.reply == ""


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("viewer", ["client_user", "stranger", "other_freelancer", "moderator"])
def test_the_reply_page_is_404_to_anyone_but_the_reviewed_freelancer(
    client, request, review, method, viewer
):
    client.force_login(request.getfixturevalue(viewer))

    response = getattr(client, method)(_reply_url(review), {"reply": "Not mine to answer."})

    assert response.status_code == 404
    review.refresh_from_db()
    assert review.reply == ""


def test_anonymous_visitors_are_sent_to_log_in_to_reply(client, review):
    response = client.get(_reply_url(review))

    assert response.status_code == 302
    assert response["Location"] == login_url(_reply_url(review))
