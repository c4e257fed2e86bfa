"""The review form's star control: a radio group per rating, drawn as stars by CSS, that posts
plain values without JavaScript; and averages shown to the half star."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from common.templatetags.formatting import stars
from reviews.models import Review
from tests.reviews.pages import GOOD_TEXT

pytestmark = pytest.mark.django_db

FIELDS = ["rating", "communication", "quality", "value"]


def _create_url(engagement):
    return reverse("reviews:create", kwargs={"engagement_pk": engagement.pk})


def _fieldset(html, name):
    return re.search(rf'<fieldset class="star-rating" id="id_{name}".*?</fieldset>', html, re.S)


def test_each_rating_is_a_fieldset_of_five_star_radios(client, client_user, job):
    client.force_login(client_user)

    html = client.get(_create_url(job)).content.decode()

    overall = _fieldset(html, "rating").group(0)
    assert "<legend>Overall</legend>" in overall
    radios = re.findall(r'<input type="radio"[^>]*>', overall)
    assert [re.search(r'value="(\d)"', radio).group(1) for radio in radios] == list("12345")
    assert all('class="star-rating__input"' in radio for radio in radios)
    assert all('name="rating"' in radio for radio in radios)
    labels = re.findall(r'<label for="id_rating_(\d)"><input [^>]*>(.*?)</label>', overall)
    assert labels[0] == (
        "0",
        '<span aria-hidden="true">★</span><span class="visually-hidden">1 star</span>',
    )
    assert labels[4][1].endswith('<span class="visually-hidden">5 stars</span>')
    for name in FIELDS:
        assert _fieldset(html, name)


def test_the_star_ratings_post_their_values_without_javascript(client, client_user, job, service):
    client.force_login(client_user)

    response = client.post(
        _create_url(job),
        {"rating": "4", "communication": "5", "quality": "3", "value": "2", "text": GOOD_TEXT},
    )

    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.rating, review.communication, review.quality, review.value) == (4, 5, 3, 2)


def test_a_failed_submit_keeps_the_chosen_stars_and_links_the_missing_ones(
    client, client_user, job
):
    client.force_login(client_user)

    response = client.post(_create_url(job), {"rating": "3", "text": GOOD_TEXT})

    html = response.content.decode()
    assert re.search(r'<input type="radio" name="rating" value="3"[^>]*checked', html)
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    targets = re.findall(r'<a href="([^"]*)">', summary)
    assert targets == ["#id_communication", "#id_quality", "#id_value"]
    communication = _fieldset(html, "communication").group(0)
    assert 'aria-describedby="id_communication_error"' in communication
    assert html.count('id="id_communication_error"') == 1
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    ("value", "full", "half", "text"),
    [
        (Decimal("4.5"), 4, 1, "4.5 out of 5"),
        (Decimal("4.33"), 4, 1, "4.3 out of 5"),
        (Decimal("4.2"), 4, 0, "4.2 out of 5"),
        (Decimal("4.8"), 5, 0, "4.8 out of 5"),
        (5, 5, 0, "5 out of 5"),
        (Decimal("0"), 0, 0, "0 out of 5"),
    ],
)
def test_stars_show_halves_and_say_the_figure_in_hidden_text(value, full, half, text):
    html = str(stars(value))

    icons = re.search(r'<span class="stars__icons" aria-hidden="true">(.*?)</span><span c', html)
    assert icons.group(1).count("★") == full
    assert icons.group(1).count('<span class="star--half">☆</span>') == half
    assert icons.group(1).count("☆") == 5 - full
    assert f'<span class="visually-hidden">{text}</span>' in html
    assert "aria-label" not in html
