"""Reads for the message threads: a thread's page as one timeline, the inbox summaries,
an attachment or a message for the party allowed to have it."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Left
from django.http import Http404

from services.models import Engagement, Message, MessageAttachment, ThreadRead
from services.thread_models import thread_is_read_only, thread_read_only_since

THREAD_PAGE_SIZE = 50
PREVIEW_LENGTH = 140


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a thread: a message, or a step of the request (requested, accepted,
    delivered, declined, cancelled, completed); `text` is the request's own message."""

    when: datetime
    kind: str  # "message" or "event"
    event: str = ""
    label: str = ""
    text: str = ""
    message: Message | None = None

    @property
    def sort_key(self) -> tuple:
        # Steps before messages of the same instant; messages by id.
        return (
            self.when,
            0 if self.kind == "event" else 1,
            self.message.pk if self.message else 0,
        )


@dataclass(frozen=True)
class ThreadPage:
    """What a thread's page shows its viewer, oldest entry first."""

    engagement: Engagement
    viewer_is_client: bool
    entries: list[TimelineEntry]
    # `?before=` for the link to earlier messages; None when the oldest is shown.
    earlier_before: int | None
    is_latest: bool
    is_read_only: bool
    read_only_since: datetime | None
    was_unread: bool

    @property
    def other_party_name(self) -> str:
        e = self.engagement
        return e.freelancer.display_name if self.viewer_is_client else e.client.display_name

    @property
    def other_party_deleted(self) -> bool:
        """The other party deleted their account: the thread takes no more messages."""
        e = self.engagement
        if self.viewer_is_client:
            return e.freelancer.status == e.freelancer.Status.DELETED
        return e.client.deleted_at is not None


def request_events(engagement: Engagement) -> list[TimelineEntry]:
    """The request's steps that happened, as timeline entries (a `delivered_at`, where the
    model has one, counts too)."""
    steps = [
        ("requested", "Requested", engagement.created_at),
        ("accepted", "Accepted", engagement.accepted_at),
        ("delivered", "Delivered", getattr(engagement, "delivered_at", None)),
        ("completed", "Completed", engagement.completed_at),
    ]
    if engagement.closed_at:
        steps.append((engagement.status, engagement.get_status_display(), engagement.closed_at))
    return [
        TimelineEntry(
            when=when,
            kind="event",
            event=event,
            label=label,
            text=engagement.message if event == "requested" else "",
        )
        for event, label, when in steps
        if when
    ]


def _engagement_for_party(pk: int, user) -> Engagement:
    """The engagement if `user` is one of its parties (404 otherwise), with their marker."""
    marker = ThreadRead.objects.filter(engagement=OuterRef("pk"), user=user)
    queryset = (
        Engagement.objects.involving(user)
        .select_related("service", "freelancer", "freelancer__user", "client")
        .annotate(viewer_unread_since=Subquery(marker.values("unread_since")[:1]))
    )
    try:
        return queryset.get(pk=pk)
    except Engagement.DoesNotExist:
        raise Http404("No such hire request.") from None


def _messages_before(
    engagement: Engagement, before: int | None
) -> tuple[QuerySet, datetime | None]:
    """The thread's messages newest first, older than message `before` (keyset on
    created_at and id, never an OFFSET), and that message's time."""
    queryset = (
        Message.objects.filter(engagement=engagement)
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("-created_at", "-id")
    )
    if before is None:
        return queryset, None
    pivot = Message.objects.filter(engagement=engagement, pk=before).values("created_at").first()
    if pivot is None:
        raise Http404("No such message.")
    at = pivot["created_at"]
    return queryset.filter(Q(created_at__lt=at) | Q(created_at=at, pk__lt=before)), at


def thread_get_for_party(*, pk: int, user, before: int | None = None) -> ThreadPage:
    """A page of the thread for its client or freelancer (404 for anyone else): the latest
    50 messages, or the 50 before message `before`, with the request's steps of that stretch
    of time in the same timeline. Reads only; the view marks the thread read."""
    engagement = _engagement_for_party(pk, user)
    queryset, until = _messages_before(engagement, before)
    rows = list(queryset[: THREAD_PAGE_SIZE + 1])
    has_earlier = len(rows) > THREAD_PAGE_SIZE
    rows = rows[:THREAD_PAGE_SIZE][::-1]
    since = rows[0].created_at if has_earlier else None
    events = [
        entry
        for entry in request_events(engagement)
        if (since is None or entry.when >= since) and (until is None or entry.when < until)
    ]
    entries = events + [
        TimelineEntry(when=message.created_at, kind="message", message=message) for message in rows
    ]
    return ThreadPage(
        engagement=engagement,
        viewer_is_client=engagement.client_id == user.pk,
        entries=sorted(entries, key=lambda entry: entry.sort_key),
        earlier_before=rows[0].pk if has_earlier else None,
        is_latest=before is None,
        is_read_only=thread_is_read_only(engagement),
        read_only_since=thread_read_only_since(engagement),
        was_unread=engagement.viewer_unread_since is not None,
    )


def with_thread_summary(queryset: QuerySet, *, user) -> QuerySet:
    """The engagements with their thread's last message (`last_message_at`,
    `last_message_preview`, `last_message_author_id`; the request itself when nobody has
    written yet) and `unread_since` for `user`, as subqueries on indexes: no extra query
    and no work per row beyond the page's."""
    last = Message.objects.filter(engagement=OuterRef("pk")).order_by("-created_at", "-id")
    preview = Case(
        When(is_hidden=True, then=Value("Hidden by staff")),
        When(text="", then=Value("Sent files")),
        default=Left("text", PREVIEW_LENGTH),
    )
    marker = ThreadRead.objects.filter(engagement=OuterRef("pk"), user=user)
    return queryset.annotate(
        last_message_at=Coalesce(Subquery(last.values("created_at")[:1]), F("created_at")),
        last_message_preview=Coalesce(
            Subquery(last.annotate(preview=preview).values("preview")[:1]),
            Left("message", PREVIEW_LENGTH),
        ),
        last_message_author_id=Coalesce(
            Subquery(last.values("author_id")[:1]), F("client_id"), output_field=BigIntegerField()
        ),
        unread_since=Subquery(marker.values("unread_since")[:1]),
    )


def unread_thread_counts(*, user) -> dict[str, int]:
    """How many of the user's threads hold messages they have not read: `total`, and
    `as_client` (the rest are requests to them as a freelancer). One query, answered
    from a partial index of the unread markers alone."""
    return ThreadRead.objects.filter(user=user, unread_since__isnull=False).aggregate(
        # Columns of the index only, so that the count needs no table rows.
        total=Count("*"),
        as_client=Count("is_client", filter=Q(is_client=True)),
    )


def attachment_get_for_party(*, engagement_pk: int, pk: int, user) -> MessageAttachment:
    """An attachment of a visible message in a thread the user is a party of; else 404."""
    try:
        return MessageAttachment.objects.get(
            pk=pk,
            message__engagement_id=engagement_pk,
            message__is_hidden=False,
            message__engagement__in=Engagement.objects.involving(user),
        )
    except MessageAttachment.DoesNotExist:
        raise Http404("No such file.") from None


def message_get_for_recipient(*, engagement_pk: int, pk: int, user) -> Message:
    """A visible message the user received in one of their threads (what they may
    report); 404 for their own messages and anyone else's threads."""
    try:
        return (
            Message.objects.select_related("engagement__service", "author")
            .exclude(author=user)
            .get(
                pk=pk,
                engagement_id=engagement_pk,
                is_hidden=False,
                engagement__in=Engagement.objects.involving(user),
            )
        )
    except Message.DoesNotExist:
        raise Http404("No such message.") from None
