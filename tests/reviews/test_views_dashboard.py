"""The freelancer's reviews dashboard: reviews received and written."""

import re

import pytest
from django.urls import reverse

from reviews import actions
from tests.reviews.factories import review_publish
from tests.reviews.pages import dated_review, login_url, visible_text
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db


# The session, the user; then for the reviews received and the reviews written each a count
# and a page.
DASHBOARD_QUERIES = 7  # with the header's count of unread threads


@pytest.mark.parametrize("count", [3, 5])
def test_the_dashboard_lists_reviews_received_and_written_in_pinned_queries(
    client, freelancer, other_freelancer, service, moderator, django_assert_num_queries, count
):
    received = [
        dated_review(
            service, rating=4, name=f"Client {n}", day=n, reply="Thanks!" if n % 2 else None
        )
        for n in range(1, count + 1)
    ]
    actions.review_hide(review=received[0], moderator=moderator, reason="Names a person.")
    olgas = ServiceFactory(freelancer=other_freelancer.profile, title="Translation")
    for n in range(count):
        review_publish(service=olgas, client=freelancer, rating=3, text=f"Fran wrote review {n}.")
    client.force_login(freelancer)

    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("reviews:dashboard"))

    assert response.status_code == 200
    text = visible_text(response.content.decode())
    mine, written = text.split("Reviews you wrote")
    assert re.findall(r"(Client \d) on News writing", mine) == [
        f"Client {n}" for n in range(count, 0, -1)
    ]
    assert "Hidden by the staff: Names a person." in mine
    assert mine.count("Edit your reply") == (count + 1) // 2  # Fran answered the odd ones
    assert written.count("for Translation by Olga Other") == count


def test_the_dashboard_needs_a_login(client):
    url = reverse("reviews:dashboard")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == login_url(url)


def test_the_dashboard_shows_nothing_of_other_freelancers_reviews(
    client, other_freelancer, service, three_reviews
):
    client.force_login(other_freelancer)

    text = visible_text(client.get(reverse("reviews:dashboard")).content.decode())

    assert "No reviews of your services yet." in text
    assert "You have not reviewed a job yet." in text
    assert "Ana Adams" not in text
