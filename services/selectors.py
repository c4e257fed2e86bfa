"""Page-level reads for services: browse and search, the service page, the dashboard."""

import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, QuerySet, prefetch_related_objects
from django.http import Http404

from common.cache import cached_listing, cached_site_data
from common.pagination import KnownCountPaginator, page_number
from common.search import RANK_WEIGHTS
from profiles.models import Skill
from profiles.selectors import ReviewsSection, approved_skills, reviews_section
from services.models import SEARCH_CONFIG, Category, Engagement, Service
from services.thread_selectors import with_thread_summary

PAGE_SIZE = 20
# Above this many matches (by the planner's estimate) counts are estimated, not counted.
EXACT_LIMIT = 1_000
# Relevance ranks at most this many of the most recent matches of a large result set.
RANK_LIMIT = 500
# Pages go this deep at most (50 pages); narrower searches reach everything.
MAX_RESULTS = 1_000
HOME_RECENT = 8
OTHER_SERVICES = 4

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


def _leaf_ids(category: Category) -> list[int]:
    """A top category's subcategory ids, from category_tree() (every caller's source)."""
    return [child.pk for child in category.subcategories]


def _filtered(
    filters: ServiceFilters, *, with_category: bool = True, public: bool = True
) -> QuerySet:
    queryset = Service.objects.public() if public else Service.objects.published()
    if filters.q:
        queryset = queryset.filter(
            search_document=SearchQuery(filters.q, search_type="websearch", config=SEARCH_CONFIG)
        )
    if with_category and filters.category is not None:
        category = filters.category
        # A top category by its subcategories' ids: no join, and a better row estimate.
        leaves = [category.pk] if category.is_leaf else _leaf_ids(category)
        queryset = queryset.filter(category_id__in=leaves)
    if filters.skill is not None:
        queryset = queryset.filter(skills=filters.skill)
    if filters.min_rate is not None:
        queryset = queryset.filter(hourly_rate__gte=filters.min_rate)
    if filters.max_rate is not None:
        queryset = queryset.filter(hourly_rate__lte=filters.max_rate)
    if filters.rating is not None:
        queryset = queryset.filter(rating_average__gte=filters.rating, review_count__gt=0)
    return queryset


def estimated_count(queryset: QuerySet) -> int:
    """The planner's estimate of how many rows `queryset` matches: planning only, ~1 ms,
    where COUNT(*) over a large match costs hundreds of milliseconds at a million rows."""
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def _counts_by_category(queryset: QuerySet) -> dict[int, int]:
    return dict(
        queryset.order_by()
        .values_list("category_id")
        .annotate(n=Count("id"))
        .values_list("category_id", "n")
    )


def _facets(filters: ServiceFilters, tree: list[Category], *, large: bool):
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
    counts = _counts_by_category(_filtered(filters, with_category=False))
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


class RankedRows:
    """The rows of a ranked queryset, sliced as a paginator does: a slice ranks the
    candidates on the services table alone, then loads only its own rows with their
    freelancer and category (joining every candidate before sorting cost twice as much)."""

    ordered = True

    def __init__(self, ranked: QuerySet, *, rows: QuerySet):
        self.ranked, self.rows = ranked, rows

    def __getitem__(self, window: slice) -> list[Service]:
        ids = list(self.ranked.values_list("pk", flat=True)[window])
        loaded = self.rows.in_bulk(ids)
        return [loaded[pk] for pk in ids if pk in loaded]


def service_search(*, filters: ServiceFilters, page: str | int, tree: list[Category]):
    """One page of public services matching `filters`, with the total and category counts.

    Kept fast at a million services: a large result set (over EXACT_LIMIT by the planner's
    estimate) is counted by that estimate, shown as "about N"; relevance ranks only the
    RANK_LIMIT most recent matches; pages stop at MAX_RESULTS; categories are listed
    without counts. Small result sets are exact throughout.
    """
    matches = _filtered(filters)
    # Estimated without the freelancer's visibility, which the planner misjudges and
    # which hides few services.
    estimate = estimated_count(_filtered(filters, public=False))
    large = estimate > EXACT_LIMIT
    total = estimate if large else matches.count()
    queryset = matches.for_cards()
    sort = filters.effective_sort
    if sort == "relevance":
        rank = SearchRank(
            F("search_document"),
            SearchQuery(filters.q, search_type="websearch", config=SEARCH_CONFIG),
            weights=RANK_WEIGHTS,
        )
        if large:
            recent = matches.order_by("-published_at", "-id").values("pk")[:RANK_LIMIT]
            ranked = Service.objects.filter(pk__in=recent).annotate(rank=rank)
            # The ranked ids are public matches already: their rows need no filters.
            rows = Service.objects.for_cards()
            object_list = RankedRows(ranked.order_by(*_ORDERINGS[sort]), rows=rows)
        else:
            object_list = queryset.annotate(rank=rank).order_by(*_ORDERINGS[sort])
    else:
        object_list = queryset.order_by(*_ORDERINGS[sort])
    pageable = min(total, RANK_LIMIT if sort == "relevance" and large else MAX_RESULTS)
    paginator = KnownCountPaginator(object_list, PAGE_SIZE, count=pageable)
    return SearchResults(
        page=paginator.get_page(page_number(page)),
        facets=_facets(filters, tree, large=large),
        filters=filters,
        total=total,
        approximate=large,
    )


@dataclass(frozen=True)
class ServiceDetail:
    """Everything the service page shows besides the request's own facts."""

    service: Service
    other_services: list[Service]  # more of the freelancer's published services
    reviews: ReviewsSection
    # The viewer's completed job for this service that still awaits their review.
    reviewable_engagement: Engagement | None


def service_get_for_detail(*, slug: str, viewer, reviews_page_number=1) -> ServiceDetail:
    """The service page's service with its freelancer, category path, skills, other
    services and a page of reviews loaded, plus what the viewer may do on it.

    Public services for everyone; the owner also sees theirs in any status. 404 otherwise.
    """
    # Looked up by slug and checked on the row (its freelancer and user come with it):
    # cheaper than asking the database for "visible to" on a single row.
    service = (
        Service.objects.select_related(
            "freelancer", "freelancer__user", "category", "category__parent"
        )
        .filter(slug=slug)
        .first()
    )
    is_owner = service is not None and viewer.pk == service.freelancer.user_id
    if service is None or not (service.is_public or is_owner):
        raise Http404("No such service.")
    prefetch_related_objects([service], approved_skills())
    other_services = (
        list(
            service.freelancer.services.published()
            .exclude(pk=service.pk)
            .for_cards()
            .order_by("-published_at", "-id")[:OTHER_SERVICES]
        )
        if service.freelancer.is_public
        else []
    )
    reviewable_engagement = (
        service.engagements.filter(
            client=viewer, status=Engagement.Status.COMPLETED, review__isnull=True
        ).first()
        if viewer.is_authenticated and not is_owner
        else None
    )
    return ServiceDetail(
        service=service,
        other_services=other_services,
        # Reviews live in a higher app: reached through the reverse relation.
        reviews=reviews_section(
            service.reviews.all(), count=service.review_count, page=reviews_page_number
        ),
        reviewable_engagement=reviewable_engagement,
    )


def service_list_own(*, freelancer) -> QuerySet:
    """All the freelancer's services for the dashboard, newest first."""
    return freelancer.services.select_related("category", "category__parent").order_by(
        "-updated_at"
    )


def home_page_data() -> dict:
    """Top categories with their public service counts, and the newest services.

    Cached until public listings change: counting a million services per visit is the
    most expensive thing the home page would do.
    """
    return cached_listing("home", _home_page_data)


def _home_page_data() -> dict:
    """Each top category's public services are counted only when few; a large category
    shows the planner's estimate ("about 110,000"), as search does: counting a million
    services took over half a second each time a listing changed."""
    public = Service.objects.public()
    top = category_tree()
    for category in top:
        leaves = Service.objects.published().filter(category_id__in=_leaf_ids(category))
        category.service_count = estimated_count(leaves)
        category.approximate = category.service_count > EXACT_LIMIT
    if small := [category for category in top if not category.approximate]:
        counts = dict(
            public.filter(category__parent__in=small)
            .values_list("category__parent_id")
            .annotate(n=Count("id"))
            .values_list("category__parent_id", "n")
        )
        for category in small:
            category.service_count = counts.get(category.pk, 0)
    recent = list(public.for_cards().order_by("-published_at", "-id")[:HOME_RECENT])
    return {"categories": top, "recent_services": recent}


def live_top_categories() -> list[Category]:
    """The top categories that have public services (from the home page's cached counts):
    the ones worth offering as a way forward from an empty result."""
    return [category for category in home_page_data()["categories"] if category.service_count]


# --- Hire requests ----------------------------------------------------------------------

INBOX_PAGE_SIZE = 20


def engagement_inbox(*, user, role: str, status: str | None, page) -> Page:
    """One page of the user's engagements as client ("hires") or as freelancer
    ("requests"), optionally of one status, newest first, each with its thread's last
    message and unread state (with_thread_summary)."""
    if role == "requests":
        queryset = Engagement.objects.filter(freelancer__user=user).select_related("client")
    else:
        queryset = Engagement.objects.filter(client=user).select_related("freelancer")
    if status in Engagement.Status.values:
        queryset = queryset.filter(status=status)
    queryset = queryset.select_related("service").order_by("-created_at", "-pk")
    queryset = with_thread_summary(queryset, user=user)
    return Paginator(queryset, INBOX_PAGE_SIZE).get_page(page_number(page))


def engagement_get_for_party(*, pk: int, user) -> Engagement:
    """An engagement the user is the client or the freelancer of; 404 for anyone else."""
    queryset = Engagement.objects.involving(user).select_related(
        "service", "freelancer", "freelancer__user", "client", "review"
    )
    try:
        return queryset.get(pk=pk)
    except Engagement.DoesNotExist:
        raise Http404("No such hire request.") from None
