"""Hiding and showing reviews in the admin: the ratings and the pages follow at once."""

from decimal import Decimal

import pytest

from reviews.models import Review
from tests.marketplace.moderation import act, decide, page_text, ratings_of

pytestmark = pytest.mark.django_db


def test_hiding_a_review_changes_the_ratings_and_the_pages_at_once(
    mod_client, visitor, freelancer, reviewed_service
):
    bad = Review.objects.get(rating=1)
    assert "Useless rubbish" in page_text(visitor.get(reviewed_service.get_absolute_url()))

    response = decide(mod_client, Review, "hide", [bad], reason="Insults the freelancer.")

    assert response.status_code == 302
    bad.refresh_from_db()
    assert bad.is_hidden
    assert bad.hidden_reason == "Insults the freelancer."
    assert ratings_of(reviewed_service) == (Decimal("5.00"), 1)
    assert ratings_of(freelancer.profile) == (Decimal("5.00"), 1)
    service_page = page_text(visitor.get(reviewed_service.get_absolute_url()))
    assert "Useless rubbish" not in service_page
    assert "Superb reporting" in service_page
    assert "1 Review<" in service_page
    assert "Useless rubbish" not in page_text(visitor.get(freelancer.profile.get_absolute_url()))


def test_showing_a_hidden_review_again_restores_the_ratings(
    mod_client, visitor, freelancer, reviewed_service
):
    bad = Review.objects.get(rating=1)
    decide(mod_client, Review, "hide", [bad], reason="Insults the freelancer.")

    response = act(mod_client, Review, "unhide", [bad])

    assert response.status_code == 302
    bad.refresh_from_db()
    assert not bad.is_hidden
    assert ratings_of(reviewed_service) == (Decimal("3.00"), 2)
    assert ratings_of(freelancer.profile) == (Decimal("3.00"), 2)
    service_page = page_text(visitor.get(reviewed_service.get_absolute_url()))
    assert "Useless rubbish" in service_page
    assert "2 Reviews<" in service_page
