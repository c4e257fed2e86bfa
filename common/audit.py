"""The moderation audit trail: every staff decision is written to Django's admin log.

So each decision shows in the object's History page in the admin, and all of them in the
filterable "Log entries" list, with who decided, when, on what, and why.
"""

from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType


def record_decision(*, moderator, obj, decision: str, reason: str = "") -> LogEntry:
    """Log `decision` ("Approved", "Suspended"...) on `obj` by `moderator`, with the reason.
    Returns the entry: an appeal names the decision it contests by the entry's id."""
    message = f"{decision}: {reason}" if reason else decision
    return LogEntry.objects.log_actions(
        user_id=moderator.pk,
        queryset=[obj],
        action_flag=CHANGE,
        change_message=message[:2000],
        single_object=True,
    )


def record_account_deletion(*, user_id: int, object_repr: str, summary: str) -> LogEntry:
    """Log that a user deleted their own account: by whom (the account's id, its row kept
    as an emptied tombstone), when, and how much went (`summary`: counts only). Never what:
    no name, address or text of theirs."""
    return LogEntry.objects.create(
        user_id=user_id,
        content_type=ContentType.objects.get_for_model(get_user_model()),
        object_id=str(user_id),
        object_repr=object_repr[:200],
        action_flag=DELETION,
        change_message=f"Account deleted by its owner: {summary}"[:2000],
    )
