"""What both searches share (services and the freelancer directory; /how-it-works/ explains
it): the published ranking rule and how the words typed into a search box become a query.

RANK_WEIGHTS are ts_rank weights for D, C, B, A, so a match in the most important part (a
service's title, a freelancer's name) far outranks one in the least."""

import re
from collections.abc import Callable

from django.contrib.postgres.search import SearchQuery
from django.db.models import Q, QuerySet

RANK_WEIGHTS = [0.05, 0.2, 0.4, 1.0]

# A word the prefix query may carry: letters, digits and underscores only, none of which
# means anything in tsquery syntax.
_PLAIN_WORD = re.compile(r"\w{1,60}")
_LETTERS_AND_DIGITS = re.compile(r"[^\W_]+")


def plain_last_word(q: str) -> str | None:
    """The last word typed, when prefix_search_query matches it as the start of a word too:
    a plain word (letters, digits, underscores) that is not `or`, follows no `or`, and
    closes no quoted phrase; else None."""
    words = q.split()
    last = words[-1] if words else ""
    plain = (
        _PLAIN_WORD.fullmatch(last)
        and last.lower() != "or"
        and not (len(words) > 1 and words[-2].lower() == "or")
        and q.count('"') % 2 == 0
    )
    return last if plain else None


def matchable_whole_words(words: list[str] | None) -> bool:
    """Whether prefix_search_query can match `words` in place of a start: some, each of
    letters and digits alone (the plain configuration would split one with a hyphen or an
    underscore into several)."""
    return bool(words) and all(map(_LETTERS_AND_DIGITS.fullmatch, words))


def prefix_search_query(
    q: str, *, configs: tuple[str, ...], whole_words: list[str] | None = None
) -> SearchQuery:
    """The visitor's words in web-search syntax (`"exact phrase"`, `or`, `-word`) in the
    first text search configuration, with the last word also matched as the start of a word
    in each of `configs` when it is a plain word: "writ" finds "writing". The prefix is
    built from word characters only, never from raw input, so nothing typed can be read as
    tsquery syntax.

    `whole_words` (one configuration only): every word of the documents that begins as
    the plain last word does, as the configuration normalizes them. When each is made of
    letters and digits alone, those are matched instead of the start: the same documents,
    through exact keys of the index."""
    last = plain_last_word(q)
    if last is None:
        return SearchQuery(q, search_type="websearch", config=configs[0])
    if len(configs) == 1 and matchable_whole_words(whole_words):
        # Already normalized: the "simple" configuration takes them as they are.
        prefix = SearchQuery(" | ".join(whole_words), search_type="raw", config="simple")
    else:
        prefix = SearchQuery(f"{last}:*", search_type="raw", config=configs[0])
    for config in configs[1:]:
        prefix |= SearchQuery(f"{last}:*", search_type="raw", config=config)
    words = q.split()
    if len(words) == 1:
        return prefix
    rest = SearchQuery(" ".join(words[:-1]), search_type="websearch", config=configs[0])
    return rest & prefix


def staff_search(
    queryset: QuerySet, term: str, *, address: str, matches: Callable[[str], Q]
) -> QuerySet:
    """What the admin's search box finds in a table that reaches a million rows, through
    indexes only: for an address (anything with "@"), the rows whose `address` lookup is
    it, exactly; else the rows `matches(term)` picks (the words through a search index).
    Nothing typed, every row."""
    term = term.strip()
    if not term:
        return queryset
    if "@" in term:
        return queryset.filter(**{f"{address}__iexact": term})
    return queryset.filter(matches(term))
