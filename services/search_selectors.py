"""Which services fill a page of a search, in order, chosen by how many services match.

A search at a million services is fast only when the plan fits the number of matches, and
the planner's guess at that number can be far off (a word common overall but rare in the
chosen category; a word that matches nothing). So the choice is made here, and every plan
is bounded:

- **Every match, then sort** (`_all_matches`): all matching ids with their sort keys through
  the search indexes alone (bitmap scans; a category's matches through the GIN index on
  category and words), sorted here. Exact, and costs what the number of matches costs.
  Tried first when the planner expects at most ALL_MATCHES_LIMIT matches, or knows nothing
  of the word (`_first_read_cap`); capped, so a wrong guess costs that many rows at
  most. Not first when the words are common overall and dense in a subcategory
  (`_dense_in_walk`): their postings are read whatever the category, so a short walk is
  cheaper.
- **Walk the sort order** (`_walk`): the services in the sort's own index order, at most
  WALK_ROWS of them, each tested against the words and the other filters, stopping at the
  page's last row. Fast when matches are dense. When the walk runs out before the page is
  full, matches are sparse, so fetching every match (the first plan, uncapped) is cheap,
  unless the search indexes cannot tell matches from mere candidates: a phrase
  ("translation writing") is found through the rows holding all its words, each rechecked
  on the table, so fetching it costs what that candidate set costs (a quarter of a million
  rows, 430 ms), however few rows hold the phrase. The planner estimates a phrase as that
  candidate set, so when a walk met some matches, the walk is extended to the length their
  density says the page needs, provided that is at most LONG_WALK_ROWS and fewer rows than
  the candidates (a walked row costs about half of a rechecked one).

Both give exactly the ids a plain ORDER BY ... OFFSET ... LIMIT would (tests compare them).
"""

import math
import time
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.db.models.expressions import RawSQL

from common.pagination import estimated_count
from services.models import SEARCH_CONFIG, Service

# Fetch every match first when the planner expects at most this many; never more than this
# many through that plan unless the walk has shown matches to be sparse.
ALL_MATCHES_LIMIT = 4_000
# Read first, at most, when the planner knows nothing of the words (`_first_read_cap`):
# giving up costs ~20 ms of rows fetched at a million services.
UNKNOWN_WORD_CAP = 1_000
# Rows of a sort order walked at most, looking for a page's matches.
WALK_ROWS = 4_000
# Rows walked at most by a second, longer walk, when the first met matches but too few
# (~0.8 ms a thousand rows at a million services).
LONG_WALK_ROWS = 50_000
# Words held by more services than this are costly to read from the search index whatever
# else narrows the search (a subcategory's matches are found among all of theirs).
COMMON_WORDS = 20_000
# Memory for the bitmaps of a read of every match, enough to keep a million rows' exact.
BITMAP_WORK_MEM = "32MB"
PAGE_SIZE = 20
# Relevance ranks every match when there are at most ALL_MATCHES_LIMIT, else only the
# RANK_LIMIT most recent matches (25 pages).
RANK_LIMIT = 500
# Pages go this deep at most (50 pages); narrower searches reach everything.
MAX_RESULTS = 1_000

# Each sort's order, as (field, descending) pairs, most significant first.
ORDER_KEYS = {
    "newest": [("published_at", True), ("pk", True)],
    "rate_asc": [("hourly_rate", False), ("published_at", True), ("pk", True)],
    "rate_desc": [("hourly_rate", True), ("published_at", True), ("pk", True)],
    "rating": [
        ("rating_average", True),
        ("review_count", True),
        ("published_at", True),
        ("pk", True),
    ],
    "relevance": [("rank", True), ("published_at", True), ("pk", True)],
}


# A made-up word, whole and as a word's start: held by no service, or by too few for the
# planner's statistics (which track the most common words) to hold it either way.
_UNKNOWN_WORDS = [
    SearchQuery(word, search_type="raw", config=SEARCH_CONFIG) for word in ("qzxjvk", "qzxjvk:*")
]
# How long a process trusts the planner's floors for unknown words (ANALYZE moves them).
FLOOR_SECONDS = 600
_floors: tuple[float, frozenset[int]] | None = None  # (monotonic expiry, estimates)


def unknown_word_estimates() -> frozenset[int]:
    """What the planner expects of one word its statistics do not hold, whole and as a
    word's start: a floor (from the frequency of the least common word it tracks, at most
    0.5 % of the rows), the same whatever the word, not a measurement. Asked once per
    FLOOR_SECONDS per process."""
    global _floors
    now = time.monotonic()
    if _floors is None or _floors[0] <= now:
        published = Service.objects.published()
        estimates = frozenset(
            estimated_count(published.filter(search_document=word)) for word in _UNKNOWN_WORDS
        )
        _floors = (now + FLOOR_SECONDS, estimates)
    return _floors[1]


def forget_unknown_word_estimates() -> None:
    """Ask the planner's floors afresh on the next search (after an ANALYZE; tests)."""
    global _floors
    _floors = None


def _first_read_cap(estimate: float) -> int | None:
    """How many matches are read whole first (the read gives up past that many), or None
    when the sort's order is walked first: ALL_MATCHES_LIMIT when the planner expects at
    most that many; UNKNOWN_WORD_CAP when its estimate is exactly its floor for a word it
    knows nothing of. Such a word is rarer than every word it tracks ("zyl7", expected at
    4,751 of a million services, matches 521), and a walk of the newest services meets
    almost none of its matches; but a word's start can gather many rare words ("quor"
    matches 9,873), so the read gives up sooner. (Only the floor itself: an estimate below
    it may come from common words together, "proofreading art", whose postings are costly
    to read whole.)"""
    if estimate <= ALL_MATCHES_LIMIT:
        return ALL_MATCHES_LIMIT
    if estimate in unknown_word_estimates():
        return UNKNOWN_WORD_CAP
    return None


class CardRows:
    """Services by id in a given order, sliced as a paginator does: a slice loads only its
    own rows, as cards (with their freelancer and category)."""

    ordered = True

    def __init__(self, ids: list[int]):
        self.ids = ids

    def __getitem__(self, window: slice) -> list[Service]:
        ids = self.ids[window]
        loaded = Service.objects.for_cards().in_bulk(ids)
        return [loaded[pk] for pk in ids if pk in loaded]


@dataclass
class Found:
    ids: list[int]  # in order, from the first match: at least up to the page asked for
    total: int  # how many match: exact, or the planner's estimate when `approximate`
    approximate: bool
    pageable: int  # how many of them the pages reach
    categories: dict[int, int] | None  # matches per category id, when every match was read


def _id_among(ids: list[int]) -> RawSQL:
    """`id = ANY(array)`: one parameter for hundreds of ids, where `pk__in` would make
    Django build (and psycopg split) a placeholder for each."""
    return RawSQL(
        f'"{Service._meta.db_table}"."id" = ANY(%s)', (ids,), output_field=BooleanField()
    )


def tested_on_rows(column: str, values: list[int]) -> RawSQL:
    """`column` is one of `values`, as a test on each row read, never an index key
    (`column + 0`, which no index holds). A top category is ten subcategories: as a key of
    the index on category and words, `= ANY` scans the index once for each, reading the
    words' postings ten times ("email drafts custom" in Writing & Translation: 52 ms),
    and the category's own index reads its quarter of a million rows (25 ms); where few
    services hold the words, reading theirs (3,531) and testing each costs 15 ms in all."""
    return RawSQL(
        f'"{Service._meta.db_table}"."{column}" + 0 = ANY(%s)',
        (values,),
        output_field=BooleanField(),
    )


def find(
    *, where: Q, words: Q, sort: str, page: int, rank, estimate: int, common: bool = False
) -> Found:
    """The public services matching `where` (a filter a sort's index leads with) and
    `words` (the words and every other filter) in `sort`'s order, as far as page `page`
    (clamped to the last page), with their total. `common`: the words alone are held by
    more than COMMON_WORDS services (see _dense_in_walk).

    Best match ranks every match when there are at most ALL_MATCHES_LIMIT, else the
    RANK_LIMIT most recent. Other sorts reach MAX_RESULTS deep."""
    base = Service.objects.public().filter(where)
    if sort == "relevance":
        if cap := _first_read_cap(estimate):
            # Every match is pageable: the ids as far as the page asked for.
            every = _all_matches(
                base.filter(words), sort, cap=cap, rank=rank, limit=max(page, 1) * PAGE_SIZE
            )
            if every is not None:
                return Found(every.ids, every.total, False, every.total, every.categories)
        # The most recent matches met among the newest WALK_ROWS services; when those
        # hold less than a page, matches are sparse and the pool is the most recent
        # RANK_LIMIT of them all.
        recent = ordered_ids(
            base=base,
            words=words,
            sort="newest",
            stop=RANK_LIMIT,
            estimate=math.inf,
            enough=PAGE_SIZE,
            candidates=estimate,
        )
        pool = recent.ids[:RANK_LIMIT]
        ranked = list(
            Service.objects.filter(_id_among(pool))
            .annotate(rank=rank)
            .order_by("-rank", "-published_at", "-id")
            .values_list("pk", flat=True)
        )
        total = recent.total if recent.complete else max(estimate, len(pool))
        return Found(ranked, total, not recent.complete, len(pool), recent.categories)
    pageable = max(1, min(estimate, MAX_RESULTS))
    number = min(page, -(-pageable // PAGE_SIZE))
    stop = number * PAGE_SIZE
    if common and _dense_in_walk(where, estimate=estimate, stop=stop):
        # Walked first: the capped read would read every service holding the words.
        found = ordered_ids(
            base=base, words=words, sort=sort, stop=stop, estimate=math.inf, candidates=math.inf
        )
    else:
        found = ordered_ids(base=base, words=words, sort=sort, stop=stop, estimate=estimate)
    if found.complete:
        total = found.total
        return Found(found.ids, total, False, min(total, MAX_RESULTS), found.categories)
    total = max(estimate, len(found.ids))
    return Found(found.ids, total, True, min(total, MAX_RESULTS), None)


def find_within(*, words: Q, sort: str, within: list[int]) -> Found | None:
    """The public services matching `words` in `sort`'s order (not relevance), as far as
    the pages go, those whose category is one of `within`, with their total; and every
    category's count of all of them (a browse page's sidebar), in one read of every match.
    None when more than ALL_MATCHES_LIMIT match `words`: the caller plans as usual."""
    base = Service.objects.public().filter(words)
    read = _all_matches(
        base, sort, cap=ALL_MATCHES_LIMIT, rank=None, limit=MAX_RESULTS, within=within
    )
    if read is None:
        return None
    return Found(read.ids, read.total, False, min(read.total, MAX_RESULTS), read.categories)


def _dense_in_walk(where: Q, *, estimate: int, stop: int) -> bool:
    """Whether a walk of `where`'s rows (a subcategory, a rate range) in a sort's order is
    expected to meet `stop` matches within half of WALK_ROWS, although the planner expects
    few enough matches to read them all: with common words, reading them all costs every
    service holding the words (\"small help\" in Tutoring: 281,380 rows of the index for
    3,418 matches, 112 ms), where a walk of the subcategory reads a few hundred rows."""
    if not where or estimate > ALL_MATCHES_LIMIT:
        return False
    rows = estimated_count(Service.objects.published().filter(where))
    return stop * rows <= estimate * WALK_ROWS / 2


@dataclass
class OrderedIds:
    ids: list[int]  # from the start of the order, at least up to the page's last row
    # When every match was read: how many match, and how many in each category (by id);
    # None when the walk found the page's rows without meeting every match.
    total: int | None = None
    categories: dict[int, int] | None = None

    @property
    def complete(self) -> bool:
        return self.categories is not None


def ordered_ids(
    *,
    base: QuerySet,
    words: Q,
    sort: str,
    stop: int,
    estimate: float,
    rank=None,
    enough: int | None = None,
    candidates: float | None = None,
) -> OrderedIds:
    """The ids of `base` (public services) matching `words` (the words and every other
    filter), in `sort`'s order, at least the first `stop` of them (all of them when there
    are fewer), by whichever plan the number of matches makes cheap. With `enough`, a
    walk that meets that many matches but fewer than `stop` returns what it met.
    `candidates` (the planner's estimate; `estimate` by default) bounds a longer walk."""
    matches = base.filter(words)
    # A read of every match returns the ids as deep as the pages go.
    limit = max(stop, MAX_RESULTS)
    if cap := _first_read_cap(estimate):
        found = _all_matches(matches, sort, cap=cap, rank=rank, limit=limit)
        if found is not None:
            return found
    if sort != "relevance":
        enough = min(enough or stop, stop)
        candidates = estimate if candidates is None else candidates
        walked = _walk(base, words, sort, stop, rows=WALK_ROWS)
        if len(walked) < enough and walked:
            # Sparse, but not so sparse that reading every candidate is surely cheaper:
            # walk as far as the density met says `stop` needs, if that reaches `enough`
            # within the bounds.
            per_match = WALK_ROWS / len(walked) * 1.5
            bound = min(LONG_WALK_ROWS, candidates)
            if per_match * enough <= bound:
                rows = math.ceil(min(per_match * stop, bound))
                walked = _walk(base, words, sort, stop, rows=rows)
        if len(walked) >= enough:
            return OrderedIds(walked)
    return _all_matches(matches, sort, cap=None, rank=rank, limit=limit)


def _all_matches(
    matches: QuerySet, sort: str, *, cap: int | None, rank, limit: int, within=None
) -> OrderedIds | None:
    """Every match read through bitmap scans of the search indexes, in one query that
    returns their count, their count in each category and the first `limit` ids in
    `sort`'s order (PostgreSQL sorts them; sending every match's sort keys here cost more
    than reading them: 10,000 matches, ~20 ms). None when more than `cap` match. Capped,
    the planner expects few matches and takes those indexes itself; uncapped (after a walk
    found matches sparse, whatever the planner expects), it is told to. `within`
    (category ids): the total and the ids are of the matches in those categories, the
    counts of all of them."""
    keys = ORDER_KEYS[sort]
    queryset = matches.order_by()
    if sort == "relevance":
        queryset = queryset.annotate(rank=rank)
    rows = queryset.values_list("category_id", *(name for name, _ in keys))
    if cap is not None:
        rows = rows[: cap + 1]
    read, params = rows.query.sql_with_params()
    order = ", ".join(f'"{name}" {"DESC" if desc else "ASC"}' for name, desc in keys)
    # Within categories, their matches are counted apart from all those read.
    inside, inside_params = ("WHERE category_id = ANY(%s)", [within]) if within else ("", [])
    within_count = f"(SELECT count(*) FROM found {inside})" if within else "NULL"
    statement = f"""
        WITH found AS MATERIALIZED ({read})
        SELECT
            (SELECT count(*) FROM found),
            {within_count},
            ARRAY(SELECT pk FROM found {inside} ORDER BY {order} LIMIT %s),
            ARRAY(SELECT ARRAY[category_id, count(*)] FROM found GROUP BY category_id)"""
    # Room for the bitmaps to stay exact: in the default 4 MB, a common word's 120,000
    # rows went lossy, and every row of their pages was rechecked ("database" in a
    # subcategory: 42 ms instead of 28; a top category ANDed with a common word, 93
    # instead of 34). Uncapped (not a walk of a sort index nor of the table): bitmap scans
    # only. The settings, the read and the reset go in one round trip, which PostgreSQL
    # runs as one transaction (or within the caller's): a failed read undoes the settings
    # with itself.
    settings = f"SET work_mem = '{BITMAP_WORK_MEM}'"
    if cap is None:
        settings += "; SET enable_seqscan = off; SET enable_indexscan = off"
    reset = "RESET enable_seqscan; RESET enable_indexscan; RESET work_mem"
    with connections[rows.db].cursor() as cursor:
        cursor.execute(f"{settings}; {statement}; {reset}", [*params, *inside_params * 2, limit])
        while cursor.description is None:  # past the settings' results to the read's
            cursor.nextset()
        read_rows, within_total, ids, per_category = cursor.fetchone()
    if cap is not None and read_rows > cap:
        return None
    total = read_rows if within_total is None else within_total
    return OrderedIds(ids, total, dict(per_category))


def _walk(base: QuerySet, words: Q, sort: str, stop: int, *, rows: int) -> list[int]:
    """The first `stop` matches met walking at most `rows` rows of `base` in `sort`'s
    index order (fewer when matches are sparse). The filters are tested on each row walked,
    never used to skip rows, so the walk reads `rows` rows at most."""
    ordering = [f"-{name}" if desc else name for name, desc in ORDER_KEYS[sort]]
    walked = (
        base.order_by(*ordering)
        .annotate(hit=ExpressionWrapper(words, output_field=BooleanField()))
        .values_list("pk", "hit")[:rows]
    )
    sql, params = walked.query.sql_with_params()
    # The subquery's LIMIT bounds the rows read; the outer LIMIT stops at the page's end.
    # A subquery with a LIMIT is never flattened, and its rows keep their order.
    with connections[walked.db].cursor() as cursor:
        cursor.execute(f"SELECT w.pk FROM ({sql}) w WHERE w.hit LIMIT %s", [*params, stop])
        return [row[0] for row in cursor.fetchall()]
