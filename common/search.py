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


def prefix_search_query(q: str, *, configs: tuple[str, ...]) -> SearchQuery:
    """The visitor's words in web-search syntax (`"exact phrase"`, `or`, `-word`) in the
    first text search configuration, with the last word also matched as the start of a word
    in each of `configs` when it is a plain word: "writ" finds "writing". The prefix is
    built from word characters only, never from raw input, so nothing typed can be read as
    tsquery syntax."""
    words = q.split()
    last = words[-1] if words else ""
    plain_last = (
        _PLAIN_WORD.fullmatch(last)
        and last.lower() != "or"
        and not (len(words) > 1 and words[-2].lower() == "or")
        and q.count('"') % 2 == 0
    )
    if not plain_last:
        return SearchQuery(q, search_type="websearch", config=configs[0])
    prefix = SearchQuery(f"{last}:*", search_type="raw", config=configs[0])
    for config in configs[1:]:
        prefix |= SearchQuery(f"{last}:*", search_type="raw", config=config)
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
