"""What the header shows a signed-in user about their threads."""

from django.utils.functional import SimpleLazyObject

from services.thread_selectors import unread_thread_counts

NOTHING_UNREAD = {"total": 0, "as_client": 0}


def unread_threads(request):
    """`unread_threads.total` and `.as_client`: the user's threads holding unread messages.
    Lazy: counted (one query on a partial index) only if a template reads it, which the
    header does for signed-in users only, so anonymous pages (cached or not) never run it."""

    def counts():
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return NOTHING_UNREAD
        return unread_thread_counts(user=user)

    return {"unread_threads": SimpleLazyObject(counts)}
