"""Reads of one freelancer's profile: the public page, the resume, the dashboard."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404

from common.cache import profile_scope, service_scope
from profiles.models import Article, Profile, Skill
from profiles.selectors.ratings import ReviewsSection, reviews_section


@dataclass(frozen=True)
class ProfileDetail:
    """Everything the public profile page shows besides the request's own facts."""

    profile: Profile
    skills: list[Skill]  # the approved ones, by name
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
        .defer("keywords", "search_document")  # only search reads them
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
            .for_cards(join_freelancer=False)
            .order_by("-published_at", "-id")
        )
        if profile.is_public
        else []
    )
    for service in services:
        service.freelancer = profile  # for its card, instead of joining the profile again
    return ProfileDetail(
        profile=profile,
        skills=list(profile.skills.approved()),  # a plain query: cheaper than a prefetch
        services=services,
        # Listed as cards: their texts (up to 50,000 characters, twice with the HTML)
        # are read only on the article's own page.
        articles=list(
            profile.articles.published().defer("body", "body_html").order_by("-published_at")
        ),
        # Only reviews of published services: the ones the profile's stored rating counts.
        reviews=reviews_section(
            profile.reviews.of_published_services(),
            figures=profile.review_figures,
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
