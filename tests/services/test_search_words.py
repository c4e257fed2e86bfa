"""Issue 17: a word's start is searched as the whole words it begins (services.SearchWord,
kept by triggers), the same services through exact keys of the search index."""

import threading
import time

import pytest
from django.db import connection, transaction

from common.search import prefix_search_query
from services import actions
from services import search_terms as terms
from services.models import SearchWord, Service
from tests.profiles.factories import ProfileFactory
from tests.races import race
from tests.services.browsing import LIST_URL, listed_service, result_titles
from tests.services.factories import ServiceFactory, leaf_category


def _words(start: str) -> list[str]:
    return sorted(
        set(SearchWord.objects.filter(word__startswith=start).values_list("word", flat=True))
    )


def _stem(word: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT lexeme FROM unnest(to_tsvector('english', %s))", [word])
        return cursor.fetchone()[0]


def _sql(query) -> str:
    return str(Service.objects.filter(search_document=query).query)


@pytest.mark.django_db
def test_every_word_of_a_created_or_edited_service_is_kept(freelancer):
    service = actions.service_create(
        freelancer=freelancer.profile,
        title="Quokka portraits",
        description="Drawn from photographs.",
        category=leaf_category(),
        hourly_rate=30,
        skill_names=["Wombatry"],
    )
    assert _words("quokka") == ["quokka"]
    assert _words("wombatri") == ["wombatri"]  # the skill, through the keywords
    assert _words("photograph") == ["photograph"]

    actions.service_update(service=service, data={"title": "Numbat portraits"})

    assert _words("numbat") == ["numbat"]
    assert _words("quokka") == ["quokka"]  # kept: it matches nothing now


@pytest.mark.django_db
def test_services_inserted_together_add_their_words_once():
    freelancer = ProfileFactory()
    Service.objects.bulk_create(
        ServiceFactory.build(freelancer=freelancer, title=f"Axolotl care {n}", slug=f"axolotl-{n}")
        for n in range(5)
    )

    assert list(SearchWord.objects.filter(word="axolotl").values_list("word", flat=True)) == [
        "axolotl"
    ]


@pytest.mark.django_db
def test_a_start_is_asked_for_as_the_whole_words_it_begins(client):
    listed_service("Technical writing", days=1)  # "write"
    listed_service("Ghost writer", days=2)  # "writer"
    listed_service("Logo design", days=3)

    typed = terms.typed_words("writ")

    assert "to_tsquery(simple::regconfig, write | writer)" in _sql(typed.matched)
    assert ":*" not in _sql(typed.matched)
    assert ":*" in _sql(typed.ranked)  # ranked as typed
    assert result_titles(client.get(LIST_URL, {"q": "writ"})) == [
        "Technical writing",
        "Ghost writer",
    ]
    assert result_titles(client.get(LIST_URL, {"q": "ghost writ"})) == ["Ghost writer"]


@pytest.mark.django_db
def test_a_start_of_too_many_words_stays_a_start(client, monkeypatch):
    listed_service("Technical writing", days=1)
    listed_service("Ghost writer", days=2)
    monkeypatch.setattr(terms, "WHOLE_WORDS_LIMIT", 1)

    typed = terms.typed_words("writ")

    assert ":*" in _sql(typed.matched)
    assert result_titles(client.get(LIST_URL, {"q": "writ"})) == [
        "Technical writing",
        "Ghost writer",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["the", "zzqx", "writing the"])
def test_a_stop_word_or_a_start_of_no_word_stays_a_start(client, q):
    listed_service("Technical writing")

    typed = terms.typed_words(q)

    assert _sql(typed.matched) == _sql(typed.ranked)
    assert client.get(LIST_URL, {"q": q}).status_code == 200


def test_only_words_of_letters_and_digits_replace_a_start():
    hyphenated = prefix_search_query("writ", configs=("english",), whole_words=["write-up"])
    plain = prefix_search_query("writ", configs=("english",), whole_words=["write", "writer2"])

    assert "writ:*" in str(hyphenated)
    assert "write | writer2" in str(plain)


@pytest.mark.django_db(transaction=True)
def test_services_written_at_once_with_the_same_new_word_all_commit(freelancer):
    """Six transactions add the same new word, each holding it uncommitted a moment: none
    fails, and the search finds all six."""
    category = leaf_category()

    def create(n):
        with transaction.atomic():
            ServiceFactory(
                freelancer=freelancer.profile,
                category=category,
                title=f"Pangolin grooming {n}",
                slug=f"pangolin-{n}",
            )
            time.sleep(0.3)  # the others add the word meanwhile

    outcome = race(create, [{"n": n} for n in range(6)])

    assert outcome.errors == []
    assert _words("pangolin") == ["pangolin"]
    typed = terms.typed_words("pango")
    assert "to_tsquery(simple::regconfig, pangolin)" in _sql(typed.matched)
    assert Service.objects.filter(search_document=typed.matched).count() == 6


@pytest.mark.django_db(transaction=True)
def test_two_transactions_adding_two_new_words_in_opposite_orders_both_commit(freelancer):
    """With a unique word, each would wait for the other's: a deadlock."""
    category = leaf_category()
    both_wrote_one = threading.Barrier(2)

    def create(first, second):
        with transaction.atomic():
            for word in (first, second):
                ServiceFactory(freelancer=freelancer.profile, category=category, title=word)
                if word == first:
                    both_wrote_one.wait(timeout=10)

    outcome = race(
        create,
        [
            {"first": "Ocelot", "second": "Caracal"},
            {"first": "Caracal", "second": "Ocelot"},
        ],
    )

    assert outcome.errors == []
    assert _words(_stem("ocelot")) == [_stem("ocelot")]
    assert _words(_stem("caracal")) == [_stem("caracal")]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM services_service WHERE title IN ('Ocelot', 'Caracal')"
        )
        assert cursor.fetchone()[0] == 4
