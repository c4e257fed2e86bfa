"""Writes for appeals: the person a suspension concerns contests it; staff uphold or
overturn it with a reason, and the appellant is told by mail."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.audit import record_decision
from common.locks import KEY_SHARE, NO_KEY_UPDATE, lock_rows, retry_on_conflict
from common.mail import send_after_commit
from common.submissions import submission_claim, submission_record
from profiles.actions import profile_restore
from profiles.models import Profile, User
from reviews.models import Appeal
from reviews.selectors import decision_get_appealable
from services.actions import service_restore
from services.models import Service


@retry_on_conflict
@transaction.atomic
def appeal_submit(*, decision_id: int, appellant, text: str, submission_token=None) -> Appeal:
    """The person concerned appeals a suspension still in force; it waits for staff.
    One open appeal per decision; the same `submission_token` twice returns the first."""
    lock_rows((User, appellant.pk, NO_KEY_UPDATE))
    if earlier := submission_claim(user_id=appellant.pk, token=submission_token, model=Appeal):
        return earlier
    decision = decision_get_appealable(entry_id=decision_id, user=appellant)
    # The new row's foreign-key checks would take these at the insert; take them in order.
    lock_rows(
        (Profile, decision.profile.pk if decision.profile else None, KEY_SHARE),
        (Service, decision.service.pk if decision.service else None, KEY_SHARE),
    )
    appeal = Appeal(
        decision=decision.entry,
        service=decision.service,
        profile=decision.profile,
        appellant=appellant,
        text=text.strip(),
    )
    appeal.full_clean()
    try:
        with transaction.atomic():
            appeal.save()
    except IntegrityError:
        raise ValidationError("You have already appealed this decision.") from None
    submission_record(user_id=appellant.pk, token=submission_token, obj=appeal)
    return appeal


def _decide(appeal: Appeal, *, moderator, status: str, reason: str, restore) -> Appeal:
    if not reason.strip():
        raise ValidationError({"reason": "Say what you decided and why."})
    lock_rows(
        (User, moderator.pk, KEY_SHARE),
        (Profile, appeal.profile_id, NO_KEY_UPDATE),
        (Service, appeal.service_id, NO_KEY_UPDATE),
        (Appeal, appeal.pk, NO_KEY_UPDATE),
    )
    current = Appeal.objects.select_related("service", "profile", "appellant", "decision").get(
        pk=appeal.pk
    )
    if current.status != Appeal.Status.OPEN:
        raise ValidationError("This appeal is already decided.")
    if restore:
        restore(current)
    decided = {
        "status": status,
        "decided_by": moderator,
        "decided_at": timezone.now(),
        "decision_reason": reason.strip(),
    }
    for field, value in decided.items():
        setattr(current, field, value)
    current.full_clean()
    current.save(update_fields=[*decided, "updated_at"])
    record_decision(
        moderator=moderator,
        obj=current,
        decision=current.get_status_display(),
        reason=reason.strip(),
    )
    send_after_commit(
        to=current.appellant.email,
        template="reviews/email/appeal_outcome",
        context={"appeal": current, "target": current.target},
    )
    return current


def _restore(moderator):
    def restore(appeal: Appeal) -> None:
        if appeal.service and appeal.service.status == Service.Status.SUSPENDED:
            service_restore(service=appeal.service, moderator=moderator)
        elif appeal.profile and appeal.profile.status == Profile.Status.SUSPENDED:
            profile_restore(profile=appeal.profile, moderator=moderator)

    return restore


@retry_on_conflict
@transaction.atomic
def appeal_uphold(*, appeal: Appeal, moderator, reason: str) -> Appeal:
    """Staff keep the contested decision; the appellant is mailed the reason. Logged."""
    return _decide(
        appeal, moderator=moderator, status=Appeal.Status.UPHELD, reason=reason, restore=None
    )


@retry_on_conflict
@transaction.atomic
def appeal_overturn(*, appeal: Appeal, moderator, reason: str) -> Appeal:
    """Staff undo the contested suspension (service_restore or profile_restore); the
    appellant is mailed the reason. Logged."""
    return _decide(
        appeal,
        moderator=moderator,
        status=Appeal.Status.OVERTURNED,
        reason=reason,
        restore=_restore(moderator),
    )
