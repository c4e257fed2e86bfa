"""Writes for the conversation on each hire request, one function per user intent.

Send a message (with attachments), mark a thread read, report a message; staff hide a
message or resolve a report; a user turns message mail off or on. Mail goes out after
commit, at most once per thread every 15 minutes while the recipient has not read it.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from common.audit import record_decision
from common.contacts import has_contact_details
from common.edits import model_update
from common.locks import KEY_SHARE, NO_KEY_UPDATE, lock_rows, retry_on_conflict
from common.mail import send_after_commit
from common.submissions import submission_claim, submission_record
from profiles.actions import freelancer_pages_changed
from profiles.mail import MailKind, mail_user, wants_mail
from profiles.models import User
from profiles.uploads import replace_files
from services.attachments import MAX_ATTACHMENTS, CheckedAttachment
from services.models import Engagement, Message, MessageAttachment, MessageReport, ThreadRead
from services.thread_models import thread_is_read_only

# A recipient who has not read the thread is mailed about it at most this often.
MAIL_EVERY = timedelta(minutes=15)
READ_ONLY_MESSAGE = (
    "This conversation is closed: a request's thread takes messages until 90 days after "
    "it is declined, cancelled or completed."
)

FORMER_MEMBER_MESSAGE = (
    "The other party deleted their account, so this conversation takes no more messages."
)


class TooManyMessages(Exception):
    """The sender sent more messages in the last minute or hour than the site allows."""


def _other_party(engagement: Engagement, user) -> User:
    """The party of the (freelancer and client loaded) engagement who is not `user`;
    PermissionDenied if `user` is neither."""
    freelancer_user = engagement.freelancer.user
    if user.pk == engagement.client_id:
        return freelancer_user
    if user.pk == freelancer_user.pk:
        return engagement.client
    raise PermissionDenied("Only the client and the freelancer of this request can do that.")


def _check_rate(author, now: datetime) -> None:
    """Raise TooManyMessages if the author has used up a limit (the caller holds their
    user row, so concurrent sends count each other)."""
    recent = Message.objects.filter(author=author, created_at__gt=now - timedelta(hours=1))
    counts = recent.aggregate(
        hour=Count("id"), minute=Count("id", filter=Q(created_at__gt=now - timedelta(minutes=1)))
    )
    if (
        counts["minute"] >= settings.MESSAGES_PER_MINUTE
        or counts["hour"] >= settings.MESSAGES_PER_HOUR
    ):
        raise TooManyMessages


def _mail_is_due(marker: ThreadRead, recipient, now: datetime) -> bool:
    if not wants_mail(recipient, MailKind.MESSAGES):
        return False
    mailed = marker.mailed_at
    read_since = marker.last_read_at is not None and mailed is not None
    return (
        mailed is None
        or mailed <= now - MAIL_EVERY
        or (read_since and marker.last_read_at >= mailed)
    )


def _marker(engagement: Engagement, user) -> ThreadRead:
    """`user`'s read marker of the thread, made on first need (which side they are on is
    kept with it, for the unread counts by side)."""
    marker, _ = ThreadRead.objects.get_or_create(
        engagement=engagement, user=user, defaults={"is_client": user.pk == engagement.client_id}
    )
    return marker


def thread_mark_unread(*, engagement: Engagement, user, now: datetime) -> None:
    """Something in the thread waits for `user` (since `now`, unless it already did)."""
    marker = _marker(engagement, user)
    if marker.unread_since is None:
        marker.unread_since = now
        marker.save(update_fields=["unread_since", "updated_at"])


def _wait_for(engagement: Engagement, recipient, message: Message, now: datetime) -> None:
    """Mark the thread unread for the recipient, and mail them if it is due."""
    marker = _marker(engagement, recipient)
    marker.unread_since = marker.unread_since or now
    if _mail_is_due(marker, recipient, now):
        marker.mailed_at = now
        mail_user(
            user=recipient,
            kind=MailKind.MESSAGES,
            template="services/email/message",
            context={"engagement": engagement, "message": message, "recipient": recipient},
        )
    marker.save(update_fields=["unread_since", "mailed_at", "updated_at"])


def _store_attachment(message: Message, checked: CheckedAttachment) -> None:
    attachment = MessageAttachment(
        message=message, name=checked.name, content_type=checked.content_type, size=checked.size
    )
    # Stored at the save; a storage that refuses it refuses the message (ValidationError).
    replace_files(attachment, {"file": checked.content}, ["file"])
    attachment.full_clean()
    attachment.save()


@retry_on_conflict
@transaction.atomic
def message_send(
    *,
    engagement: Engagement,
    author,
    text: str,
    attachments: list[CheckedAttachment] = (),
    submission_token=None,
) -> Message:
    """A party of the request writes in its thread; the other party's thread turns unread
    and they are mailed unless mailed in the last 15 minutes without reading since.

    The sender's sends queue up on their user row, so the per-minute and per-hour limits
    hold exactly (TooManyMessages past them); the same `submission_token` twice returns
    the first message. Refused once the thread is read-only.
    """
    lock_rows((User, author.pk, NO_KEY_UPDATE))
    if User.objects.filter(pk=author.pk, deleted_at__isnull=False).exists():
        raise ValidationError("This account is deleted.")  # in another tab, a moment ago
    if earlier := submission_claim(user_id=author.pk, token=submission_token, model=Message):
        return earlier
    # Sends in one thread queue up here, so each sees the markers the one before wrote.
    lock_rows((Engagement, engagement.pk, NO_KEY_UPDATE))
    current = Engagement.objects.select_related("service", "client", "freelancer__user").get(
        pk=engagement.pk
    )
    recipient = _other_party(current, author)
    if recipient.deleted_at:
        raise ValidationError(FORMER_MEMBER_MESSAGE)
    now = timezone.now()
    if thread_is_read_only(current, now=now):
        raise ValidationError(READ_ONLY_MESSAGE)
    _check_rate(author, now)
    text = (text or "").strip()
    if not text and not attachments:
        raise ValidationError("Write a message or attach a file.")
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError(f"Attach at most {MAX_ATTACHMENTS} files to one message.")
    message = Message(
        engagement=current,
        author=author,
        text=text,
        has_contact_details=has_contact_details(text),
        created_at=now,
    )
    message.full_clean()
    message.save()
    # Under the lock taken above: sends in one thread count one after another.
    Engagement.objects.filter(pk=current.pk).update(message_count=F("message_count") + 1)
    if current.status == Engagement.Status.COMPLETED and _is_reviewed(current):
        # The review's label on the freelancer's pages shows the count.
        freelancer_pages_changed(current.freelancer_id)
    for checked in attachments:
        _store_attachment(message, checked)
    submission_record(user_id=author.pk, token=submission_token, obj=message)
    # Writing in a thread reads it.
    ThreadRead.objects.update_or_create(
        engagement=current,
        user=author,
        defaults={"last_read_at": now, "unread_since": None},
        create_defaults={
            "last_read_at": now,
            "unread_since": None,
            "is_client": author.pk == current.client_id,
        },
    )
    _wait_for(current, recipient, message, now)
    return message


def _is_reviewed(engagement: Engagement) -> bool:
    # The review lives in a higher app: asked through the reverse relation.
    return Engagement.objects.filter(pk=engagement.pk, review__isnull=False).exists()


def thread_open(*, engagement: Engagement) -> None:
    """A new request opens its thread: unread for the freelancer, who is mailed about the
    request itself (so a follow-up within 15 minutes sends no second mail). Called by
    engagement_request inside its transaction."""
    now = engagement.created_at or timezone.now()
    ThreadRead.objects.create(
        engagement=engagement,
        user_id=engagement.freelancer.user_id,
        unread_since=now,
        mailed_at=now,
    )


def thread_mark_read(*, engagement: Engagement, user) -> bool:
    """The user has read the thread: nothing waits for them, and the next message mails
    them again. One UPDATE of their marker; False if nothing was unread."""
    now = timezone.now()
    updated = ThreadRead.objects.filter(
        engagement=engagement, user=user, unread_since__isnull=False
    ).update(unread_since=None, last_read_at=now, updated_at=now)
    return bool(updated)


# --- Reports and staff decisions --------------------------------------------------------


@retry_on_conflict
@transaction.atomic
def message_report(
    *, message: Message, reporter, reason: str, submission_token=None
) -> MessageReport:
    """The recipient of a message flags it for staff; one open report per reporter and
    message. The same `submission_token` twice returns the first report."""
    lock_rows((User, reporter.pk, KEY_SHARE))
    if earlier := submission_claim(
        user_id=reporter.pk, token=submission_token, model=MessageReport
    ):
        return earlier
    engagement = Engagement.objects.select_related("client", "freelancer__user").get(
        pk=message.engagement_id
    )
    _other_party(engagement, reporter)
    if reporter.pk == message.author_id:
        raise PermissionDenied("You cannot report your own message.")
    report = MessageReport(message=message, reporter=reporter, reason=reason.strip())
    report.full_clean()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise ValidationError("You have already reported this message.") from None
    submission_record(user_id=reporter.pk, token=submission_token, obj=report)
    return report


HIDDEN_FIELDS = ["is_hidden", "hidden_reason", "hidden_at", "hidden_by"]


@retry_on_conflict
@transaction.atomic
def message_hide(*, message: Message, moderator, reason: str) -> Message:
    """Staff hide a message with a reason: the thread shows the reason in its place and its
    attachments are no longer served. Logged. Returns the hidden copy of the row."""
    lock_rows((User, moderator.pk, KEY_SHARE), (Message, message.pk, NO_KEY_UPDATE))
    if not reason.strip():
        raise ValidationError({"hidden_reason": "Say why the message is hidden."})
    hidden = {
        "is_hidden": True,
        "hidden_reason": reason.strip(),
        "hidden_at": timezone.now(),
        "hidden_by": moderator,
    }
    current = model_update(instance=message, fields=HIDDEN_FIELDS, data=hidden)
    record_decision(moderator=moderator, obj=current, decision="Hidden", reason=reason.strip())
    return current


@retry_on_conflict
@transaction.atomic
def message_unhide(*, message: Message, moderator) -> Message:
    """Staff show a hidden message again. Logged. Returns the shown copy of the row."""
    lock_rows((User, moderator.pk, KEY_SHARE), (Message, message.pk, NO_KEY_UPDATE))
    shown = {"is_hidden": False, "hidden_reason": "", "hidden_at": None, "hidden_by": None}
    current = model_update(instance=message, fields=HIDDEN_FIELDS, data=shown)
    record_decision(moderator=moderator, obj=current, decision="Shown again")
    return current


class MessageReportOutcome(models.TextChoices):
    """What a moderator decides on a message report; the audit trail records its label."""

    HIDE_MESSAGE = "hide_message", "Hide the message"
    DISMISS = "dismiss", "Dismiss the report"


@retry_on_conflict
@transaction.atomic
def message_report_resolve(
    *, report: MessageReport, moderator, outcome: str, reason: str
) -> MessageReport:
    """Staff close an open report by hiding the message or dismissing the report; every
    open report on the message closes with it, each is logged, and each reporter is
    mailed the outcome after commit."""
    open_reports = MessageReport.objects.filter(
        message_id=report.message_id, status=MessageReport.Status.OPEN
    )
    lock_rows(
        (User, moderator.pk, KEY_SHARE),
        (Message, report.message_id, NO_KEY_UPDATE),
        (MessageReport, [report.pk, *open_reports.values_list("pk", flat=True)], NO_KEY_UPDATE),
    )
    report = MessageReport.objects.select_related("message").get(pk=report.pk)
    if report.status != MessageReport.Status.OPEN:
        raise ValidationError("This report is already closed.")
    if not reason.strip():
        raise ValidationError({"reason": "Say what you decided and why."})
    if outcome == MessageReportOutcome.HIDE_MESSAGE:
        if not report.message.is_hidden:
            message_hide(message=report.message, moderator=moderator, reason=reason)
        status = MessageReport.Status.RESOLVED
    elif outcome == MessageReportOutcome.DISMISS:
        status = MessageReport.Status.DISMISSED
    else:
        raise ValidationError(f"Unknown outcome: {outcome}")
    closing = list(open_reports.select_related("reporter"))
    now = timezone.now()
    open_reports.filter(pk__in=[r.pk for r in closing]).update(
        status=status, resolved_at=now, updated_at=now
    )
    decision = MessageReportOutcome(outcome).label
    for closed in closing:
        record_decision(moderator=moderator, obj=closed, decision=decision, reason=reason.strip())
        send_after_commit(
            to=closed.reporter.email,
            template="services/email/message_report",
            context={"report": closed, "hidden": status == MessageReport.Status.RESOLVED},
        )
    report.refresh_from_db()
    return report


# --- Settings ---------------------------------------------------------------------------


@transaction.atomic
def user_message_mail_update(*, user, message_mail: bool) -> User:
    """Turn mail about new messages on or off for the user. Returns the saved copy."""
    # By key: `user` may be a request's lazy user, which model_update cannot take the type of.
    return model_update(
        instance=User(pk=user.pk), fields=["message_mail"], data={"message_mail": message_mail}
    )
