"""Search on the browse page (?q=): relevance, search syntax, stemming, what is shown back."""

import pytest

from tests.profiles.factories import SkillFactory
from tests.services.browsing import (
    LIST_URL,
    card_titles,
    empty_state,
    listed_service,
    page_text,
    result_titles,
    result_total,
)

pytestmark = pytest.mark.django_db


def test_a_title_match_ranks_above_a_skill_match_above_a_description_match(client):
    podcasting = SkillFactory(name="Podcasting")
    # The newest is the weakest match, so only the rank can put them in this order.
    listed_service("Radio voice work", description="I do some podcasting too.", days=1)
    listed_service("Audio cleanup", description="Clear sound.", skills=[podcasting], days=2)
    listed_service("Podcasting production", description="Clear sound.", days=3)
    listed_service("Logo design", description="Vector logos.", days=0)

    response = client.get(LIST_URL, {"q": "podcasting"})

    assert response.status_code == 200
    assert result_titles(response) == [
        "Podcasting production",
        "Audio cleanup",
        "Radio voice work",
    ]
    assert result_total(response) == 3
    assert card_titles(response) == result_titles(response)


def test_a_quoted_phrase_matches_only_the_exact_phrase(client):
    listed_service("Fast news writing", days=1)
    listed_service("Writing about the news", days=2)

    quoted = client.get(LIST_URL, {"q": '"news writing"'})
    unquoted = client.get(LIST_URL, {"q": "news writing"})

    assert result_titles(quoted) == ["Fast news writing"]
    assert result_titles(unquoted) == ["Fast news writing", "Writing about the news"]


def test_or_matches_either_word(client):
    listed_service("SEO audit", days=1)
    listed_service("SEM campaigns", days=2)
    listed_service("Logo design", days=3)

    either = client.get(LIST_URL, {"q": "seo or sem"})
    both = client.get(LIST_URL, {"q": "seo sem"})

    assert sorted(result_titles(either)) == ["SEM campaigns", "SEO audit"]
    assert result_titles(both) == []


def test_a_minus_sign_excludes_a_word(client):
    listed_service("Logo design", days=1)
    listed_service("Logo animation", days=2)

    assert result_titles(client.get(LIST_URL, {"q": "logo -animation"})) == ["Logo design"]
    assert result_titles(client.get(LIST_URL, {"q": "logo"})) == ["Logo design", "Logo animation"]


def test_english_stemming_matches_word_forms_but_not_other_words(client):
    listed_service("Magazine article", days=1)
    listed_service("Blog posts I write weekly", days=2)
    listed_service("Professional writer", days=3)

    # "articles" and "article" share the stem "articl".
    assert result_titles(client.get(LIST_URL, {"q": "articles"})) == ["Magazine article"]
    # "writing" stems to "write"; "writer" stays "writer", a different word.
    assert result_titles(client.get(LIST_URL, {"q": "writing"})) == ["Blog posts I write weekly"]
    assert result_titles(client.get(LIST_URL, {"q": "writer"})) == ["Professional writer"]


def test_a_query_is_shown_back_escaped(client, two_services):
    html = page_text(client.get(LIST_URL, {"q": '<script>alert("x")</script>'}))

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_owners_do_not_see_their_own_unpublished_services_in_search(
    client, freelancer, mixed_visibility
):
    client.force_login(freelancer)

    response = client.get(LIST_URL, {"q": "gig"})

    assert result_titles(response) == ["Public gig"]


def test_the_empty_state_links_to_categories_with_services_and_all_services(client, two_services):
    response = client.get(LIST_URL, {"q": "zebra"})

    assert result_titles(response) == []
    assert "0 services" in page_text(response)
    empty = empty_state(response)
    assert "No services match “zebra”" in empty
    assert 'href="/categories/writing-translation/"' in empty
    assert 'href="/categories/design-art/"' in empty
    # An empty category would be a link to nothing.
    assert 'href="/categories/legal/"' not in empty
    assert 'href="/services/">See all services</a>' in empty
