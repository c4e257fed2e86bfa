"""Issue 16, point 7: service search matches the beginnings of words (the last word typed)
and freelancers' display names, with the directory's query builder
(common.search.prefix_search_query)."""

import pytest

from services import search_terms
from tests.profiles.factories import ProfileFactory
from tests.services.browsing import LIST_URL, listed_service, result_titles, result_total

pytestmark = pytest.mark.django_db


def test_the_beginning_of_a_word_finds_the_word(client):
    listed_service("Technical writing", days=1)
    listed_service("Logo design", days=2)

    assert result_titles(client.get(LIST_URL, {"q": "writ"})) == ["Technical writing"]
    assert result_titles(client.get(LIST_URL, {"q": "technical wri"})) == ["Technical writing"]


def test_only_the_last_word_is_a_beginning(client):
    listed_service("Technical writing", days=1)

    # "tech" is not the last word: it must be a whole word.
    assert result_titles(client.get(LIST_URL, {"q": "tech writing"})) == []


@pytest.mark.parametrize("q", ["writ:*", "writ | logo", "writ & !logo", "(writ", "writ'", "-writ"])
def test_tsquery_syntax_typed_into_the_box_is_never_an_error(client, q):
    listed_service("Technical writing")

    response = client.get(LIST_URL, {"q": q})

    assert response.status_code == 200


def test_a_freelancers_name_finds_their_services(client):
    maria = ProfileFactory(display_name="Maria Okonkwo")
    listed_service("Logo design", freelancer=maria, days=1)
    listed_service("Brand audit", freelancer=maria, days=2)
    listed_service("Logo refresh", days=0)

    assert result_titles(client.get(LIST_URL, {"q": "okonkwo"})) == ["Logo design", "Brand audit"]
    # Every word must be in the name (the last one may be its beginning) ...
    assert result_titles(client.get(LIST_URL, {"q": "maria okon"})) == [
        "Logo design",
        "Brand audit",
    ]
    # ... or in the service: a name and a word of the service together find nothing.
    assert result_total(client.get(LIST_URL, {"q": "okonkwo logo"})) == 0


def test_a_name_match_keeps_the_other_filters(client):
    maria = ProfileFactory(display_name="Maria Okonkwo")
    listed_service("Logo design", freelancer=maria, leaf="copywriting")
    listed_service("News article", freelancer=maria, leaf="articles-news")

    response = client.get(LIST_URL, {"q": "okonkwo", "category": "articles-news"})

    assert result_titles(response) == ["News article"]


def test_a_hidden_freelancers_name_finds_nothing(client):
    maria = ProfileFactory(display_name="Maria Okonkwo", status="suspended")
    listed_service("Logo design", freelancer=maria)

    assert result_total(client.get(LIST_URL, {"q": "okonkwo"})) == 0


def test_a_name_shared_by_too_many_freelancers_matches_only_as_a_word(client, monkeypatch):
    monkeypatch.setattr(search_terms, "NAME_LIMIT", 1)
    for surname in ["Okonkwo", "Okonkwo"]:
        listed_service("Logo design", freelancer=ProfileFactory(display_name=f"Ada {surname}"))
    listed_service("Okonkwo family portraits")

    assert result_titles(client.get(LIST_URL, {"q": "okonkwo"})) == ["Okonkwo family portraits"]
