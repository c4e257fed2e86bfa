"""The conversation on each hire request: messages, their attachments, reports on them,
and each party's read marker. Loaded through services.models, which re-exports them.

The request's own message opens the thread; it stays on the engagement row and is shown
as the thread's first entry, so a thread without replies has no Message rows at all.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from profiles.models import private_storage

MAX_MESSAGE_LENGTH = 5_000
# A thread takes no new messages this long after its request closed.
READ_ONLY_AFTER = timedelta(days=90)


def thread_read_only_since(engagement) -> datetime | None:
    """When the engagement's thread stopped (or will stop) taking messages: 90 days after
    it was declined, cancelled or completed; None while it is open."""
    closed = engagement.closed_at or engagement.completed_at
    return closed + READ_ONLY_AFTER if closed else None


def thread_is_read_only(engagement, *, now: datetime | None = None) -> bool:
    """True once the thread takes no more messages (see thread_read_only_since)."""
    since = thread_read_only_since(engagement)
    return since is not None and (now or timezone.now()) >= since


class Message(models.Model):
    """One message of a hire request's thread, by its client or its freelancer."""

    engagement = models.ForeignKey(
        "services.Engagement", on_delete=models.CASCADE, related_name="thread_messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="messages_sent"
    )
    text = models.TextField(blank=True, validators=[MaxLengthValidator(MAX_MESSAGE_LENGTH)])
    # Computed by message_send from the text: the page shows a notice on the message.
    has_contact_details = models.BooleanField(default=False, editable=False)
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.TextField(blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Not auto_now_add: demo and bulk data write threads with their own past times.
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_hidden=False) | ~Q(hidden_reason=""),
                name="services_message_hidden_has_reason",
            ),
        ]
        indexes = [
            # A thread's page reads its latest messages in order (keyset by created_at, id).
            models.Index(
                fields=["engagement", "created_at", "id"], name="services_msg_thread_idx"
            ),
            # The sender's rate limits count their recent messages.
            models.Index(fields=["author", "created_at"], name="services_msg_author_idx"),
        ]

    def __str__(self):
        return f"Message {self.pk} on hire request {self.engagement_id}"

    def get_absolute_url(self):
        return (
            reverse("services:thread", kwargs={"pk": self.engagement_id}) + f"#message-{self.pk}"
        )


class MessageAttachment(models.Model):
    """A file sent with a message: checked by content, kept in private storage, served to
    the thread's two parties only."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="messages/%Y/%m/", storage=private_storage, max_length=200)
    # The name the download is saved under: the sender's, made safe, with the real type's
    # extension.
    name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class MessageReport(models.Model):
    """A message's recipient tells the staff it breaks the rules; waits for a decision."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"
        DISMISSED = "dismissed", "Dismissed"

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_reports"
    )
    reason = models.TextField(validators=[MaxLengthValidator(2000)])
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "reporter"],
                condition=Q(status="open"),
                name="services_msgreport_one_open_per_reporter",
                violation_error_message="You have already reported this message.",
            ),
        ]

    def __str__(self):
        return f"Report on message {self.message_id} by {self.reporter}"


class ThreadRead(models.Model):
    """One party's marker on one thread: what they have read, what waits for them, and
    when they were last mailed about it. Written by the message actions only."""

    engagement = models.ForeignKey(
        "services.Engagement", on_delete=models.CASCADE, related_name="read_markers"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The user's side of the request, fixed for good: the header links to the right inbox
    # without joining the engagements.
    is_client = models.BooleanField(default=False)
    last_read_at = models.DateTimeField(null=True, blank=True)
    # When the oldest message they have not read arrived; None when nothing waits.
    unread_since = models.DateTimeField(null=True, blank=True)
    mailed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "user"], name="services_threadread_one_per_party"
            ),
        ]
        indexes = [
            # The header's counts: a user's threads with something unread, by side, from the
            # index alone.
            models.Index(
                fields=["user", "is_client"],
                condition=Q(unread_since__isnull=False),
                name="services_thread_unread_idx",
            ),
        ]

    def __str__(self):
        return f"{self.user} on hire request {self.engagement_id}"

    @property
    def is_unread(self):
        return self.unread_since is not None
