"""Writes for hire requests (engagements), one function per user intent.

Request, accept, decline, cancel, deliver, complete: each in a transaction, each emailing
the other party after commit. The freelancer delivers; only the client completes, so a
job (and the review it opens) always takes both parties."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from common.edits import lock_fresh, model_update
from common.locks import KEY_SHARE, NO_KEY_UPDATE, lock_rows, retry_on_conflict
from common.submissions import submission_claim, submission_record
from profiles.mail import MailKind, mail_user
from profiles.models import Profile, User
from services.actions.messages import thread_open
from services.models import Engagement, Service


class TooManyRequests(Exception):
    """The client sent more hire requests in the last hour than the site allows."""


def _notify(engagement: Engagement, *, event: str, to) -> None:
    """Email `to` about `event` once the transaction commits (never on rollback), unless
    they turned hire request mail off."""
    mail_user(
        user=to,
        kind=MailKind.HIRES,
        template="services/email/engagement",
        context={"engagement": engagement, "event": event},
    )


def _engagement_step(
    engagement: Engagement,
    *,
    actor,
    party: str,
    from_status: Engagement.Status | tuple[Engagement.Status, ...],
    to_status: Engagement.Status,
    stamp: str,
) -> Engagement:
    """On a locked fresh copy: check the actor is the right party (client or freelancer)
    and the stored status is `from_status` (or one of them), then set `to_status` and the
    `stamp` time."""
    from_statuses = from_status if isinstance(from_status, tuple) else (from_status,)
    current = lock_fresh(engagement)
    is_party = (
        actor.pk == current.client_id
        if party == "client"
        else actor.pk == current.freelancer.user_id
    )
    if not is_party:
        raise PermissionDenied(f"Only the {party} can do that.")
    if current.status not in from_statuses:
        raise ValidationError(
            f"This request is {current.get_status_display().lower()}; that is no longer possible."
        )
    return model_update(
        instance=current,
        fields=["status", stamp],
        data={"status": to_status, stamp: timezone.now()},
    )


@retry_on_conflict
@transaction.atomic
def engagement_request(
    *,
    service: Service,
    client,
    message: str,
    budget: Decimal | None = None,
    submission_token=None,
) -> Engagement:
    """A client asks to hire the freelancer for a public service; the freelancer is emailed.

    One client's requests queue up on their user row, so the hourly limit holds exactly
    (raises TooManyRequests past it); the same `submission_token` twice returns the first
    request without mailing again.
    """
    lock_rows((User, client.pk, NO_KEY_UPDATE))
    if User.objects.filter(pk=client.pk, deleted_at__isnull=False).exists():
        raise ValidationError("This account is deleted.")  # in another tab, a moment ago
    if earlier := submission_claim(user_id=client.pk, token=submission_token, model=Engagement):
        return earlier
    # The new row's foreign-key checks would take these at the insert; take them in order.
    lock_rows((Profile, service.freelancer_id, KEY_SHARE), (Service, service.pk, KEY_SHARE))
    if not Service.objects.public().filter(pk=service.pk).exists():
        raise ValidationError("This service is not available for hire.")
    if service.freelancer.user_id == client.pk:
        raise ValidationError("You cannot hire yourself.")
    an_hour_ago = timezone.now() - timedelta(hours=1)
    recent = Engagement.objects.filter(client=client, created_at__gte=an_hour_ago).count()
    if recent >= settings.HIRE_REQUESTS_PER_HOUR:
        raise TooManyRequests
    engagement = Engagement(
        service=service,
        freelancer=service.freelancer,
        client=client,
        message=message.strip(),
        budget=budget,
    )
    engagement.full_clean()
    engagement.save()
    submission_record(user_id=client.pk, token=submission_token, obj=engagement)
    thread_open(engagement=engagement)
    _notify(engagement, event="requested", to=service.freelancer.user)
    return engagement


@transaction.atomic
def engagement_accept(*, engagement: Engagement, actor) -> Engagement:
    """The freelancer takes the job: requested -> accepted; the client is emailed."""
    moved = _engagement_step(
        engagement,
        actor=actor,
        party="freelancer",
        from_status=Engagement.Status.REQUESTED,
        to_status=Engagement.Status.ACCEPTED,
        stamp="accepted_at",
    )
    _notify(moved, event="accepted", to=moved.client)
    return moved


@transaction.atomic
def engagement_decline(*, engagement: Engagement, actor) -> Engagement:
    """The freelancer turns the request down: requested -> declined; the client is emailed."""
    moved = _engagement_step(
        engagement,
        actor=actor,
        party="freelancer",
        from_status=Engagement.Status.REQUESTED,
        to_status=Engagement.Status.DECLINED,
        stamp="closed_at",
    )
    _notify(moved, event="declined", to=moved.client)
    return moved


@transaction.atomic
def engagement_cancel(*, engagement: Engagement, actor) -> Engagement:
    """The client withdraws the request: requested -> cancelled; the freelancer is emailed."""
    moved = _engagement_step(
        engagement,
        actor=actor,
        party="client",
        from_status=Engagement.Status.REQUESTED,
        to_status=Engagement.Status.CANCELLED,
        stamp="closed_at",
    )
    _notify(moved, event="cancelled", to=moved.freelancer.user)
    return moved


@transaction.atomic
def engagement_deliver(*, engagement: Engagement, actor) -> Engagement:
    """The freelancer marks the work delivered: accepted -> delivered; the client is
    emailed to confirm it. Delivering does not complete the job (only the client does)."""
    moved = _engagement_step(
        engagement,
        actor=actor,
        party="freelancer",
        from_status=Engagement.Status.ACCEPTED,
        to_status=Engagement.Status.DELIVERED,
        stamp="delivered_at",
    )
    _notify(moved, event="delivered", to=moved.client)
    return moved


@transaction.atomic
def engagement_complete(*, engagement: Engagement, actor) -> Engagement:
    """The client confirms the job is done: delivered (or still accepted) -> completed;
    the freelancer is emailed. Only now may the client review it."""
    moved = _engagement_step(
        engagement,
        actor=actor,
        party="client",
        from_status=(Engagement.Status.ACCEPTED, Engagement.Status.DELIVERED),
        to_status=Engagement.Status.COMPLETED,
        stamp="completed_at",
    )
    _notify(moved, event="completed", to=moved.freelancer.user)
    return moved
