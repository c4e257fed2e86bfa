"""The moderation audit trail: every staff decision is written to Django's admin log.

So each decision shows in the object's History page in the admin, and all of them in the
filterable "Log entries" list, with who decided, when, on what, and why.
"""

from django.contrib.admin.models import CHANGE, LogEntry


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
