"""Staff hide a review under a category beside the reason; public pages count it by category."""

import pytest

from reviews.models import Report, Review
from tests.marketplace.moderation import act, decide, page_text
from tests.profiles.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_hide_action_asks_for_a_category_beside_the_reason(mod_client, reviewed_service):
    bad = Review.objects.get(rating=1)

    page = act(mod_client, Review, "hide", [bad])

    html = page_text(page)
    assert 'name="reason"' in html
    assert 'name="category"' in html
    assert "Conflict of interest" in html


def test_hiding_stores_the_category_and_the_public_page_counts_it(
    mod_client, visitor, reviewed_service
):
    bad = Review.objects.get(rating=1)

    decide(mod_client, Review, "hide", [bad], reason="Insults the freelancer.", category="abuse")

    bad.refresh_from_db()
    assert (bad.is_hidden, bad.hidden_category) == (True, "abuse")
    html = page_text(visitor.get(reviewed_service.get_absolute_url()))
    assert "abuse 1" in html
    assert "Insults the freelancer." not in html


def test_showing_it_again_clears_the_category(mod_client, reviewed_service):
    bad = Review.objects.get(rating=1)
    decide(mod_client, Review, "hide", [bad], reason="Spam.", category="spam")

    act(mod_client, Review, "unhide", [bad])

    bad.refresh_from_db()
    assert (bad.is_hidden, bad.hidden_category, bad.hidden_reason) == (False, "", "")


def test_a_report_resolved_by_hiding_the_review_stores_the_category(mod_client, reviewed_service):
    bad = Review.objects.get(rating=1)
    report = Report.objects.create(review=bad, reporter=UserFactory(), reason="Rude.")

    decide(
        mod_client,
        Report,
        "resolve",
        [report],
        reason="Off-topic rant.",
        outcome="hide_review",
        category="off_topic",
    )

    bad.refresh_from_db()
    assert (bad.is_hidden, bad.hidden_category) == (True, "off_topic")
