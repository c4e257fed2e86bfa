"""The skill page: what public services and profiles have a skill."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.http import Http404

from profiles.models import Profile, Skill
from profiles.selectors.profiles import approved_skills

SKILL_PAGE_PROFILES = 60
SKILL_PAGE_SERVICES = 20


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
        skill.services.public().for_cards().order_by("-published_at")[:SKILL_PAGE_SERVICES]
    )
    if not (skill.public_profile_count or services):
        raise Http404("Nothing public has this skill.")
    return SkillDetail(
        skill=skill,
        services=services,
        profiles=skill.public_profiles,
        profile_count=skill.public_profile_count,
    )
