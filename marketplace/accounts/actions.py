"""Deleting an account at its owner's request (GDPR erasure), in one transaction.

The user row stays as a tombstone, emptied of everything personal: the threads and
reviews others keep still need an author (messages and hire requests refer to their
parties with PROTECT, so nothing of another user's can vanish by accident). Likewise a
freelancer's profile, and each service that was ever hired, stay as emptied rows for the
other party's hire requests; everything else the user made is deleted, and every file
goes once the transaction has committed. The policy in words: templates/accounts/
deletion_policy.html and the README ("Deleting an account").

Lives in `marketplace` because it reaches every app (reviews -> services -> profiles).
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from common.audit import record_account_deletion
from common.cache import all_public_pages_changed
from common.locks import NO_KEY_UPDATE, UPDATE, lock_rows, retry_on_conflict
from common.models import Submission
from marketplace.models import DataExport
from profiles.mail import MAIL_FIELDS, MailKind, mail_user
from profiles.models import FORMER_MEMBER, Article, Profile, User
from profiles.uploads import delete_file_after_commit
from reviews.models import Appeal, Report, Review
from services.actions import thread_mark_unread
from services.models import Engagement, MessageAttachment, MessageReport, Service, ThreadRead

# A deleted account's address: unique (by id), never deliverable (.invalid is reserved),
# and no longer the owner's, so the same address can sign up again as a new account.
ERASED_EMAIL = "deleted-{pk}@deleted.invalid"
REMOVED_SERVICE = "Removed service"
# Hire requests still under way when a party leaves; they are cancelled.
UNDER_WAY = (
    Engagement.Status.REQUESTED,
    Engagement.Status.ACCEPTED,
    Engagement.Status.DELIVERED,
)


@dataclass(frozen=True)
class AccountDeletion:
    """What went: counts only, as the admin log records them."""

    hires_cancelled: int
    services_deleted: int
    services_emptied: int
    articles: int
    reviews_received: int
    attachments: int
    files: int

    def __str__(self):
        return (
            f"{self.hires_cancelled} hire requests cancelled, "
            f"{self.services_deleted} services deleted and {self.services_emptied} emptied, "
            f"{self.articles} articles, {self.reviews_received} reviews received, "
            f"{self.attachments} message files, {self.files} stored files"
        )


def _files(rows, *names: str) -> list:
    return [getattr(row, name) for row in rows for name in names if getattr(row, name)]


def _slug_of_id(prefix: str):
    # "--" never comes out of slugify(), so no slug made from a name can take this one.
    return Concat(Value(prefix), Cast("id", models.CharField()))


@retry_on_conflict
@transaction.atomic
def account_delete(*, user) -> AccountDeletion:
    """Delete `user`'s account: hire requests under way are cancelled (the other party is
    mailed and finds the thread unread); reviews received, services never hired, articles,
    message files and every upload are deleted; the profile and hired services are emptied;
    reviews written and messages stay under "Former client" / "Former member". Sign-in is
    impossible afterwards and the address is free. Logged without content."""
    # Locks up front, in the project's order. Once the profile is held, a hire request or
    # a review of this freelancer has either committed (and is found below) or waits, and
    # then finds the profile gone; the user row holds back the user's own actions.
    lock_rows((User, user.pk, NO_KEY_UPDATE))
    user = User.objects.get(pk=user.pk)
    if user.deleted_at:
        raise ValidationError("This account is already deleted.")
    profile = Profile.objects.filter(user=user).first()
    profile_id = profile.pk if profile else None
    lock_rows((Profile, profile_id, UPDATE))
    services = list(Service.objects.filter(freelancer_id=profile_id)) if profile else []
    lock_rows((Service, [s.pk for s in services], UPDATE))
    engagement_ids = list(Engagement.objects.involving(user).values_list("pk", flat=True))
    lock_rows((Engagement, engagement_ids, NO_KEY_UPDATE))
    received = list(Review.objects.filter(freelancer_id=profile_id)) if profile else []
    lock_rows((Review, [r.pk for r in received], UPDATE))

    now = timezone.now()
    files = []
    cancelled = _cancel_hires_under_way(user, engagement_ids, now)
    # Reviews received describe the freelancer's work and had their place on the profile
    # and service pages only, which go; their reports go with them (cascade).
    Review.objects.filter(pk__in=[r.pk for r in received]).delete()
    deleted, emptied, service_files = _remove_services(services)
    files += service_files
    articles = list(Article.objects.filter(profile_id=profile_id)) if profile else []
    files += _files(articles, "cover")
    Article.objects.filter(pk__in=[a.pk for a in articles]).delete()
    if profile:
        files += _files([profile], "avatar", "banner", "resume")
        _empty_profile(profile)
    attachments = list(MessageAttachment.objects.filter(message__author=user))
    files += _files(attachments, "file")
    MessageAttachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()
    exports = list(DataExport.objects.filter(user=user))
    files += _files(exports, "file")
    DataExport.objects.filter(pk__in=[e.pk for e in exports]).delete()
    _delete_personal_rows(user)
    _empty_user(user, now)
    _scrub_log(user, profile, services)
    summary = AccountDeletion(
        hires_cancelled=cancelled,
        services_deleted=deleted,
        services_emptied=emptied,
        articles=len(articles),
        reviews_received=len(received),
        attachments=len(attachments),
        files=len(files),
    )
    record_account_deletion(
        user_id=user.pk, object_repr=f"Account {user.pk}", summary=str(summary)
    )
    for file in files:
        delete_file_after_commit(file)  # robust: a file that will not go is logged
    # Names on reviews and threads change across the site, as after a rename.
    all_public_pages_changed()
    return summary


def _cancel_hires_under_way(user, engagement_ids: list[int], now) -> int:
    """Cancel the user's hire requests under way; each other party is mailed (if they take
    hire request mail) and finds the thread unread in their inbox."""
    under_way = list(
        Engagement.objects.filter(pk__in=engagement_ids, status__in=UNDER_WAY).select_related(
            "service", "client", "freelancer__user"
        )
    )
    for engagement in under_way:
        other = (
            engagement.freelancer.user if engagement.client_id == user.pk else engagement.client
        )
        mail_user(
            user=other,
            kind=MailKind.HIRES,
            template="services/email/engagement",
            context={"engagement": engagement, "event": "account_deleted", "leaver": user},
        )
        thread_mark_unread(engagement=engagement, user=other, now=now)
    return Engagement.objects.filter(pk__in=[e.pk for e in under_way]).update(
        status=Engagement.Status.CANCELLED, closed_at=now, updated_at=now
    )


def _remove_services(services: list[Service]) -> tuple[int, int, list]:
    """Delete the services never hired; empty those that were (hire requests refer to
    them), which no page shows again. Returns (deleted, emptied, their files)."""
    hired = set(
        Engagement.objects.filter(service__in=services).values_list("service_id", flat=True)
    )
    files = _files(services, "banner")
    never_hired = [s.pk for s in services if s.pk not in hired]
    Service.objects.filter(pk__in=never_hired).delete()  # their reports and appeals too
    Service.skills.through.objects.filter(service_id__in=hired).delete()
    Report.objects.filter(service_id__in=hired).delete()
    Appeal.objects.filter(service_id__in=hired).delete()
    Service.objects.filter(pk__in=hired).update(
        title=REMOVED_SERVICE,
        slug=_slug_of_id("deleted--"),
        description="",
        banner="",
        keywords="",
        moderation_note="",
        status=Service.Status.DELETED,
        rating_average=0,
        review_count=0,
        updated_at=timezone.now(),
    )
    return len(never_hired), len(hired), files


def _empty_profile(profile: Profile) -> None:
    profile.skills.clear()
    Report.objects.filter(profile=profile).delete()
    Appeal.objects.filter(profile=profile).delete()
    Profile.objects.filter(pk=profile.pk).update(
        display_name=FORMER_MEMBER,
        slug=_slug_of_id("deleted--"),
        headline="",
        about="",
        country="",
        city="",
        hourly_rate=None,
        availability=Profile.Availability.AVAILABLE,
        away_until=None,
        avatar="",
        banner="",
        resume="",
        resume_visibility=Profile.ResumeVisibility.NOBODY,
        status=Profile.Status.DELETED,
        rating_average=0,
        review_count=0,
        keywords="",
        updated_at=timezone.now(),
    )


def _delete_personal_rows(user) -> None:
    """What only the user had: sign-in means, markers, tokens, the reports and appeals they
    wrote (their text), group memberships."""
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    ThreadRead.objects.filter(user=user).delete()
    Submission.objects.filter(user=user).delete()
    Report.objects.filter(reporter=user).delete()
    MessageReport.objects.filter(reporter=user).delete()
    Appeal.objects.filter(appellant=user).delete()
    user.groups.clear()
    user.user_permissions.clear()


def _empty_user(user, now) -> None:
    # An unusable password and is_active off: no sign-in of any kind, and every session
    # of the account fails its next request (the session's password hash no longer matches).
    User.objects.filter(pk=user.pk).update(
        email=ERASED_EMAIL.format(pk=user.pk),
        name="",
        password=make_password(None),
        is_active=False,
        is_staff=False,
        is_superuser=False,
        last_login=None,
        deleted_at=now,
        updated_at=now,
        **dict.fromkeys(MAIL_FIELDS.values(), False),
    )


def _scrub_log(user, profile, services) -> None:
    """Earlier admin log entries keep the decisions, not the names: their object names
    (an address, a display name, a service title) become neutral ones."""
    for model, ids, name in (
        (User, [user.pk], f"Account {user.pk}"),
        (Profile, [profile.pk] if profile else [], FORMER_MEMBER),
        (Service, [s.pk for s in services], REMOVED_SERVICE),
    ):
        if ids:
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=[str(pk) for pk in ids],
            ).update(object_repr=name)
