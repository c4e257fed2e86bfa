"""A filter form sent with fields left blank: the empty parameters are redirected away, on
the server, so that every search has one clean address (and the canonical link stays it)."""

import pytest

from tests.services.browsing import page_text, result_titles

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("sent", "clean"),
    [
        ("/services/?q=&category=&min_rate=&max_rate=&rating=&sort=", "/services/"),
        ("/services/?q=news&category=&min_rate=&max_rate=&sort=", "/services/?q=news"),
        ("/services/?q=&min_rate=30&sort=rate_asc", "/services/?min_rate=30&sort=rate_asc"),
        ("/services/?q=&q=news", "/services/?q=news"),
        ("/categories/writing-translation/?q=&sort=", "/categories/writing-translation/"),
        (
            "/categories/writing-translation/articles-news/?q=press&min_rate=",
            "/categories/writing-translation/articles-news/?q=press",
        ),
        ("/freelancers/?q=&skill=&min_rate=&country=", "/freelancers/"),
        ("/freelancers/?q=fran&availability=", "/freelancers/?q=fran"),
    ],
)
def test_empty_parameters_are_redirected_to_the_clean_url(client, sent, clean):
    response = client.get(sent)

    assert response.status_code == 301
    assert response["Location"] == clean


def test_the_clean_url_shows_what_the_form_asked_for(client, catalogue):
    response = client.get("/services/?q=news&category=&min_rate=&max_rate=&sort=", follow=True)

    assert response.redirect_chain == [("/services/?q=news", 301)]
    assert result_titles(response) == ["News feature", "Press release"]


@pytest.mark.parametrize("url", ["/services/?q=news", "/services/", "/freelancers/?q=fran"])
def test_a_query_without_empty_parameters_is_answered_in_place(client, url):
    assert client.get(url).status_code == 200


def test_the_category_pages_canonical_link_has_no_query(client, catalogue):
    html = page_text(client.get("/categories/writing-translation/?q=news&sort=newest"))

    assert (
        '<link rel="canonical" href="http://testserver/categories/writing-translation/">' in html
    )
