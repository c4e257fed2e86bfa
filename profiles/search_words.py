"""The directory's search words: each profile's approved skill names, kept in its
`keywords` column so that the database computes its search document from the row alone.
Written by the actions that change a profile's skills or a skill's approval."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import OuterRef, QuerySet, StringAgg, Subquery, Value
from django.db.models.functions import Coalesce

from common.cache import public_listings_changed
from common.locks import NO_KEY_UPDATE, lock_rows, retry_on_conflict
from profiles.models import Profile


def _keywords_update(profiles: QuerySet) -> int:
    """Write each profile's approved skill names (by name, space-separated) into its
    `keywords`, which its search document is computed from: one UPDATE. `updated_at`
    stays: an edit opened before is not in conflict with a name being approved."""
    names = (
        Profile.skills.through.objects.filter(profile_id=OuterRef("pk"), skill__approved=True)
        .values("profile_id")
        .annotate(names=StringAgg("skill__name", Value(" "), order_by="skill__name"))
        .values("names")
    )
    return profiles.update(keywords=Coalesce(Subquery(names), Value("")))


def profile_reindex(*, profile: Profile) -> None:
    """Rewrite the approved skill names the profile's search document is computed from.
    The caller holds the profile's row (or, in tests, needs no lock)."""
    _keywords_update(Profile.objects.filter(pk=profile.pk))


@retry_on_conflict
@transaction.atomic
def profiles_reindex_for_skills(*, skill_ids: Iterable[int]) -> int:
    """Rewrite the search words of every profile with one of these skills (their rows
    locked first, in the lock order), so a name approved, renamed or withdrawn in the
    admin is found, or no longer found, in the directory; the listings are dropped from
    the page cache on commit. Returns how many profiles were rewritten."""
    ids = list(
        Profile.objects.filter(skills__in=list(skill_ids)).values_list("pk", flat=True).distinct()
    )
    if not ids:
        return 0
    lock_rows((Profile, ids, NO_KEY_UPDATE))
    public_listings_changed()
    return _keywords_update(Profile.objects.filter(pk__in=ids))


def skills_changed_reindex_after_commit(skill_ids: Iterable[int]) -> None:
    """Reindex the profiles with these skills once the current transaction commits, in a
    transaction of its own: the caller may hold a service's row (service_approve), and
    other freelancers' profiles come before services in the lock order."""
    ids = list(skill_ids)
    transaction.on_commit(lambda: profiles_reindex_for_skills(skill_ids=ids), robust=True)
