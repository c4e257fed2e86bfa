"""/how-it-works/: how reviews, moderation and search ranking work, linked from every page."""

import pytest
from django.urls import reverse

from tests.reviews.pages import visible_text

pytestmark = pytest.mark.django_db


def test_the_page_explains_reviews_moderation_and_the_main_ranking_parameters(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):  # a site page: no database
        response = client.get("/how-it-works/")

    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "How reviews, moderation and search work" in text
    assert "A freelancer can never complete a job" in text
    assert "plain mean of its visible reviews" in text
    for signal in ["account is", "accepted to completed", "without any messages", "burst"]:
        assert signal in text
    assert (
        "a match in the service's title weighs most, then a match in its skills and "
        "category, then in its description" in text
    )
    assert "Newest, Rate: low to high, Rate: high to low, Highest rated" in text
    assert "no paid placement and no paid bidding" in text


def test_the_footer_links_the_page_on_every_page(client):
    html = client.get(reverse("services:list")).content.decode()

    footer = html[html.index('<footer class="site-footer">') :]
    assert f'href="{reverse("how_it_works")}"' in footer
