"""Page-level reads for profiles, skills and articles."""

from django.db.models import Count, Prefetch, Q
from django.http import Http404

from common.cache import profile_scope, service_scope
from profiles.models import Article, Profile, Skill

SKILL_PAGE_PROFILES = 60
SKILL_PAGE_SERVICES = 20


def profile_get_for_detail(*, slug: str, viewer, reviews_page_number=1) -> Profile:
    """A public profile (or the viewer's own) with skills and published articles loaded.

    Raises Http404 for anything else, suspended or unknown alike.
    """
    queryset = (
        Profile.objects.visible_to(viewer)
        .select_related("user")
        .prefetch_related(
            "skills",
            Prefetch(
                "articles",
                queryset=Article.objects.published().order_by("-published_at"),
                to_attr="published_articles",
            ),
        )
    )
    try:
        profile = queryset.get(slug=slug)
    except Profile.DoesNotExist:
        raise Http404("No such freelancer.") from None
    # Services live in a higher app: reached through the reverse relation, not an import.
    profile.public_services = (
        list(
            profile.services.published()
            .select_related("category")
            .order_by("-published_at", "-id")
        )
        if profile.is_public
        else []
    )
    profile.reviews_page, profile.rating_distribution = profile.reviews.listing_page(
        count=profile.review_count, page=reviews_page_number
    )
    return profile


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
        "profile__skills"
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


def skill_get_for_detail(*, slug: str) -> Skill:
    """A skill with the public profiles that have it, most recently active first."""
    profiles = (
        Profile.objects.public()
        .select_related("user")
        .prefetch_related("skills")
        .order_by("-updated_at")[:SKILL_PAGE_PROFILES]
    )
    queryset = Skill.objects.annotate(
        profile_count=Count("profiles", filter=Q(profiles__in=Profile.objects.public()))
    ).prefetch_related(Prefetch("profiles", queryset=profiles, to_attr="public_profiles"))
    try:
        skill = queryset.get(slug=slug)
    except Skill.DoesNotExist:
        raise Http404("No such skill.") from None
    skill.public_services = list(
        skill.services.public()
        .select_related("freelancer", "category")
        .defer("description", "keywords")
        .order_by("-published_at")[:SKILL_PAGE_SERVICES]
    )
    return skill


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
