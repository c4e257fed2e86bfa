"""The search's fast paths give exactly what a plain query gives: the same count and the same
order, for every sort, with and without a category, on pages 1-3, whichever plan
search_selectors picks (every match read, the sort's order walked, walked first although
few match, walked further, or the walk giving up).

Three thousand services of a small vocabulary, so that some words are common, some rare,
some common overall and rare in a category; many share a rate, a rating and a publication
time, so that ties are decided by the later keys."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from services import search_selectors as fast
from services import search_terms as terms
from services import selectors
from services.models import Category, Service
from services.selectors import browse
from tests.profiles.factories import ProfileFactory, SkillFactory

pytestmark = pytest.mark.django_db

ROWS = 3_000
WORDS = ["news", "logo", "python", "audit", "tax", "german", "podcast", "zeppelin"]
WEIGHTS = [40, 25, 15, 8, 5, 4, 2, 1]
QUERIES = ["news", "logo", "zeppelin", "news logo", "python -news", '"logo audit"', "pod"]
SORTS = ["relevance", "newest", "rate_asc", "rate_desc", "rating"]
# Thresholds that send the same searches down each plan.
PLANS = {
    "read every match": {"ALL_MATCHES_LIMIT": 10_000, "WALK_ROWS": 4_000},
    "walk the order": {"ALL_MATCHES_LIMIT": 5, "UNKNOWN_WORD_CAP": 5, "WALK_ROWS": 4_000},
    "walk first": {"ALL_MATCHES_LIMIT": 10_000, "COMMON_WORDS": 0, "WALK_ROWS": 4_000},
    "walk goes further": {
        "ALL_MATCHES_LIMIT": 5,
        "UNKNOWN_WORD_CAP": 5,
        "WALK_ROWS": 40,
        "LONG_WALK_ROWS": 3_000,
    },
    "walk gives up": {
        "ALL_MATCHES_LIMIT": 5,
        "UNKNOWN_WORD_CAP": 5,
        "WALK_ROWS": 40,
        "LONG_WALK_ROWS": 40,
    },
}


@pytest.fixture
def catalogue_of_thousands():
    rng = random.Random(17)
    freelancers = [ProfileFactory() for _ in range(12)]
    leaves = list(Category.objects.filter(parent__slug="writing-translation")[:3])
    leaves += list(Category.objects.filter(parent__slug="design-art")[:2])
    now = timezone.now().replace(microsecond=0)
    services = []
    for n in range(ROWS):
        # "german" lives almost only in the first subcategory: common there, rare elsewhere.
        category = rng.choice(leaves)
        words = rng.choices(WORDS, weights=WEIGHTS, k=3)
        if category != leaves[0]:
            words = [w for w in words if w != "german" or rng.random() < 0.05]
        services.append(
            Service(
                freelancer=rng.choice(freelancers),
                category=category,
                title=" ".join(words).capitalize(),
                slug=f"bulk-{n}",
                description=" ".join(rng.choices(WORDS, weights=WEIGHTS, k=6)),
                hourly_rate=Decimal(rng.choice([20, 30, 45, 60])),
                rating_average=Decimal(rng.choice(["0", "3.5", "4.5", "5"])),
                review_count=rng.choice([0, 1, 7]),
                status=Service.Status.PUBLISHED,
                # Ten services to each minute: ties on the time too.
                published_at=now - timedelta(minutes=n // 10),
            )
        )
    Service.objects.bulk_create(services, batch_size=1000)
    # One freelancer suspended: their services are found by neither path.
    freelancers[0].status = "suspended"
    freelancers[0].save(update_fields=["status"])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE services_service")
    return leaves


def _reference(query_text, sort, category):
    """The plain query: every public match, ordered by the sort's full order in SQL."""
    query = terms.service_search_query(query_text)
    matches = Service.objects.public().filter(search_document=query)
    if category is not None:
        matches = matches.filter(category_id__in=_leaves(category))
    ordering = [f"-{name}" if desc else name for name, desc in fast.ORDER_KEYS[sort]]
    if sort == "relevance":
        matches = matches.annotate(rank=terms.rank_expression(query))
    return list(matches.order_by(*ordering).values_list("pk", flat=True))


def _leaves(category):
    """The category's subcategory ids, from the database (not the code under test)."""
    return [category.pk] if category.is_leaf else [c.pk for c in category.children.all()]


def _search(query_text, sort, category, page):
    tree = selectors.category_tree()
    if category is not None:
        category = selectors.category_get(tree=tree, slug=category.slug)
    filters = selectors.ServiceFilters(q=query_text, category=category, sort=sort)
    return selectors.service_search(filters=filters, page=page, tree=tree)


def _record_reads(monkeypatch) -> list[int | None]:
    """The cap of each read of every match the search makes from now on (None: uncapped)."""
    caps = []
    read_every_match = fast._all_matches

    def recording(matches, sort, *, cap, **options):
        caps.append(cap)
        return read_every_match(matches, sort, cap=cap, **options)

    monkeypatch.setattr(fast, "_all_matches", recording)
    return caps


def _every_page_by(plan, monkeypatch):
    """The thresholds of `plan`, and large results uncapped: every page of the reference
    is reachable, and every total counted."""
    for name, value in PLANS[plan].items():
        monkeypatch.setattr(fast, name, value)
    monkeypatch.setattr(fast, "MAX_RESULTS", ROWS)
    monkeypatch.setattr(browse, "EXACT_LIMIT", ROWS)


@pytest.mark.parametrize("plan", list(PLANS))
def test_every_plan_gives_the_plain_querys_count_and_order(
    catalogue_of_thousands, monkeypatch, plan
):
    _every_page_by(plan, monkeypatch)
    top = Category.objects.get(slug="writing-translation")
    checked = 0
    for query_text in QUERIES:
        for category in [None, catalogue_of_thousands[0], top]:
            for sort in SORTS:
                expected = _reference(query_text, sort, category)
                for page in [1, 2, 3]:
                    results = _search(query_text, sort, category, page)
                    shown = [s.pk for s in results.page.object_list]
                    where = f"{plan}: {query_text!r} in {category} by {sort}, page {page}"
                    if sort == "relevance" and results.page.paginator.count < len(expected):
                        # A large result ranks its most recent matches (the pool): checked in
                        # test_relevance_pool_is_the_most_recent_matches_ranked.
                        continue
                    if not results.approximate:
                        assert results.total == len(expected), where
                    number = min(page, results.page.paginator.num_pages)
                    window = expected[(number - 1) * 20 : number * 20]
                    assert shown == window, where
                    checked += 1
    assert checked > 200  # the skip above leaves most of them checked


@pytest.mark.parametrize("plan", list(PLANS))
def test_a_browse_by_skill_gives_the_plain_querys_count_and_order(
    catalogue_of_thousands, monkeypatch, plan
):
    """Without words, a skill's services go through the same plans as words' matches."""
    _every_page_by(plan, monkeypatch)
    skill = SkillFactory(name="Fact Checking")
    tagged = Service.objects.order_by("pk")[::4]
    Service.skills.through.objects.bulk_create(
        [Service.skills.through(service=service, skill=skill) for service in tagged]
    )
    tree = selectors.category_tree()
    top = selectors.category_get(tree=tree, slug="writing-translation")
    leaf = selectors.category_get(tree=tree, slug=catalogue_of_thousands[0].slug)
    checked = 0
    for category in [None, leaf, top]:
        matches = Service.objects.public().filter(skills=skill)
        if category is not None:
            matches = matches.filter(category_id__in=_leaves(category))
        for sort in SORTS[1:]:  # best match needs words
            ordering = [f"-{name}" if desc else name for name, desc in fast.ORDER_KEYS[sort]]
            expected = list(matches.order_by(*ordering).values_list("pk", flat=True))
            for page in [1, 2, 3]:
                filters = selectors.ServiceFilters(skill=skill, category=category, sort=sort)
                results = selectors.service_search(filters=filters, page=page, tree=tree)
                where = f"{plan}: {category} by {sort}, page {page}"
                if not results.approximate:
                    assert results.total == len(expected), where
                number = min(page, results.page.paginator.num_pages)
                window = expected[(number - 1) * 20 : number * 20]
                assert [s.pk for s in results.page.object_list] == window, where
                checked += 1
    assert checked == 36


def test_relevance_pool_is_the_most_recent_matches_ranked(catalogue_of_thousands, monkeypatch):
    monkeypatch.setattr(fast, "ALL_MATCHES_LIMIT", 5)
    monkeypatch.setattr(fast, "RANK_LIMIT", 50)

    results = _search("news", "relevance", None, 1)

    newest = _reference("news", "newest", None)[:50]
    ranked = [pk for pk in _reference("news", "relevance", None) if pk in set(newest)]
    assert results.page.paginator.count == 50
    assert [s.pk for s in results.page.object_list] == ranked[:20]


@pytest.mark.parametrize("plan", list(PLANS))
def test_the_other_filters_are_kept_by_every_plan(catalogue_of_thousands, monkeypatch, plan):
    for name, value in PLANS[plan].items():
        monkeypatch.setattr(fast, name, value)
    monkeypatch.setattr(fast, "MAX_RESULTS", ROWS)
    skill = SkillFactory(name="Fact Checking")
    tagged = Service.objects.filter(title__icontains="news").order_by("pk")[::3]
    Service.skills.through.objects.bulk_create(
        [Service.skills.through(service=service, skill=skill) for service in tagged]
    )
    filters = {"min_rate": Decimal(25), "max_rate": Decimal(50), "rating": 4}
    expected = (
        Service.objects.public()
        .filter(search_document=terms.service_search_query("news"), skills=skill)
        .filter(hourly_rate__gte=25, hourly_rate__lte=50)
        .filter(rating_average__gte=4, review_count__gt=0)
        .order_by("hourly_rate", "-published_at", "-id")
        .values_list("pk", flat=True)
    )
    tree = selectors.category_tree()

    results = selectors.service_search(
        filters=selectors.ServiceFilters(q="news", skill=skill, sort="rate_asc", **filters),
        page=1,
        tree=tree,
    )

    assert len(expected) > 20
    assert [s.pk for s in results.page.object_list] == list(expected[:20])


def test_a_sparse_phrase_among_many_candidates_is_walked_further_not_read_whole(
    catalogue_of_thousands, monkeypatch
):
    """Reading every match of a phrase rechecks every row holding all its words, many more
    than hold the phrase: when a short walk met a few matches, a longer one finds the page."""
    monkeypatch.setattr(fast, "ALL_MATCHES_LIMIT", 5)
    monkeypatch.setattr(fast, "WALK_ROWS", 100)
    monkeypatch.setattr(fast, "LONG_WALK_ROWS", 3_000)
    reads = _record_reads(monkeypatch)
    expected = _reference('"logo audit"', "rate_asc", None)
    candidates = _reference("logo audit", "rate_asc", None)

    results = _search('"logo audit"', "rate_asc", None, 2)

    assert len(candidates) > 3 * len(expected) > 3 * 40
    assert [s.pk for s in results.page.object_list] == expected[20:40]
    assert None not in reads  # never read whole, uncapped


def test_every_match_is_read_in_exact_bitmaps_and_the_settings_are_put_back(
    catalogue_of_thousands, monkeypatch
):
    """Every read of every match runs with BITMAP_WORK_MEM (a lossy bitmap rechecks whole
    pages), the uncapped one with bitmap scans only, and each leaves the connection as it
    found it."""
    for name, value in PLANS["walk gives up"].items():
        monkeypatch.setattr(fast, name, value)
    settings = "SELECT current_setting('work_mem'), current_setting('enable_seqscan')"
    during = []
    read = "WITH found AS MATERIALIZED"
    # Noted in the same round trip, just before the read.
    note = "DO $$ BEGIN PERFORM set_config('test.seen', current_setting('work_mem') || ' ' "
    note += f"|| current_setting('enable_seqscan'), false); END $$; {read}"

    def watching(execute, sql, params, many, context):
        if read not in sql:
            return execute(sql, params, many, context)
        result = execute(sql.replace(read, note), params, many, context)
        seen = connection.connection.execute("SELECT current_setting('test.seen')")
        during.append(tuple(seen.fetchone()[0].split()))
        return result

    with connection.cursor() as cursor:
        cursor.execute(settings)
        before = cursor.fetchone()
    with connection.execute_wrapper(watching):
        results = _search("zeppelin", "rate_asc", None, 1)
        monkeypatch.setattr(fast, "ALL_MATCHES_LIMIT", 10_000)  # now read first, capped
        read_first = _search("zeppelin", "rate_asc", None, 1)
    with connection.cursor() as cursor:
        cursor.execute(settings)
        after = cursor.fetchone()

    assert [s.pk for s in results.page.object_list] == _reference("zeppelin", "rate_asc", None)[
        :20
    ]
    assert [s.pk for s in read_first.page.object_list] == [s.pk for s in results.page.object_list]
    *_, uncapped, capped = during  # the capped read is free to walk an index
    assert uncapped == (fast.BITMAP_WORK_MEM, "off")
    assert capped == (fast.BITMAP_WORK_MEM, "on")
    assert after == before
    assert before[0] != fast.BITMAP_WORK_MEM


def test_common_words_dense_in_a_subcategory_walk_it_instead_of_reading_every_match(
    catalogue_of_thousands, monkeypatch
):
    """Reading a subcategory's few matches of common words reads every service holding the
    words; where the planner expects them dense, the subcategory's order is walked."""
    monkeypatch.setattr(fast, "COMMON_WORDS", 10)
    read = _record_reads(monkeypatch)
    subcategory = catalogue_of_thousands[0]
    expected = _reference('"news"', "rating", subcategory)

    results = _search('"news"', "rating", subcategory, 1)

    assert [s.pk for s in results.page.object_list] == expected[:20]
    assert read == []


@pytest.mark.parametrize(
    ("added", "typed"),
    [(["quixotic"] * 3, "quixotic"), (["zorblax1", "zorblax2", "zorblax1"], "zorblax")],
    ids=["a word", "a start of several words"],
)
def test_words_the_planner_knows_nothing_of_are_read_whole_first(
    catalogue_of_thousands, monkeypatch, added, typed
):
    """The planner's estimate for a word outside its statistics is a floor, not a count: a
    rare word estimated above ALL_MATCHES_LIMIT is still read whole first (capped), not
    looked for by walking the newest services. So is a start of several such words, which
    the planner expects at its floor once for each whole word."""
    public = list(Service.objects.public().order_by("pk"))
    quirky = [public[7], public[1500], public[-10]]
    for service, word in zip(quirky, added, strict=True):  # not in the statistics
        service.title = f"{service.title} {word}"
        service.save()
    fast.forget_unknown_word_estimates()
    floors = fast.unknown_word_estimates()
    matched = Service.objects.published().filter(search_document=terms.typed_words(typed).matched)
    assert (browse.estimated_count(matched) in floors) == (typed == "quixotic")
    # Expected to match more than the plan of few matches takes.
    monkeypatch.setattr(fast, "ALL_MATCHES_LIMIT", min(floors) - 1)
    assert browse.estimated_count(matched) > fast.ALL_MATCHES_LIMIT
    read = _record_reads(monkeypatch)
    for sort in ("relevance", "newest"):
        expected = _reference(typed, sort, None)

        results = _search(typed, sort, None, 1)

        assert [s.pk for s in results.page.object_list] == expected
        assert sorted(expected) == [s.pk for s in quirky]
        assert results.total == 3
    assert read == [fast.UNKNOWN_WORD_CAP, fast.UNKNOWN_WORD_CAP]


def test_the_planners_floors_are_asked_once_a_while(db, django_assert_num_queries):
    with django_assert_num_queries(2):  # a whole word, a word's start
        first = fast.unknown_word_estimates()
    with django_assert_num_queries(0):
        assert fast.unknown_word_estimates() == first
    fast.forget_unknown_word_estimates()
    with django_assert_num_queries(2):
        fast.unknown_word_estimates()


@pytest.mark.parametrize(("common_words", "category_test"), [(10_000, " + 0 = ANY"), (0, " IN (")])
def test_a_top_category_is_an_index_key_only_when_many_hold_the_words(
    catalogue_of_thousands, monkeypatch, common_words, category_test
):
    """As a key of the index on category and words, a top category is one scan of the
    words for each subcategory; when few services hold the words, theirs are read and each
    is tested for the category instead."""
    monkeypatch.setattr(fast, "COMMON_WORDS", common_words)
    top = Category.objects.get(slug="writing-translation")

    with CaptureQueriesContext(connection) as queries:
        results = _search("zeppelin", "newest", top, 1)

    reads = [q["sql"] for q in queries if "WITH found AS MATERIALIZED" in q["sql"]]
    assert len(reads) == 1
    assert f'"category_id"{category_test}' in reads[0]
    assert [s.pk for s in results.page.object_list] == _reference("zeppelin", "newest", top)[:20]
