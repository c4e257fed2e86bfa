"""The freelancer directory at /freelancers/: filters, prefix search, sorts and menus."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Page
from django.db.models import F, Q, QuerySet

from common.cache import cached_listing
from common.pagination import KnownCountPaginator, count_up_to, estimated_count, page_number
from common.search import RANK_WEIGHTS, prefix_search_query, staff_search
from profiles.models import PREFIX_CONFIG, SEARCH_CONFIG, Profile, Skill
from profiles.selectors.profiles import approved_skills

DIRECTORY_PAGE_SIZE = 20
# Matches counted exactly up to this many; beyond, the planner's estimate ("about N").
EXACT_LIMIT = 1_000
# How deep the pages of an estimated result reach (50 pages).
MAX_RESULTS = 1_000
# Best match ranks every match when about this many match at most; beyond, the RANK_LIMIT
# newest matches (25 pages).
ALL_MATCHES_LIMIT = 4_000
RANK_LIMIT = 500
DIRECTORY_SORTS = {
    "relevance": "Best match",
    "rating": "Highest rated",
    "rate_asc": "Rate: low to high",
    "rate_desc": "Rate: high to low",
    "newest": "Newest",
}
_DIRECTORY_ORDERINGS = {
    "relevance": ["-rank", "-created_at", "-id"],
    "rating": ["-rating_average", "-review_count", "-created_at", "-id"],
    # Profiles without a rate come last either way.
    "rate_asc": [F("hourly_rate").asc(nulls_last=True), "-created_at", "-id"],
    "rate_desc": [F("hourly_rate").desc(nulls_last=True), "-created_at", "-id"],
    "newest": ["-created_at", "-id"],
}


@dataclass(frozen=True)
class DirectoryFilters:
    """What a visitor asked the directory for; every field optional and combinable."""

    q: str = ""
    skill: Skill | None = None
    min_rate: Decimal | None = None
    max_rate: Decimal | None = None
    availability: str = ""
    country: str = ""
    sort: str = ""

    @property
    def narrowed(self) -> bool:
        """Whether any filter besides the words and the sort is in effect."""
        return any(
            value not in (None, "")
            for value in (
                self.skill,
                self.min_rate,
                self.max_rate,
                self.availability,
                self.country,
            )
        )

    @property
    def effective_sort(self) -> str:
        """As on the services' browse page: best match with a query, newest without."""
        if self.sort in DIRECTORY_SORTS and (self.sort != "relevance" or self.q):
            return self.sort
        return "relevance" if self.q else "newest"


@dataclass(frozen=True)
class DirectoryResults:
    page: Page
    filters: DirectoryFilters
    total: int  # exact, or the planner's estimate when `approximate`
    approximate: bool = False


@dataclass(frozen=True)
class DirectoryChoices:
    """The directory's menus: approved skills (slug, name) and countries that public
    profiles have, by name."""

    skills: list[tuple[str, str]]
    countries: list[str]


def directory_search_query(q: str) -> SearchQuery:
    """The directory's query (common.search.prefix_search_query): English stems, and the
    last word also as the start of a word as typed, which the search document also holds,
    so "writin" finds "writing" (whose stem is "write")."""
    return prefix_search_query(q, configs=(SEARCH_CONFIG, PREFIX_CONFIG))


def profile_staff_search(*, queryset: QuerySet, term: str) -> QuerySet:
    """The admin's search of profiles, in any status (common.search.staff_search): an
    address finds its owner's profile; words, the profiles whose words match as in the
    directory, or whose slug they are. A substring search of four columns read every
    profile (0.5 s at 200,000)."""
    return staff_search(
        queryset,
        term,
        address="user__email",
        matches=lambda words: (
            Q(search_document=directory_search_query(words)) | Q(slug=words.lower())
        ),
    )


def directory_choices() -> DirectoryChoices:
    """The directory's skill and country menus: two queries, or one cache read until the
    listings next change."""
    return cached_listing("directory-choices", _directory_choices)


def _directory_choices() -> DirectoryChoices:
    public = Profile.objects.public()
    skills = list(
        Skill.objects.approved()
        .filter(profiles__in=public)
        .distinct()
        .order_by("name")
        .values_list("slug", "name")
    )
    countries: dict[str, str] = {}
    for country in public.exclude(country="").values_list("country", flat=True).distinct():
        countries.setdefault(country.strip().casefold(), country.strip())
    return DirectoryChoices(skills=skills, countries=sorted(countries.values(), key=str.casefold))


def directory_skill_get(*, slug: str) -> Skill | None:
    """The approved skill at `slug` for the directory's filter; None for any other."""
    return Skill.objects.approved().filter(slug=slug).first() if slug else None


def _directory_matches(filters: DirectoryFilters, *, public: bool = True) -> QuerySet:
    """The profiles matching `filters`: public ones, or (`public=False`, for estimates)
    every active one, whatever its user: the planner misjudges that join, and few
    accounts are deactivated."""
    queryset = (
        Profile.objects.public()
        if public
        else Profile.objects.filter(status=Profile.Status.ACTIVE)
    )
    if filters.q:
        queryset = queryset.filter(search_document=directory_search_query(filters.q))
    if filters.skill is not None:
        queryset = queryset.filter(skills=filters.skill)
    if filters.min_rate is not None:
        queryset = queryset.filter(hourly_rate__gte=filters.min_rate)
    if filters.max_rate is not None:
        queryset = queryset.filter(hourly_rate__lte=filters.max_rate)
    if filters.availability:
        queryset = queryset.filter(availability=filters.availability)
    if filters.country:
        queryset = queryset.filter(country__iexact=filters.country)
    return queryset


def profile_search(*, filters: DirectoryFilters, page: str | int) -> DirectoryResults:
    """One page of public profiles matching `filters`, in the sort asked for (best match
    weighs the name, then the headline, then the approved skills), each with its approved
    skills loaded.

    Counted exactly up to EXACT_LIMIT matches (a count that stops there); a larger result
    shows the planner's estimate, "about N", and its pages reach MAX_RESULTS, each read in
    its sort's index order. Best match ranks every match when about ALL_MATCHES_LIMIT match
    at most, else the RANK_LIMIT newest. A small result costs three queries (the count, the
    page, its skills), a large one five at most: an exact count and a rank of every match
    took 180-280 ms for a one-letter search among 200,000 profiles."""
    matches = _directory_matches(filters)
    sort = filters.effective_sort
    counted = count_up_to(matches, EXACT_LIMIT)
    approximate = counted > EXACT_LIMIT
    total = counted
    if approximate:
        total = max(estimated_count(_directory_matches(filters, public=False)), counted)
    pageable = min(total, MAX_RESULTS) if approximate else total
    if sort == "relevance":
        if total > ALL_MATCHES_LIMIT:
            newest = matches.order_by(*_DIRECTORY_ORDERINGS["newest"]).values_list("pk", flat=True)
            matches = Profile.objects.filter(pk__in=list(newest[:RANK_LIMIT]))
            pageable = min(pageable, RANK_LIMIT)
        rank = SearchRank(
            F("search_document"), directory_search_query(filters.q), weights=RANK_WEIGHTS
        )
        matches = matches.annotate(rank=rank)
    rows = (
        matches.defer("about", "keywords", "search_document")
        .prefetch_related(approved_skills())
        .order_by(*_DIRECTORY_ORDERINGS[sort])
    )
    page_obj = KnownCountPaginator(rows, DIRECTORY_PAGE_SIZE, count=pageable).get_page(
        page_number(page)
    )
    page_obj.object_list = list(page_obj.object_list)  # loaded here, not by the template
    return DirectoryResults(page=page_obj, filters=filters, total=total, approximate=approximate)
