"""What the words typed into the service search box mean: the query as typed (it ranks),
the same matches through exact keys of the search index (the last word's start as the
whole words it begins, services.models.SearchWord), and the freelancers named so.
services.search_selectors picks how to read the matches. The admin's search box means the
same by them."""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import F, Q, QuerySet

from common.search import (
    RANK_WEIGHTS,
    matchable_whole_words,
    plain_last_word,
    prefix_search_query,
    staff_search,
)
from profiles.models import Profile
from services.models import SEARCH_CONFIG, SearchWord

# A name shared by more freelancers than this picks out nobody: such words still match
# services through their own text, not through the name.
NAME_LIMIT = 50
# A word's start that begins more words than this is matched as a start: ORing that many
# words' postings costs about what the start does.
WHOLE_WORDS_LIMIT = 50


def service_search_query(q: str) -> SearchQuery:
    """The visitor's words over the services' English search document, the last word also
    as the start of a word ("writ" finds writing), as the freelancer directory does."""
    return prefix_search_query(q, configs=(SEARCH_CONFIG,))


@dataclass(frozen=True)
class TypedWords:
    """What a search box's words mean to the service search (typed_words)."""

    ranked: SearchQuery  # as typed, the last word also as a start: ranks, finds names
    matched: SearchQuery  # the same services, through exact keys of the search index
    names: list[int]  # the public freelancers whose display name holds every word
    whole_words: int = 0  # how many whole words `matched` asks for in place of the start


def typed_words(q: str) -> TypedWords:
    """The service search's words for `q`, looked up in one round trip: the freelancers
    named so (through the name's own index: none when more than NAME_LIMIT are), and the
    whole words the last word begins (SearchWord), which `matched` asks for in place of the
    start, "understand" for "understand:*". A GIN index reads every posting of every word
    with a start before it can AND the other words (38 ms against 8 for the exact word at a
    million services). Ranking stays with the start: an OR of words ranks apart from it.

    The start is kept when it normalizes to no single word (a stop word), or begins none
    of the words, or more than WHOLE_WORDS_LIMIT of them."""
    ranked = service_search_query(q)
    named = (
        Profile.objects.public()
        .annotate(name_words=SearchVector("display_name", config=SEARCH_CONFIG))
        .filter(name_words=ranked)
        .order_by()  # any NAME_LIMIT + 1 of them: sorting by name started parallel workers
        .values_list("pk", flat=True)[: NAME_LIMIT + 1]
    )
    last = plain_last_word(q)
    if last is None:
        return TypedWords(ranked, ranked, _few(list(named)))
    names_sql, names_params = named.query.sql_with_params()
    with connections[named.db].cursor() as cursor:
        cursor.execute(
            f"""
            WITH typed AS (
                SELECT lexemes[1] AS word FROM (
                    SELECT array_agg(lexeme) AS lexemes
                    FROM unnest(to_tsvector(%s::regconfig, %s))
                ) normalized WHERE cardinality(lexemes) = 1
            )
            SELECT
                ARRAY(
                    SELECT DISTINCT word FROM {SearchWord._meta.db_table}
                    WHERE word >= (SELECT word FROM typed) COLLATE "C"
                    AND word < (SELECT word || chr(1114111) FROM typed) COLLATE "C"
                    ORDER BY word LIMIT %s
                ),
                ARRAY({names_sql})""",
            [SEARCH_CONFIG, last, WHOLE_WORDS_LIMIT + 1, *names_params],
        )
        words, names = cursor.fetchone()
    if len(words) > WHOLE_WORDS_LIMIT or not matchable_whole_words(words):
        return TypedWords(ranked, ranked, _few(names))  # kept as a start
    matched = prefix_search_query(q, configs=(SEARCH_CONFIG,), whole_words=words)
    return TypedWords(ranked, matched, _few(names), whole_words=len(words))


def _few(names: list[int]) -> list[int]:
    return names if len(names) <= NAME_LIMIT else []


def words_condition(query: SearchQuery, names: list[int]) -> Q:
    """A service matches by its own words or by its freelancer's name."""
    condition = Q(search_document=query)
    return condition | Q(freelancer_id__in=names) if names else condition


def rank_expression(query: SearchQuery) -> SearchRank:
    """The published ranking rule (common.search.RANK_WEIGHTS) over the service's words."""
    return SearchRank(F("search_document"), query, weights=RANK_WEIGHTS)


def service_staff_search(*, queryset: QuerySet, term: str) -> QuerySet:
    """The admin's search of services, in any status (common.search.staff_search): an
    address finds its freelancer's services; words, the services whose words or
    freelancer's name match as on the site, or whose slug they are. A substring search of
    four columns over three tables read every service (1.5 s at a million)."""
    return staff_search(
        queryset, term, address="freelancer__user__email", matches=_service_words_or_slug
    )


def _service_words_or_slug(term: str) -> Q:
    typed = typed_words(term)
    return words_condition(typed.matched, typed.names) | Q(slug=term.lower())
