"""Writes for the staff's checks of reviews with signals (reviews.selectors.review_signals).

Signals never act alone: staff either clear a review here, or hide it (review_hide), each
with a reason kept in the audit trail."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.audit import record_decision
from common.edits import model_update
from common.locks import KEY_SHARE, NO_KEY_UPDATE, lock_rows, retry_on_conflict
from profiles.models import User
from reviews.models import Review

CHECK_FIELDS = ["checked_at", "checked_by", "check_note"]


@retry_on_conflict
@transaction.atomic
def review_check_clear(*, review: Review, moderator, note: str) -> Review:
    """Staff looked at a review's signals and keep it: it leaves the "Reviews to check"
    queue for good. Logged with the note. Returns the updated copy of the row."""
    if not note.strip():
        raise ValidationError({"check_note": "Say what you checked and why the review stays."})
    lock_rows((User, moderator.pk, KEY_SHARE), (Review, review.pk, NO_KEY_UPDATE))
    current = Review.objects.get(pk=review.pk)
    if current.checked_at is not None:
        raise ValidationError("This review was already checked.")
    current = model_update(
        instance=current,
        fields=CHECK_FIELDS,
        data={"checked_at": timezone.now(), "checked_by": moderator, "check_note": note.strip()},
    )
    record_decision(
        moderator=moderator, obj=current, decision="Cleared after check", reason=note.strip()
    )
    return current
