"""A freelancer's own profile: creating it, editing it, its uploads, the user's name."""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from common.cache import all_public_pages_changed, pages_changed, public_listings_changed
from common.edits import lock_fresh, model_update
from common.locks import NO_KEY_UPDATE, lock_rows, retry_on_conflict
from common.slugs import save_with_unique_slug
from common.submissions import submission_claim, submission_record
from profiles.actions.skills import set_skills
from profiles.models import Profile, User
from profiles.search_words import profile_reindex
from profiles.selectors import freelancer_page_scopes
from profiles.uploads import file_changes

PROFILE_FILE_FIELDS = ("avatar", "banner", "resume")
# What the freelancer edits, besides the files; the status, slug and ratings are the
# actions' own.
PROFILE_FIELDS = (
    "display_name",
    "headline",
    "about",
    "country",
    "city",
    "hourly_rate",
    "availability",
    "away_until",
    "resume_visibility",
)


def freelancer_pages_changed(profile_id: int) -> None:
    """Drop one freelancer's profile page and every one of their service pages from the
    page cache once the transaction commits. The addresses are looked up now, so call it
    before deleting a service."""
    pages_changed(*freelancer_page_scopes(profile_id=profile_id))


@retry_on_conflict
@transaction.atomic
def profile_create(
    *, user: User, display_name: str, headline: str = "", submission_token=None
) -> Profile:
    """Make `user` a freelancer with a new active profile at a free, stable slug. One
    user's attempts queue up on their row; the same `submission_token` twice returns the
    first one's profile."""
    lock_rows((User, user.pk, NO_KEY_UPDATE))
    if earlier := submission_claim(user_id=user.pk, token=submission_token, model=Profile):
        return earlier
    if Profile.objects.filter(user=user).exists():
        raise ValidationError("You already have a freelancer profile.")
    profile = Profile(user=user, display_name=display_name.strip(), headline=headline.strip())
    profile.full_clean(exclude=["slug"])
    save_with_unique_slug(
        profile, text=display_name, scope=Profile.objects.all(), fallback="freelancer"
    )
    submission_record(user_id=user.pk, token=submission_token, obj=profile)
    public_listings_changed()  # the directory lists the new freelancer
    return profile


def profile_pages_changed(profile: Profile) -> None:
    """The profile shows in listings (cards) and on its own and its services' pages."""
    public_listings_changed()
    freelancer_pages_changed(profile.pk)


@transaction.atomic
def profile_update(
    *,
    profile: Profile,
    data: dict[str, Any],
    skill_names: list[str] | None = None,
    version: datetime | None = None,
) -> Profile:
    """The edited copy of the row (`profile` is untouched), or EditConflict if it changed
    since `version`; if given, the skills are set by name. A status set by staff meanwhile
    is never written back; a replaced or removed file is deleted only after commit."""
    current = lock_fresh(profile, version=version)
    changes = {field: data[field] for field in PROFILE_FIELDS if field in data}
    changes |= file_changes(current, data, PROFILE_FILE_FIELDS)
    if changes.get("availability", current.availability) != Profile.Availability.AWAY:
        changes["away_until"] = None
    current = model_update(
        instance=current, fields=[*PROFILE_FIELDS, *PROFILE_FILE_FIELDS], data=changes
    )
    if skill_names is not None:
        set_skills(current, skill_names)
        profile_reindex(profile=current)
    profile_pages_changed(current)
    return current


@transaction.atomic
def profile_remove_upload(*, profile: Profile, field: str) -> Profile:
    """Remove the avatar, banner or resume; the file goes once the change is committed."""
    if field not in PROFILE_FILE_FIELDS:
        raise ValidationError(f"{field} is not an upload.")
    current = lock_fresh(profile)
    changes = file_changes(current, {field: None}, [field])
    current = model_update(instance=current, fields=[field], data=changes)
    profile_pages_changed(current)
    return current


@transaction.atomic
def user_rename(*, user: User, name: str) -> User:
    """Set the name others see. Returns the updated copy of the row. Every cached public
    page is dropped: a name shows on any page with one of the user's reviews, and renames
    are rare."""
    current = model_update(instance=user, fields=["name"], data={"name": name.strip()})
    all_public_pages_changed()
    return current
