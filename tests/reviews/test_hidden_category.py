"""A hidden review always has a category, a shown one never: in the database and the actions."""

import pytest
from django.db import IntegrityError, transaction

from reviews import actions
from reviews.models import Review
from tests.reviews.factories import ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "fields",
    [
        {"is_hidden": True, "hidden_reason": "Spam.", "hidden_category": ""},
        {"is_hidden": False, "hidden_category": "spam"},
    ],
    ids=["hidden-without-category", "shown-with-category"],
)
def test_the_database_refuses_a_category_that_does_not_match_the_visibility(fields):
    review = ReviewFactory()

    with (
        pytest.raises(IntegrityError, match="reviews_review_hidden_has_category"),
        transaction.atomic(),
    ):
        Review.objects.filter(pk=review.pk).update(**fields)


def test_review_hide_stores_the_category_and_unhide_clears_it(moderator):
    review = ReviewFactory()

    hidden = actions.review_hide(
        review=review, moderator=moderator, reason="Paid review.", category="conflict"
    )
    assert (hidden.hidden_category, hidden.hidden_reason) == ("conflict", "Paid review.")

    shown = actions.review_unhide(review=review, moderator=moderator)
    assert (shown.is_hidden, shown.hidden_category) == (False, "")


def test_a_review_hidden_without_a_category_named_counts_as_other(moderator):
    hidden = actions.review_hide(review=ReviewFactory(), moderator=moderator, reason="Odd.")

    assert hidden.hidden_category == Review.HiddenCategory.OTHER
