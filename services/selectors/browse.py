"""Browse and search: the filters, a page of services with its total and category counts."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from common.cache import cached_site_data
from common.pagination import KnownCountPaginator, estimated_count, estimated_counts, page_number
from profiles.models import Skill
from services import search_selectors as fast
from services import search_terms as terms
from services.models import Category, Service

PAGE_SIZE = 20
# Above this many matches (by the planner's estimate) counts are estimated, not counted.
EXACT_LIMIT = 1_000

SORTS = {
    "relevance": "Best match",
    "newest": "Newest",
    "rate_asc": "Rate: low to high",
    "rate_desc": "Rate: high to low",
    "rating": "Highest rated",
}
_ORDERINGS = {
    "newest": ["-published_at", "-id"],
    "rate_asc": ["hourly_rate", "-published_at", "-id"],
    "rate_desc": ["-hourly_rate", "-published_at", "-id"],
    "rating": ["-rating_average", "-review_count", "-published_at", "-id"],
    "relevance": ["-rank", "-published_at", "-id"],
}


@dataclass(frozen=True)
class ServiceFilters:
    """What a visitor asked the browse page for; every field optional and combinable."""

    q: str = ""
    category: Category | None = None
    skill: Skill | None = None
    min_rate: Decimal | None = None
    max_rate: Decimal | None = None
    rating: int | None = None
    sort: str = ""

    @property
    def narrowed(self) -> bool:
        """Whether a rate or rating filter is in effect (the words, category and skill are
        named in the page's heading)."""
        return any(value is not None for value in (self.min_rate, self.max_rate, self.rating))

    @property
    def effective_sort(self) -> str:
        if self.sort in SORTS and (self.sort != "relevance" or self.q):
            return self.sort
        return "relevance" if self.q else "newest"


@dataclass
class CategoryFacet:
    category: Category
    count: int | None  # None: not counted (a large result)
    children: list["CategoryFacet"] = field(default_factory=list)


@dataclass
class SearchResults:
    page: Page
    facets: list[CategoryFacet]
    filters: ServiceFilters
    total: int
    approximate: bool  # the total and the category counts are estimates

    @property
    def capped(self) -> bool:
        """More matches than the pages reach: the visitor should narrow the search."""
        return self.total > self.page.paginator.count


def category_tree() -> list[Category]:
    """Top-level categories in order, each with `.subcategories` loaded: one query, or one
    cache read until the tree is next edited in the admin."""
    return cached_site_data("category-tree", _category_tree)


def _category_tree() -> list[Category]:
    categories = list(Category.objects.select_related("parent"))
    by_parent: dict[int | None, list[Category]] = {}
    for category in categories:
        by_parent.setdefault(category.parent_id, []).append(category)
    for top in by_parent.get(None, []):
        top.subcategories = by_parent.get(top.pk, [])
    return by_parent.get(None, [])


def category_get(*, tree: list[Category], slug: str, parent_slug: str | None = None) -> Category:
    """The category at this slug (checked against its parent's), from a loaded tree."""
    for top in tree:
        if parent_slug is None and top.slug == slug:
            return top
        if parent_slug in (None, top.slug):
            for child in top.subcategories:
                if child.slug == slug:
                    return child
    raise Http404("No such category.")


def skill_get(*, slug: str) -> Skill | None:
    """The approved skill at `slug` for the browse filter; None for any other."""
    return Skill.objects.approved().filter(slug=slug).first()


def leaf_ids(category: Category) -> list[int]:
    """The subcategory ids a category stands for: its own for a subcategory, its
    children's for a top one (from category_tree(), every caller's source)."""
    if category.is_leaf:
        return [category.pk]
    return [child.pk for child in category.subcategories]


def _narrowing(filters: ServiceFilters, *, with_category: bool = True) -> Q:
    """Every filter but the words, as one condition on a service row."""
    condition = Q()
    if with_category and filters.category is not None:
        category = filters.category
        # A top category by its subcategories' ids: no join, and a better row estimate.
        condition &= Q(category_id__in=leaf_ids(category))
    if filters.skill is not None:
        tagged = Service.skills.through.objects.filter(
            service_id=OuterRef("pk"), skill_id=filters.skill.pk
        )
        condition &= Q(Exists(tagged))
    if filters.min_rate is not None:
        condition &= Q(hourly_rate__gte=filters.min_rate)
    if filters.max_rate is not None:
        condition &= Q(hourly_rate__lte=filters.max_rate)
    if filters.rating is not None:
        condition &= Q(rating_average__gte=filters.rating, review_count__gt=0)
    return condition


def _walk_filters(
    filters: ServiceFilters, sort: str, *, category_on_rows: bool = False
) -> tuple[Q, Q]:
    """The filters split in two for a walk of `sort`'s order: those its indexes serve (a
    subcategory, the rate range, a minimum rating when sorting by rating), which narrow the
    rows walked, and the others, tested on each row walked (a top category, a skill, a
    minimum rating otherwise: most services have no rating, so it would skip many rows).
    `category_on_rows`: the category, top or sub, is never an index key either (see
    search_selectors.tested_on_rows)."""
    where, others = Q(), Q()
    category = filters.category
    if category is not None and category_on_rows:
        others &= Q(fast.tested_on_rows("category_id", leaf_ids(category)))
    elif category is not None and category.is_leaf:
        where &= Q(category_id=category.pk)
    elif category is not None:
        others &= Q(category_id__in=leaf_ids(category))
    others &= _narrowing(ServiceFilters(skill=filters.skill))
    where &= _narrowing(ServiceFilters(min_rate=filters.min_rate, max_rate=filters.max_rate))
    rating = _narrowing(ServiceFilters(rating=filters.rating))
    if sort == "rating":
        where &= rating
    else:
        others &= rating
    return where, others


def _filtered(
    filters: ServiceFilters,
    *,
    with_category: bool = True,
    public: bool = True,
    typed: terms.TypedWords | None = None,
) -> QuerySet:
    """The services matching `filters`; with words, `typed` is what they mean."""
    queryset = Service.objects.public() if public else Service.objects.published()
    if typed is not None:
        queryset = queryset.filter(terms.words_condition(typed.matched, typed.names))
    return queryset.filter(_narrowing(filters, with_category=with_category))


def _counts_by_category(queryset: QuerySet) -> dict[int, int]:
    return dict(
        queryset.order_by()
        .values_list("category_id")
        .annotate(n=Count("id"))
        .values_list("category_id", "n")
    )


def _facets(
    filters: ServiceFilters,
    tree: list[Category],
    *,
    large: bool,
    typed: terms.TypedWords | None = None,
):
    """Counts per category for the current query and other filters (not the category).

    Only for results small enough to count exactly; a large result gets the categories
    without counts (None), since counting a big match per category is what makes such
    pages slow at a million services.
    """
    if large:
        return [
            CategoryFacet(top, None, [CategoryFacet(child, None) for child in top.subcategories])
            for top in tree
        ]
    # In a category, the matches in every category: counted when few. (A small category
    # among a million services made every one of them counted, 240 ms a page.)
    if (
        filters.category is not None
        and estimated_count(_filtered(filters, with_category=False, public=False, typed=typed))
        > EXACT_LIMIT
    ):
        return _facets(filters, tree, large=True)
    others = _filtered(filters, with_category=False, typed=typed)
    return _counted_facets(tree, _counts_by_category(others))


def _counted_facets(tree: list[Category], counts: dict[int, int]) -> list[CategoryFacet]:
    facets = []
    for top in tree:
        children = [
            CategoryFacet(child, counts[child.pk])
            for child in top.subcategories
            if counts.get(child.pk)
        ]
        if children:
            facets.append(CategoryFacet(top, sum(c.count for c in children), children))
    return facets


def service_search(*, filters: ServiceFilters, page: str | int, tree: list[Category]):
    """One page of public services matching `filters`, with the total and category counts.
    Without words, a large result (over EXACT_LIMIT by the planner's estimate) shows that
    estimate, "about N", and its categories without counts; pages stop at MAX_RESULTS.
    With words or a skill, the plan follows the number of matches (_matched_search)."""
    if filters.q or filters.skill is not None:
        return _matched_search(filters, page=page, tree=tree)
    matches = _filtered(filters)
    # Estimated without the freelancer's visibility, which the planner misjudges and
    # which hides few services.
    estimate = estimated_count(_filtered(filters, public=False))
    large = estimate > EXACT_LIMIT
    total = estimate if large else matches.count()
    object_list = matches.for_cards().order_by(*_ORDERINGS[filters.effective_sort])
    paginator = KnownCountPaginator(object_list, PAGE_SIZE, count=min(total, fast.MAX_RESULTS))
    return SearchResults(
        page=paginator.get_page(page_number(page)),
        facets=_facets(filters, tree, large=large),
        filters=filters,
        total=total,
        approximate=large,
    )


def _matched_search(filters: ServiceFilters, *, page, tree) -> SearchResults:
    """A search with words, or a browse by skill: the services whose words (or whose
    freelancer's name) match, or that have the skill, through search_selectors.find, which
    picks the plan by the number of matches. (A skill is a few thousand services among a
    million: as a plain filter, PostgreSQL walked a category's rows hoping to meet them,
    up to 240 ms a page.)"""
    typed = terms.typed_words(filters.q) if filters.q else None
    sort = filters.effective_sort
    where, others = _walk_filters(filters, sort)
    # What a service must hold: the words, or else the skill alone (among `others`).
    held = terms.words_condition(typed.matched, typed.names) if typed else Q()
    words = held & others
    # How many hold the words alone is asked in the estimate's round trip where it may
    # change the plan: by a sort's order in a narrowed search (the words may be common),
    # or in a top category (they may be rare).
    published = Service.objects.published()
    top = filters.category is not None and not filters.category.is_leaf
    if top or (where and sort != "relevance"):
        alone = published.filter(
            Q(search_document=typed.matched)
            if typed
            else _narrowing(ServiceFilters(skill=filters.skill))
        )
        estimate, words_alone = estimated_counts(published.filter(where, words), alone)
    else:
        estimate, words_alone = estimated_count(published.filter(where, words)), None
    if typed and typed.whole_words > 1 and estimate > fast.ALL_MATCHES_LIMIT:
        # The planner expects its floor for each word it knows nothing of: a start that
        # begins several such words ("zyl7": eleven) is that floor over again for each,
        # where as typed it is the floor itself (search_selectors._first_read_cap).
        as_typed = terms.words_condition(typed.ranked, typed.names) & others
        typed_estimate = estimated_count(published.filter(where, as_typed))
        if typed_estimate in fast.unknown_word_estimates():
            estimate = typed_estimate
    # Common words with few matches (but at least a page: fewer are not dense enough to
    # walk) in a narrowed search: walked first.
    common = (sort != "relevance" and bool(where) and words_alone is not None) and (
        fast.PAGE_SIZE <= estimate <= fast.ALL_MATCHES_LIMIT and words_alone > fast.COMMON_WORDS
    )
    if words_alone is not None and words_alone <= fast.COMMON_WORDS and (top or not typed):
        # Few hold the words or the skill: reading theirs and testing each for the
        # category costs less than making the category an index key (estimated above as
        # one, which the planner counts right). A subcategory stays a key with words (the
        # GIN index on category and words), never with a skill alone: PostgreSQL read a
        # subcategory's rates (14,000 rows) to meet a skill's 41 services, 67 ms for 25.
        where, others = _walk_filters(filters, sort, category_on_rows=True)
        words = held & others
    found, across = None, False
    few = words_alone is not None and words_alone <= fast.ALL_MATCHES_LIMIT
    if typed is None and filters.category is not None and few:
        # Few have the skill: one read of theirs gives the page in the category and every
        # category's count for the sidebar, where the category's read and a count of the
        # others were two (about 25 ms each at a million).
        found = fast.find_within(
            words=_narrowing(filters, with_category=False),
            sort=sort,
            within=leaf_ids(filters.category),
        )
        across = found is not None
    if found is None:
        found = fast.find(
            where=where,
            words=words,
            sort=sort,
            page=page_number(page),
            rank=terms.rank_expression(typed.ranked) if typed else None,
            estimate=estimate,
            common=common,
        )
    paginator = KnownCountPaginator(fast.CardRows(found.ids), PAGE_SIZE, count=found.pageable)
    if found.categories is not None and (filters.category is None or across):
        facets = _counted_facets(tree, found.categories)
    else:
        facets = _facets(filters, tree, large=found.approximate, typed=typed)
    return SearchResults(
        page=paginator.get_page(page_number(page)),
        facets=facets,
        filters=filters,
        total=found.total,
        approximate=found.approximate,
    )
