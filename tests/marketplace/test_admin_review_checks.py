"""The "Reviews to check" queue: reviews with signals wait until staff clear or hide them,
each with a reason in the audit trail. Signals never hide anything by themselves."""

import pytest
from django.contrib.messages import constants
from django.urls import reverse

from reviews.models import Review
from tests.marketplace.moderation import (
    act,
    changelist_url,
    decide,
    entries_of,
    messages_of,
    page_text,
)
from tests.reviews.signals import days_ago, reviewed_job, veteran

pytestmark = pytest.mark.django_db

QUEUE = "Reviews to check"


@pytest.fixture
def reviews(freelancer):
    """Two reviews by week-old accounts (a signal each) and a plain one."""
    return {
        "young": reviewed_job(freelancer.profile, author=veteran(date_joined=days_ago(11))),
        "young_too": reviewed_job(freelancer.profile, author=veteran(date_joined=days_ago(12))),
        "plain": reviewed_job(freelancer.profile),
    }


def _queue_url():
    return changelist_url(Review) + "?to_check=1"


def _queue_count(client):
    queues = client.get(reverse("admin:index")).context["queues"]
    return {queue["label"]: queue["count"] for queue in queues}[QUEUE]


def test_the_index_links_to_the_reviews_to_check_with_their_signals_in_words(mod_client, reviews):
    assert _queue_count(mod_client) == 2

    listing = mod_client.get(_queue_url())

    assert listing.status_code == 200
    assert {r.pk for r in listing.context["cl"].result_list} == {
        reviews["young"].pk,
        reviews["young_too"].pk,
    }
    assert "account was less than 7 days old when they hired" in page_text(listing)


def test_signals_alone_hide_nothing_and_never_show_in_public(visitor, reviews):
    young = reviews["young"]

    page = page_text(visitor.get(young.freelancer.get_absolute_url()))

    assert young in young.service.reviews.listing()
    assert "7 days old" not in page


def test_clearing_asks_for_a_reason_then_takes_the_review_out_of_the_queue_logged(
    mod_client, mod, reviews
):
    young = reviews["young"]

    response = decide(mod_client, Review, "clear", [young], reason="A known returning client.")

    assert response.status_code == 302
    young.refresh_from_db()
    assert (young.checked_by, young.check_note) == (mod, "A known returning client.")
    assert young.checked_at is not None
    assert not young.is_hidden
    assert _queue_count(mod_client) == 1
    assert [e.change_message for e in entries_of(young)] == [
        "Cleared after check: A known returning client."
    ]


def test_clearing_without_a_reason_changes_nothing(mod_client, reviews):
    response = act(mod_client, Review, "clear", [reviews["young"]], apply="1", reason="")

    assert response.status_code == 200
    reviews["young"].refresh_from_db()
    assert reviews["young"].checked_at is None
    assert _queue_count(mod_client) == 2


def test_a_cleared_review_cannot_be_cleared_twice(mod_client, reviews):
    decide(mod_client, Review, "clear", [reviews["young"]], reason="Fine.")

    response = decide(mod_client, Review, "clear", [reviews["young"]], reason="Again.")

    assert response.status_code == 302
    told = messages_of(mod_client.get(_queue_url()))
    assert [level for text, level in told if "already checked" in text] == [constants.WARNING]
    assert [e.change_message for e in entries_of(reviews["young"])] == [
        "Cleared after check: Fine."
    ]


def test_hiding_from_the_queue_takes_the_review_off_the_site_and_out_of_the_queue(
    mod_client, visitor, reviews
):
    young = reviews["young"]

    decide(mod_client, Review, "hide", [young], reason="A fake account's review.")

    young.refresh_from_db()
    assert young.is_hidden
    assert young.hidden_reason == "A fake account's review."
    assert _queue_count(mod_client) == 1
    assert [e.change_message for e in entries_of(young)] == ["Hidden: A fake account's review."]


def test_the_queue_costs_the_same_queries_for_more_reviews(
    mod_client, freelancer, reviews, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12) as few:
        mod_client.get(_queue_url())
    for _ in range(3):
        reviewed_job(freelancer.profile, author=veteran(date_joined=days_ago(11)))

    with django_assert_max_num_queries(len(few.captured_queries)):
        listing = mod_client.get(_queue_url())

    assert listing.context["cl"].result_count == 5
