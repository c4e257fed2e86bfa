"""Writes for service listings, one function per user intent, each in a transaction.

The freelancer's create, edit, submit, withdraw and delete; the staff's approve, reject,
suspend and restore."""

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.audit import record_decision
from common.cache import public_listings_changed
from common.edits import lock_fresh, model_update
from common.locks import KEY_SHARE, NO_KEY_UPDATE, lock_rows
from common.mail import send_after_commit
from common.slugs import save_with_unique_slug
from common.submissions import submission_claim, submission_record
from profiles.actions import (
    freelancer_pages_changed,
    profile_ratings_recount,
    set_skills,
    skills_approve_with,
    skills_from_names,
)
from profiles.models import Profile, User
from profiles.uploads import delete_file_after_commit, file_changes, replace_files
from services.models import Category, Service

# What the freelancer edits, besides the banner; the status, slug and ratings are the
# actions' own.
SERVICE_FIELDS = (
    "title",
    "description",
    "category",
    "hourly_rate",
    "starting_price",
    "engagement",
)
# Edits to these send a published service back to review under pre-moderation.
REVIEWED_FIELDS = ("title", "description", "category")
STATUS_FIELDS = ("status", "published_at", "moderation_note")


def _premoderated(premoderation: bool | None) -> bool:
    """The argument if given, else the site's SERVICES_PREMODERATION setting."""
    return settings.SERVICES_PREMODERATION if premoderation is None else premoderation


def _changes_what_staff_review(service: Service, changes: dict[str, Any]) -> bool:
    """True if `changes` alter reviewed text or bring a new banner (removing one is fine)."""
    if any(
        field in changes and changes[field] != getattr(service, field) for field in REVIEWED_FIELDS
    ):
        return True
    return bool(changes.get("banner"))


def _keywords(service: Service) -> str:
    category = service.category
    names = [skill.name for skill in service.skills.all()]
    names += [category.name, category.parent.name if category.parent_id else ""]
    return " ".join(name for name in names if name)


def _refresh_keywords(service: Service) -> None:
    service.keywords = _keywords(service)
    service.save(update_fields=["keywords"])


@transaction.atomic
def service_reindex(*, service: Service) -> Service:
    """Rewrite the skill and category names the search document is computed from."""
    _refresh_keywords(service)
    return service


def _check_category(category: Category) -> None:
    if not category.is_leaf:
        raise ValidationError({"category": "Choose a subcategory, e.g. Articles & News."})


def _require_status(service: Service, allowed: set[str], doing: str) -> None:
    if service.status not in allowed:
        raise ValidationError(
            f"A service that is {service.get_status_display().lower()} cannot be {doing}."
        )


def _changed(service: Service) -> Service:
    """What public pages show may have changed: the listings and the freelancer's pages
    are dropped from the cache on commit."""
    public_listings_changed()
    freelancer_pages_changed(service.freelancer_id)
    return service


def _service_status_change(
    service: Service,
    *,
    allowed: set[str],
    doing: str,
    values: Callable[[Service], dict[str, Any]],
) -> Service:
    """Check that the stored status allows the move, then set `values(row)` through
    model_update. The row is a locked fresh copy, so a move never acts on a stale one: a
    moderator's approval and the freelancer's edit or withdrawal may race, and whoever
    comes second sees the first one's result. The freelancer's profile is locked first
    (the lock order) and its rating recounted: a service off the market takes its reviews
    off the profile, and brings them back when it returns."""
    lock_rows((Profile, service.freelancer_id, NO_KEY_UPDATE))
    current = lock_fresh(service)
    _require_status(current, allowed, doing)
    moved = model_update(instance=current, fields=STATUS_FIELDS, data=values(current))
    profile_ratings_recount(profile_id=moved.freelancer_id)
    return moved


def _published(service: Service) -> dict[str, Any]:
    return {
        "status": Service.Status.PUBLISHED,
        "published_at": service.published_at or timezone.now(),
        "moderation_note": "",
    }


@transaction.atomic
def service_create(
    *,
    freelancer: Profile,
    title: str,
    description: str,
    category: Category,
    hourly_rate: Decimal,
    starting_price: Decimal = Decimal(0),
    engagement: str = Service.EngagementType.ONGOING,
    skill_names: list[str] = (),
    banner=None,
    submission_token=None,
) -> Service:
    """A new draft service with a unique slug (safe under concurrent creation); the same
    `submission_token` twice returns the first one's service."""
    lock_rows((User, freelancer.user_id, KEY_SHARE))
    if earlier := submission_claim(
        user_id=freelancer.user_id, token=submission_token, model=Service
    ):
        return earlier
    lock_rows((Profile, freelancer.pk, KEY_SHARE))
    _check_category(category)
    service = Service(
        freelancer=freelancer,
        title=title.strip(),
        description=description.strip(),
        category=category,
        hourly_rate=hourly_rate,
        starting_price=starting_price,
        engagement=engagement,
    )
    replace_files(service, {"banner": banner} if banner else {}, ["banner"])
    service.full_clean(exclude=["slug"])
    save_with_unique_slug(service, text=title, scope=Service.objects.all(), fallback="service")
    service.skills.set(skills_from_names(skill_names))
    _refresh_keywords(service)
    submission_record(user_id=freelancer.user_id, token=submission_token, obj=service)
    return service


@transaction.atomic
def service_update(
    *,
    service: Service,
    data: dict[str, Any],
    skill_names: list[str] | None = None,
    version: datetime | None = None,
    premoderation: bool | None = None,
) -> Service:
    """The edited copy of the row (the slug never changes; `service` is untouched), or
    EditConflict if it changed since `version`. Under pre-moderation, editing a published
    service's reviewed text or banner sends it back to review. A replaced banner is deleted
    after commit."""
    lock_rows((Profile, service.freelancer_id, NO_KEY_UPDATE))  # the lock order
    current = lock_fresh(service, version=version)
    changes = {field: data[field] for field in SERVICE_FIELDS if field in data}
    if "category" in changes:
        _check_category(changes["category"])
    changes |= file_changes(current, data, ["banner"])
    if (
        current.status == Service.Status.PUBLISHED
        and _premoderated(premoderation)
        and _changes_what_staff_review(current, changes)
    ):
        changes["status"] = Service.Status.PENDING
    current = model_update(
        instance=current, fields=[*SERVICE_FIELDS, "banner", "status"], data=changes
    )
    if "status" in changes:  # back to review: its reviews leave the profile meanwhile
        profile_ratings_recount(profile_id=current.freelancer_id)
    if skill_names is not None:
        set_skills(current, skill_names)
    _refresh_keywords(current)
    return _changed(current)


@transaction.atomic
def service_submit(*, service: Service, premoderation: bool | None = None) -> Service:
    """Draft or rejected -> pending review, or straight to published without pre-moderation
    (`premoderation` None: the site's setting). Returns the moved copy."""
    moved = _service_status_change(
        service,
        allowed={Service.Status.DRAFT, Service.Status.REJECTED},
        doing="submitted",
        values=lambda current: (
            {"status": Service.Status.PENDING}
            if _premoderated(premoderation)
            else _published(current)
        ),
    )
    return _changed(moved)


@transaction.atomic
def service_withdraw(*, service: Service) -> Service:
    """Pending or published -> draft: the freelancer takes it off the market."""
    moved = _service_status_change(
        service,
        allowed={Service.Status.PENDING, Service.Status.PUBLISHED},
        doing="withdrawn",
        values=lambda current: {"status": Service.Status.DRAFT},
    )
    return _changed(moved)


@transaction.atomic
def service_delete(*, service: Service) -> None:
    """Delete the service and, once committed, its banner. Not once anyone hired it."""
    # FOR UPDATE, not lock_fresh's NO KEY UPDATE: it waits for hire requests being inserted
    # (their key-share locks) and keeps new ones out until the delete commits. The profile
    # first, in the lock order: its rating is recounted without the service.
    lock_rows((Profile, service.freelancer_id, NO_KEY_UPDATE))
    service = Service.objects.select_for_update().get(pk=service.pk)
    if service.engagements.exists():
        raise ValidationError(
            "This service has hire requests, so it stays on record. Withdraw it instead."
        )
    delete_file_after_commit(service.banner)
    freelancer_pages_changed(service.freelancer_id)  # before the slug is gone
    service.delete()
    profile_ratings_recount(profile_id=service.freelancer_id)
    public_listings_changed()


def _decided(service: Service, *, moderator, decision: str, reason: str = "") -> Service:
    """Log a staff decision and tell the freelancer by mail after commit (a suspension's
    mail says how to appeal it: the entry's id names the decision)."""
    entry = record_decision(moderator=moderator, obj=service, decision=decision, reason=reason)
    send_after_commit(
        to=service.freelancer.user.email,
        template="services/email/service_decision",
        context={"service": service, "decision": decision, "reason": reason, "entry": entry},
    )
    return _changed(service)


def _require_reason(reason: str) -> str:
    if not reason.strip():
        raise ValidationError({"moderation_note": "Tell the freelancer why."})
    return reason.strip()


@transaction.atomic
def service_approve(*, service: Service, moderator) -> Service:
    """Staff: pending -> published, with the new skill names it carries. Logged; the
    freelancer is emailed."""
    moved = _service_status_change(
        service, allowed={Service.Status.PENDING}, doing="approved", values=_published
    )
    skills_approve_with(moved)
    return _decided(moved, moderator=moderator, decision="Approved")


@transaction.atomic
def service_reject(*, service: Service, moderator, note: str) -> Service:
    """Staff: pending -> rejected, with a note the freelancer sees and is emailed. Logged."""
    moved = _service_status_change(
        service,
        allowed={Service.Status.PENDING},
        doing="rejected",
        values=lambda current: {
            "status": Service.Status.REJECTED,
            "moderation_note": _require_reason(note),
        },
    )
    return _decided(moved, moderator=moderator, decision="Rejected", reason=moved.moderation_note)


@transaction.atomic
def service_suspend(*, service: Service, moderator, note: str) -> Service:
    """Staff: a published (or pending) service -> suspended: off every public page at
    once. The freelancer sees the note and is emailed. Logged."""
    moved = _service_status_change(
        service,
        allowed={Service.Status.PUBLISHED, Service.Status.PENDING},
        doing="suspended",
        values=lambda current: {
            "status": Service.Status.SUSPENDED,
            "moderation_note": _require_reason(note),
        },
    )
    return _decided(moved, moderator=moderator, decision="Suspended", reason=moved.moderation_note)


@transaction.atomic
def service_restore(*, service: Service, moderator) -> Service:
    """Staff: suspended -> published again. Logged; the freelancer is emailed."""
    moved = _service_status_change(
        service, allowed={Service.Status.SUSPENDED}, doing="restored", values=_published
    )
    return _decided(moved, moderator=moderator, decision="Restored")
