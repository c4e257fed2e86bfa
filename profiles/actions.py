"""Writes for profiles, skills and portfolio articles: one function per user intent."""

import re
from collections.abc import Iterable
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from common.audit import record_decision
from common.cache import all_public_pages_changed, pages_changed, public_listings_changed
from common.edits import lock_fresh, model_update
from common.locks import KEY_SHARE, NO_KEY_UPDATE, lock_rows, retry_on_conflict
from common.mail import send_after_commit
from common.slugs import save_with_unique_slug
from common.submissions import submission_claim, submission_record
from profiles.markdown import reading_minutes, render_markdown
from profiles.models import Article, Profile, Skill, User
from profiles.search_words import profile_reindex, skills_changed_reindex_after_commit
from profiles.selectors import freelancer_page_scopes
from profiles.uploads import delete_file_after_commit, file_changes, replace_files

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
ARTICLE_FIELDS = (
    "title",
    "body",
    "body_html",
    "reading_minutes",
    "cover",
    "status",
    "published_at",
)


def freelancer_pages_changed(profile_id: int) -> None:
    """Drop one freelancer's profile page and every one of their service pages from the
    page cache once the transaction commits. The addresses are looked up now, so call it
    before deleting a service."""
    pages_changed(*freelancer_page_scopes(profile_id=profile_id))


# --- Ratings kept on the profile row ---------------------------------------------------

TWO_PLACES = Decimal("0.01")


def rating_figures(reviews: QuerySet) -> tuple[Decimal, int]:
    """(average to two places, count) of the visible ones of `reviews` (a reverse
    relation: service.reviews or profile.reviews), in one query."""
    # Summed as integers and divided as Decimals: a float average would round x.xx5 down.
    figures = reviews.visible().aggregate(total=Sum("rating"), count=Count("id"))
    if not figures["count"]:
        return Decimal("0.00"), 0
    average = Decimal(figures["total"]) / figures["count"]
    return average.quantize(TWO_PLACES, rounding=ROUND_HALF_UP), figures["count"]


def profile_rating_reviews(profile: Profile) -> QuerySet:
    """The reviews a freelancer's profile shows and counts: those of their published
    services (a suspended, withdrawn or pending service's reviews leave with it)."""
    return profile.reviews.of_published_services()


def profile_ratings_recount(*, profile_id: int) -> Profile:
    """Recount the freelancer's rating (visible reviews of published services only) into
    their profile row, and return it. The row is locked FOR NO KEY UPDATE; an action that
    also locks services or reviews locks the profile first (common.locks' order), so this
    lock is then a no-op. Called by every review change and every service status move."""
    lock_rows((Profile, profile_id, NO_KEY_UPDATE))
    profile = Profile.objects.get(pk=profile_id)
    profile.rating_average, profile.review_count = rating_figures(profile_rating_reviews(profile))
    profile.save(update_fields=["rating_average", "review_count"])
    return profile


# --- Skills -----------------------------------------------------------------------------


def normalise_skill_name(name: str) -> str:
    """Collapse white space; all-lowercase input gets capitalised words ("news writing")."""
    name = re.sub(r"\s+", " ", name).strip()
    return (
        " ".join(word[:1].upper() + word[1:] for word in name.split()) if name.islower() else name
    )


@transaction.atomic
def skill_get_or_create(*, name: str) -> Skill:
    """The skill called `name` regardless of case and spacing, created if new: a new name
    waits for staff (approved False) before public pages show it."""
    name = normalise_skill_name(name)
    if not name:
        raise ValidationError({"skills": "A skill needs a name."})
    if len(name) > Skill._meta.get_field("name").max_length:
        raise ValidationError({"skills": f"“{name[:30]}…” is too long for a skill."})
    if existing := Skill.objects.filter(name__iexact=name).first():
        return existing
    skill = Skill(name=name, approved=False)
    try:
        save_with_unique_slug(skill, text=name, scope=Skill.objects.all(), fallback="skill")
    except IntegrityError:
        # Someone added the same skill a moment ago.
        return Skill.objects.get(name__iexact=name)
    return skill


def skills_from_names(names: Iterable[str]) -> list[Skill]:
    """The skills for these names, created where new, each once."""
    seen: dict[str, Skill] = {}
    for name in names:
        skill = skill_get_or_create(name=name)
        seen[skill.name.lower()] = skill
    return list(seen.values())


def set_skills(row, names: Iterable[str]) -> None:
    """Give `row` (a profile or a service) the skills named, created where new. If that
    changes them, the row's `updated_at` moves on too, so an edit opened before sees it."""
    skills = skills_from_names(names)
    if {skill.pk for skill in skills} != set(row.skills.values_list("pk", flat=True)):
        row.skills.set(skills)
        row.save(update_fields=["updated_at"])


@transaction.atomic
def skill_approve(*, skill: Skill, moderator) -> Skill:
    """Staff let a new skill name into the vocabulary: public pages show it from now on
    (every cached page is dropped on commit), and the directory finds the profiles that
    have it (after commit). Logged."""
    if Skill.objects.filter(pk=skill.pk, approved=False).update(approved=True):
        record_decision(moderator=moderator, obj=skill, decision="Approved")
        all_public_pages_changed()
        skills_changed_reindex_after_commit([skill.pk])
    return Skill.objects.get(pk=skill.pk)


def skills_approve_with(row) -> None:
    """Staff approved `row` (a service) as it stands, so the new skill names it carries
    are approved with it; every cached page is dropped on commit if any was new, and the
    profiles with those names are reindexed after it."""
    new = list(row.skills.filter(approved=False).values_list("pk", flat=True))
    if new and Skill.objects.filter(pk__in=new, approved=False).update(approved=True):
        all_public_pages_changed()
        skills_changed_reindex_after_commit(new)


# --- Profiles ---------------------------------------------------------------------------


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


def _profile_changed(profile: Profile) -> None:
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
    _profile_changed(current)
    return current


@transaction.atomic
def profile_remove_upload(*, profile: Profile, field: str) -> Profile:
    """Remove the avatar, banner or resume; the file goes once the change is committed."""
    if field not in PROFILE_FILE_FIELDS:
        raise ValidationError(f"{field} is not an upload.")
    current = lock_fresh(profile)
    changes = file_changes(current, {field: None}, [field])
    current = model_update(instance=current, fields=[field], data=changes)
    _profile_changed(current)
    return current


# --- Articles ---------------------------------------------------------------------------


def _render(article: Article) -> None:
    article.body_html = render_markdown(article.body)
    article.reading_minutes = reading_minutes(article.body)


def _status(article: Article, publish: bool) -> dict[str, Any]:
    if publish:
        return {
            "status": Article.Status.PUBLISHED,
            "published_at": article.published_at or timezone.now(),
        }
    return {"status": Article.Status.DRAFT}


def _set_status(article: Article, publish: bool) -> None:
    for field, value in _status(article, publish).items():
        setattr(article, field, value)


@transaction.atomic
def article_create(
    *,
    profile: Profile,
    title: str,
    body: str,
    cover=None,
    publish: bool = False,
    submission_token=None,
) -> Article:
    """A new article with a slug unique within the profile, rendered and sanitised; the
    same `submission_token` twice returns the first one's article."""
    lock_rows((User, profile.user_id, KEY_SHARE))
    if earlier := submission_claim(user_id=profile.user_id, token=submission_token, model=Article):
        return earlier
    lock_rows((Profile, profile.pk, KEY_SHARE))
    article = Article(profile=profile, title=title.strip(), body=body)
    _render(article)
    _set_status(article, publish)
    replace_files(article, {"cover": cover} if cover else {}, ["cover"])
    article.full_clean(exclude=["slug"])
    save_with_unique_slug(article, text=title, scope=profile.articles.all(), fallback="article")
    submission_record(user_id=profile.user_id, token=submission_token, obj=article)
    freelancer_pages_changed(profile.pk)
    return article


@transaction.atomic
def article_update(
    *,
    article: Article,
    data: dict[str, Any],
    publish: bool | None = None,
    version: datetime | None = None,
) -> Article:
    """The edited copy, rendered again (`article` is untouched; its slug, and so its address,
    stays as it was), or EditConflict if it changed since `version`. `publish` True or
    False also publishes or unpublishes it; a replaced cover is deleted after commit."""
    current = lock_fresh(article, version=version)
    changes = {field: data[field] for field in ("title", "body") if field in data}
    if "title" in changes:
        changes["title"] = changes["title"].strip()
    if "body" in changes:
        changes |= {
            "body_html": render_markdown(changes["body"]),
            "reading_minutes": reading_minutes(changes["body"]),
        }
    changes |= file_changes(current, data, ["cover"])
    if publish is not None:
        changes |= _status(current, publish)
    current = model_update(instance=current, fields=ARTICLE_FIELDS, data=changes)
    freelancer_pages_changed(current.profile_id)
    return current


def _article_publish(article: Article, publish: bool) -> Article:
    current = lock_fresh(article)
    current = model_update(instance=current, fields=ARTICLE_FIELDS, data=_status(current, publish))
    freelancer_pages_changed(current.profile_id)
    return current


@transaction.atomic
def article_publish(*, article: Article) -> Article:
    """Make the article public; the first publication date is kept on republishing."""
    return _article_publish(article, publish=True)


@transaction.atomic
def article_unpublish(*, article: Article) -> Article:
    """Back to draft: the article disappears from public pages."""
    return _article_publish(article, publish=False)


@transaction.atomic
def article_delete(*, article: Article) -> None:
    """Delete the article and, after commit, its cover image."""
    delete_file_after_commit(article.cover)
    freelancer_pages_changed(article.profile_id)
    article.delete()


# --- Staff decisions --------------------------------------------------------------------


@transaction.atomic
def profile_suspend(*, profile: Profile, moderator, reason: str) -> Profile:
    """Staff: the freelancer's profile and services leave every public page, search and
    the sitemap at once (they all read only active profiles). Logged with the reason; the
    freelancer is mailed the reason and how to appeal after commit."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the freelancer is suspended."})
    current = lock_fresh(profile)
    if current.status == Profile.Status.SUSPENDED:
        raise ValidationError(f"{current} is already suspended.")
    current = model_update(
        instance=current, fields=["status"], data={"status": Profile.Status.SUSPENDED}
    )
    entry = record_decision(
        moderator=moderator, obj=current, decision="Suspended", reason=reason.strip()
    )
    send_after_commit(
        to=current.user.email,
        template="profiles/email/profile_suspended",
        context={"profile": current, "reason": reason.strip(), "entry": entry},
    )
    _profile_changed(current)
    return current


@transaction.atomic
def profile_restore(*, profile: Profile, moderator) -> Profile:
    """Staff: a suspended profile is public again, with its published services. Logged;
    the freelancer is mailed."""
    current = lock_fresh(profile)
    if current.status != Profile.Status.SUSPENDED:
        raise ValidationError(f"{current} is not suspended.")
    current = model_update(
        instance=current, fields=["status"], data={"status": Profile.Status.ACTIVE}
    )
    record_decision(moderator=moderator, obj=current, decision="Restored")
    send_after_commit(
        to=current.user.email,
        template="profiles/email/profile_restored",
        context={"profile": current},
    )
    _profile_changed(current)
    return current


@transaction.atomic
def user_rename(*, user: User, name: str) -> User:
    """Set the name others see. Returns the updated copy of the row. Every cached public
    page is dropped: a name shows on any page with one of the user's reviews, and renames
    are rare."""
    current = model_update(instance=user, fields=["name"], data={"name": name.strip()})
    all_public_pages_changed()
    return current


@transaction.atomic
def user_deactivate(*, user: User, moderator, reason: str) -> User:
    """Staff: the user can no longer sign in (current sessions end on their next request)
    and their profile leaves public pages. Staff accounts are left to superusers. Logged;
    the user is mailed the reason and how to appeal (by answering the mail: they cannot
    sign in)."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the account is deactivated."})
    if user.pk == moderator.pk:
        raise ValidationError("You cannot deactivate your own account.")
    current = lock_fresh(user)
    if (current.is_staff or current.is_superuser) and not moderator.is_superuser:
        raise PermissionDenied("Only a superuser can deactivate a staff account.")
    current = model_update(instance=current, fields=["is_active"], data={"is_active": False})
    record_decision(moderator=moderator, obj=current, decision="Deactivated", reason=reason)
    send_after_commit(
        to=current.email,
        template="profiles/email/account_deactivated",
        context={
            "user": current,
            "reason": reason.strip(),
            "moderation_email": settings.MODERATION_EMAIL,
        },
    )
    public_listings_changed()
    if profile_id := Profile.objects.filter(user=current).values_list("pk", flat=True).first():
        freelancer_pages_changed(profile_id)
    return current


MODERATORS_GROUP = "Moderators"


@transaction.atomic
def moderator_appoint(*, user: User) -> User:
    """Make `user` staff in the Moderators group: the admin, with moderation rights only.
    Returns the updated copy of the row."""
    current = model_update(instance=user, fields=["is_staff"], data={"is_staff": True})
    current.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return current
