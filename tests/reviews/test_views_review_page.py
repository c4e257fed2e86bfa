"""Each review's own public page (/reviews/<id>/): what it shows, when it is gone, and its
query count."""

import pytest
from django.urls import reverse

from profiles.actions import profile_suspend
from reviews import actions
from services.actions import service_suspend, service_withdraw
from services.models import Service
from tests.reviews.factories import review_publish
from tests.reviews.pages import visible_text
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _url(review):
    return reverse("reviews:detail", kwargs={"pk": review.pk})


def test_the_address_is_stable_and_is_the_reviews_absolute_url(review):
    assert review.get_absolute_url() == f"/reviews/{review.pk}/"


def test_anyone_sees_the_review_rating_reply_service_freelancer_and_verified_hire(
    client, review, freelancer
):
    actions.review_reply(review=review, actor=freelancer, text="Thank you, Casey!")

    response = client.get(_url(review))

    text = visible_text(response.content.decode())
    assert response.status_code == 200
    assert "Review of Fran Freelancer" in text
    assert "Casey Client" in text
    assert "Overall 4/5" in text
    assert review.text in text
    assert "Reply from Fran Freelancer" in text
    assert "Thank you, Casey!" in text
    assert "Verified hire:" in text
    html = response.content.decode()
    assert f'href="{review.service.get_absolute_url()}">News writing</a>' in html
    assert f'href="{review.freelancer.get_absolute_url()}">Fran Freelancer</a>' in html


def test_a_review_hidden_by_staff_is_a_404_like_one_that_never_existed(client, review, moderator):
    actions.review_hide(review=review, moderator=moderator, reason="Spam links")

    assert client.get(_url(review)).status_code == 404
    assert client.get("/reviews/999999/").status_code == 404


def test_a_review_of_a_suspended_freelancer_or_service_is_a_404(client, review, moderator):
    service_suspend(service=review.service, moderator=moderator, note="Copied text")
    assert client.get(_url(review)).status_code == 404

    other = review_publish(
        service=ServiceFactory(freelancer=review.freelancer, title="Other", slug="other")
    )
    profile_suspend(profile=review.freelancer, moderator=moderator, reason="Fraud")
    assert client.get(_url(other)).status_code == 404


def test_a_withdrawn_service_keeps_its_reviews_pages_without_a_link(client, review, freelancer):
    service_withdraw(service=Service.objects.get(pk=review.service_id))

    response = client.get(_url(review))

    assert response.status_code == 200
    assert "News writing (no longer offered)" in visible_text(response.content.decode())
    assert f'href="{review.service.get_absolute_url()}"' not in response.content.decode()


def test_the_service_page_links_each_review_to_its_own_page(client, review):
    html = client.get(review.service.get_absolute_url()).content.decode()

    assert f'href="{_url(review)}"' in html


def test_the_page_takes_one_query_however_much_it_shows(
    client, review, freelancer, django_assert_num_queries
):
    actions.review_reply(review=review, actor=freelancer, text="Thank you!")

    with django_assert_num_queries(1):
        response = client.get(_url(review))

    assert response.status_code == 200


def test_a_signed_in_visitor_adds_only_the_session_and_user_queries(
    client, review, stranger, django_assert_num_queries
):
    client.force_login(stranger)

    with django_assert_num_queries(4):
        response = client.get(_url(review))

    assert "Report" in response.content.decode()
