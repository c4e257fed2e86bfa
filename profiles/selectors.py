"""Page-level reads for profiles, skills and articles."""

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Max, Min, Prefetch, Q, QuerySet, Sum
from django.http import Http404

from common.cache import cached_listing, profile_scope, service_scope
from common.pagination import known_count_page, page_number
from profiles.models import PREFIX_CONFIG, SEARCH_CONFIG, Article, Profile, Skill

SKILL_PAGE_PROFILES = 60
SKILL_PAGE_SERVICES = 20


REVIEWS_PAGE_SIZE = 10


@dataclass(frozen=True)
class HireFacts:
    """What the site itself knows about the job behind a review, for its label: when it
    was requested and completed here, and how many messages its thread holds (None while
    the site has no count to give). Never a claim about identity or payment."""

    requested_at: datetime
    completed_at: datetime | None
    message_count: int | None


@dataclass(frozen=True)
class Reputation:
    """How a page's rating is computed, from its reviews as they stand: the plain mean of
    the visible ones, from how many distinct clients, the sub-rating means, the first and
    latest visible review, and how many staff hid, as (category label, count)."""

    review_count: int
    client_count: int
    average: Decimal | None
    communication: Decimal | None
    quality: Decimal | None
    value: Decimal | None
    first_review_at: datetime | None
    latest_review_at: datetime | None
    hidden: list[tuple[str, int]]

    @property
    def hidden_count(self) -> int:
        return sum(count for _, count in self.hidden)


@dataclass(frozen=True)
class ReviewsSection:
    """The reviews block of a service or profile page: one page of visible reviews, each
    with its HireFacts (`listed`, (review, facts) pairs), the star distribution, as
    (stars, count, percent) for 5 down to 1, and the Reputation (empty and None when no
    reviews)."""

    page: Page
    distribution: list[tuple[int, int, int]]
    listed: list[tuple] = ()
    reputation: Reputation | None = None


TWO_PLACES = Decimal("0.01")


def _mean(total, count) -> Decimal | None:
    # Summed as integers and divided as Decimals, rounded as the stored averages are.
    if not count:
        return None
    return (Decimal(total) / count).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def reputation(reviews: QuerySet) -> Reputation:
    """The figures behind a page's rating, from all of `reviews` (a reverse relation:
    service.reviews or profile.reviews), hidden ones counted apart by category, in one
    aggregate query."""
    visible = Q(is_hidden=False)
    categories = reviews.model.HiddenCategory  # the higher app's choices, not imported
    hidden_counts = {
        f"hidden_{value}": Count("id", filter=Q(is_hidden=True, hidden_category=value))
        for value in categories.values
    }
    figures = reviews.aggregate(
        count=Count("id", filter=visible),
        clients=Count("author", filter=visible, distinct=True),
        rating=Sum("rating", filter=visible),
        communication=Sum("communication", filter=visible),
        quality=Sum("quality", filter=visible),
        value=Sum("value", filter=visible),
        first=Min("created_at", filter=visible),
        latest=Max("created_at", filter=visible),
        **hidden_counts,
    )
    count = figures["count"]
    return Reputation(
        review_count=count,
        client_count=figures["clients"],
        average=_mean(figures["rating"], count),
        communication=_mean(figures["communication"], count),
        quality=_mean(figures["quality"], count),
        value=_mean(figures["value"], count),
        first_review_at=figures["first"],
        latest_review_at=figures["latest"],
        hidden=[
            (label, figures[f"hidden_{value}"])
            for value, label in categories.choices
            if figures[f"hidden_{value}"]
        ],
    )


def _message_counts(reviews: QuerySet, engagement_ids: list[int]) -> dict[int, int]:
    """How many messages each job's thread holds, by engagement id, for a page of
    `reviews` (the section's reverse relation, so profiles imports no higher app); jobs
    without a message are left out, and their labels say nothing of messages."""
    rows = (
        reviews.filter(engagement_id__in=engagement_ids)
        .values_list("engagement_id")
        .annotate(count=Count("engagement__thread_messages"))
        .values_list("engagement_id", "count")
    )
    return {engagement_id: count for engagement_id, count in rows if count}


def _hire_facts(reviews: QuerySet, page: list) -> list[tuple]:
    """(review, HireFacts) for a loaded `page` of `reviews`, annotated by reviews_section."""
    counts = _message_counts(reviews, [review.engagement_id for review in page])
    return [
        (
            review,
            HireFacts(
                requested_at=review.hire_requested_at,
                completed_at=review.hire_completed_at,
                message_count=counts.get(review.engagement_id),
            ),
        )
        for review in page
    ]


def rating_distribution(reviews: QuerySet) -> list[tuple[int, int, int]]:
    """(stars, count, percent of all) for 5 down to 1 stars of `reviews`, in one query."""
    counts = dict(reviews.rating_counts())
    total = sum(counts.values()) or 1
    return [
        (stars, counts.get(stars, 0), round(100 * counts.get(stars, 0) / total))
        for stars in range(5, 0, -1)
    ]


def reviews_section(reviews: QuerySet, *, count: int, page) -> ReviewsSection:
    """A page of the visible `reviews` (a reverse relation: service.reviews or
    profile.reviews, so no app below reviews imports it), newest first, and their star
    distribution, the label facts of each review and the Reputation behind the rating.
    `count` is the visible-review count kept on the service or profile row, so no COUNT(*)
    runs, and nothing at all runs when it is 0 (three queries otherwise)."""
    listing = reviews.listing().annotate(
        hire_requested_at=F("engagement__created_at"),
        hire_completed_at=F("engagement__completed_at"),
    )
    page_obj = known_count_page(listing, per_page=REVIEWS_PAGE_SIZE, count=count, page=page)
    page_obj.object_list = list(page_obj.object_list)  # loaded here, not by the template
    return ReviewsSection(
        page=page_obj,
        distribution=rating_distribution(reviews.visible()) if count else [],
        listed=_hire_facts(reviews, page_obj.object_list),
        reputation=reputation(reviews.all()) if count else None,
    )


@dataclass(frozen=True)
class ProfileDetail:
    """Everything the public profile page shows besides the request's own facts."""

    profile: Profile
    services: list  # the freelancer's published services (a higher app's rows)
    articles: list[Article]
    reviews: ReviewsSection


def profile_get_for_detail(*, slug: str, viewer, reviews_page_number=1) -> ProfileDetail:
    """A public profile (or the viewer's own) with skills, published articles, published
    services and a page of reviews loaded.

    Raises Http404 for anything else, suspended or unknown alike.
    """
    queryset = (
        Profile.objects.visible_to(viewer)
        .select_related("user")
        .prefetch_related(approved_skills())
    )
    try:
        profile = queryset.get(slug=slug)
    except Profile.DoesNotExist:
        raise Http404("No such freelancer.") from None
    # Services and reviews live in higher apps: reached through the reverse relations,
    # not imports.
    services = (
        list(
            profile.services.published()
            .select_related("category")
            .order_by("-published_at", "-id")
        )
        if profile.is_public
        else []
    )
    return ProfileDetail(
        profile=profile,
        services=services,
        articles=list(profile.articles.published().order_by("-published_at")),
        # Only reviews of published services: the ones the profile's stored rating counts.
        reviews=reviews_section(
            profile.reviews.of_published_services(),
            count=profile.review_count,
            page=reviews_page_number,
        ),
    )


def approved_skills(relation: str = "skills") -> Prefetch:
    """Prefetch only the skills public pages may show (new names wait for staff)."""
    return Prefetch(relation, queryset=Skill.objects.approved())


def profile_get_for_resume(*, slug: str, viewer) -> Profile:
    """The profile whose resume is asked for, if the viewer may see the profile at all."""
    try:
        return Profile.objects.visible_to(viewer).select_related("user").get(slug=slug)
    except Profile.DoesNotExist:
        raise Http404("No such freelancer.") from None


def profile_get_own(*, user) -> Profile | None:
    """The user's own profile with its skills, or None if they are not a freelancer."""
    return Profile.objects.prefetch_related("skills").filter(user=user).first()


def article_get_for_detail(*, profile_slug: str, slug: str, viewer) -> Article:
    """A published article of a public profile, or the viewer's own in any state."""
    own = Q(profile__user=viewer) if viewer.is_authenticated else Q(pk__in=[])
    queryset = Article.objects.select_related("profile", "profile__user").prefetch_related(
        approved_skills("profile__skills")
    )
    try:
        return queryset.filter(Q(pk__in=Article.objects.public().values("pk")) | own).get(
            profile__slug=profile_slug, slug=slug
        )
    except Article.DoesNotExist:
        raise Http404("No such article.") from None


def article_list_own(*, profile: Profile):
    """All the profile's articles, drafts first, for the dashboard."""
    return profile.articles.order_by("status", "-updated_at")


@dataclass(frozen=True)
class SkillDetail:
    """Everything the skill page shows: the skill, its newest public services, its most
    recently active public profiles, and how many public profiles have it in all."""

    skill: Skill
    services: list  # public services with the skill (a higher app's rows)
    profiles: list[Profile]
    profile_count: int


def skill_get_for_detail(*, slug: str) -> SkillDetail:
    """An approved skill with the public services and public profiles that have it, newest
    and most recently active first. Raises Http404 unless something public uses it."""

    profiles = (
        Profile.objects.public()
        .select_related("user")
        .prefetch_related(approved_skills())
        .order_by("-updated_at")[:SKILL_PAGE_PROFILES]
    )
    queryset = (
        Skill.objects.approved()
        .annotate(
            public_profile_count=Count("profiles", filter=Q(profiles__in=Profile.objects.public()))
        )
        .prefetch_related(Prefetch("profiles", queryset=profiles, to_attr="public_profiles"))
    )

    try:
        skill = queryset.get(slug=slug)
    except Skill.DoesNotExist:
        raise Http404("No such skill.") from None
    # Services live in a higher app: reached through the reverse relation, not imports.
    services = list(
        skill.services.public()
        .select_related("freelancer", "category")
        .defer("description", "keywords")
        .order_by("-published_at")[:SKILL_PAGE_SERVICES]
    )
    if not (skill.public_profile_count or services):
        raise Http404("Nothing public has this skill.")
    return SkillDetail(
        skill=skill,
        services=services,
        profiles=skill.public_profiles,
        profile_count=skill.public_profile_count,
    )


def profile_missing_items(*, profile: Profile) -> list[str]:
    """What the dashboard asks the freelancer to add, most important first."""
    checks = [
        (profile.avatar, "a photo"),
        (profile.headline, "a headline"),
        (profile.about, "an About text"),
        (profile.hourly_rate, "your hourly rate"),
        (profile.skills.all(), "your skills"),
        (profile.banner, "a banner image"),
        (profile.resume, "a resume"),
        (profile.location, "where you are"),
        (profile.articles.published().exists(), "a published portfolio article"),
    ]
    return [label for present, label in checks if not present]


def freelancer_page_scopes(*, profile_id: int) -> set[str]:
    """The page-cache scopes of one freelancer's profile page and all their service pages
    (reached through the reverse relation, so profiles needs no import of services)."""
    rows = Profile.objects.filter(pk=profile_id).values_list("slug", "services__slug")
    scopes = {profile_scope(profile) for profile, _ in rows}
    scopes.update(service_scope(service) for _, service in rows if service)
    return scopes


# --- The freelancer directory -----------------------------------------------------------

DIRECTORY_PAGE_SIZE = 20
# ts_rank weights for D, C, B, A, the services' search's own: a name match (A) far
# outranks a headline match (B), which outranks a skill (C).
RANK_WEIGHTS = [0.05, 0.2, 0.4, 1.0]
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
# A word the prefix query may carry: letters, digits and underscores only, none of which
# means anything in tsquery syntax.
_PLAIN_WORD = re.compile(r"\w{1,60}")


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
    total: int


@dataclass(frozen=True)
class DirectoryChoices:
    """The directory's menus: approved skills (slug, name) and countries that public
    profiles have, by name."""

    skills: list[tuple[str, str]]
    countries: list[str]


def directory_search_query(q: str) -> SearchQuery:
    """The visitor's words in web-search syntax (`"exact phrase"`, `or`, `-word`) over
    English stems, with the last word also matched as the start of a word when it is a
    plain word: "writ" finds "writing", "writin" too (through the words as typed, which
    the search document also holds). The prefix is built from word characters only, never
    from raw input, so nothing typed can be read as tsquery syntax."""
    words = q.split()
    last = words[-1] if words else ""
    plain_last = (
        _PLAIN_WORD.fullmatch(last)
        and last.lower() != "or"
        and not (len(words) > 1 and words[-2].lower() == "or")
        and q.count('"') % 2 == 0
    )
    if not plain_last:
        return SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)
    prefix = SearchQuery(f"{last}:*", search_type="raw", config=SEARCH_CONFIG) | SearchQuery(
        f"{last}:*", search_type="raw", config=PREFIX_CONFIG
    )
    if len(words) == 1:
        return prefix
    rest = SearchQuery(" ".join(words[:-1]), search_type="websearch", config=SEARCH_CONFIG)
    return rest & prefix


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


def _directory_matches(filters: DirectoryFilters) -> QuerySet:
    queryset = Profile.objects.public()
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
    skills loaded: a count, the page's rows and their skills, three queries."""
    matches = _directory_matches(filters)
    sort = filters.effective_sort
    if sort == "relevance":
        rank = SearchRank(
            F("search_document"), directory_search_query(filters.q), weights=RANK_WEIGHTS
        )
        matches = matches.annotate(rank=rank)
    rows = (
        matches.defer("about", "keywords", "search_document")
        .prefetch_related(approved_skills())
        .order_by(*_DIRECTORY_ORDERINGS[sort])
    )
    paginator = Paginator(rows, DIRECTORY_PAGE_SIZE)
    page_obj = paginator.get_page(page_number(page))
    page_obj.object_list = list(page_obj.object_list)  # loaded here, not by the template
    return DirectoryResults(page=page_obj, filters=filters, total=paginator.count)
