"""The admin index: each moderation queue with its count and a link to exactly its rows."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace import selectors as marketplace_selectors
from reviews import actions as review_actions
from reviews.models import Report, Review
from tests.marketplace.moderation import S, page_text, pending_service, published_service
from tests.reviews.factories import review_publish
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _queues(response):
    """(label, count, url) for each queue row on the admin index."""
    rows = re.findall(
        r'<tr><th scope="row"><a href="([^"]*)">([^<]*)</a></th><td><strong>(\d+)</strong>',
        page_text(response),
    )
    return [(html.unescape(label), int(count), html.unescape(url)) for url, label, count in rows]


def test_the_index_shows_each_queue_with_its_count_and_a_link_to_exactly_those(
    mod_client, mod, freelancer, stranger, client_user
):
    waiting = {
        pending_service(freelancer, "Waiting one"),
        pending_service(freelancer, "Waiting two"),
    }
    ServiceFactory(freelancer=freelancer.profile, status=S.DRAFT, published_at=None)
    published_service(freelancer, "Already live")
    service = published_service(freelancer, "Reviewed work")
    reviews = [review_publish(service=service, rating=n) for n in (1, 2, 3, 4)]
    open_reports = {
        review_actions.review_report(review=reviews[0], reporter=stranger, reason="a"),
        review_actions.review_report(review=reviews[0], reporter=client_user, reason="b"),
        review_actions.review_report(review=reviews[1], reporter=stranger, reason="c"),
    }
    closed = review_actions.review_report(review=reviews[2], reporter=stranger, reason="d")
    Report.objects.filter(pk=closed.pk).update(status=Report.Status.DISMISSED)
    recently = review_actions.review_hide(review=reviews[2], moderator=mod, reason="Spam.")
    long_ago = review_actions.review_hide(review=reviews[3], moderator=mod, reason="Old.")
    Review.objects.filter(pk=long_ago.pk).update(hidden_at=timezone.now() - timedelta(days=8))

    response = mod_client.get(reverse("admin:index"))

    assert response.status_code == 200
    queues = _queues(response)
    assert [(label, count) for label, count, _url in queues] == [
        ("Services waiting for review", 2),
        ("Open reports", 3),
        ("Open appeals", 0),
        # New accounts hired and were done within the hour: signals on the shown reviews.
        ("Reviews to check", 2),
        ("Open message reports", 0),  # see tests/marketplace/test_admin_messages.py
        ("Reviews hidden in the last 7 days", 1),
    ]
    expected = [
        {s.pk for s in waiting},
        {r.pk for r in open_reports},
        set(),
        {reviews[0].pk, reviews[1].pk},
        set(),
        {recently.pk},
    ]
    for (_label, count, url), pks in zip(queues, expected, strict=True):
        listing = mod_client.get(url)
        assert listing.status_code == 200
        assert {obj.pk for obj in listing.context["cl"].result_list} == pks
        assert listing.context["cl"].result_count == count


def test_a_long_queue_is_counted_up_to_a_limit_and_shown_with_a_plus(
    mod_client, freelancer, monkeypatch
):
    monkeypatch.setattr(marketplace_selectors, "QUEUE_COUNT_LIMIT", 2)
    for n in range(3):
        pending_service(freelancer, f"Waiting {n}")

    response = mod_client.get(reverse("admin:index"))

    waiting = next(q for q in response.context["queues"] if q["label"].startswith("Services"))
    assert (waiting["count"], waiting["more"]) == (2, True)
    assert "Services waiting for review</a></th><td><strong>2+</strong>" in page_text(response)
