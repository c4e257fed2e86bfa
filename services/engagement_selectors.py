"""Page-level reads for hire requests: the inboxes and one engagement for its parties."""

from django.core.paginator import Page, Paginator
from django.http import Http404

from common.pagination import page_number
from services.models import Engagement
from services.thread_selectors import with_thread_summary

INBOX_PAGE_SIZE = 20


def engagement_inbox(*, user, role: str, status: str | None, page) -> Page:
    """One page of the user's engagements as client ("hires") or as freelancer
    ("requests"), optionally of one status, newest first, each with its thread's last
    message and unread state (with_thread_summary)."""
    if role == "requests":
        queryset = Engagement.objects.filter(freelancer__user=user).select_related("client")
    else:
        queryset = Engagement.objects.filter(client=user).select_related("freelancer")
    if status in Engagement.Status.values:
        queryset = queryset.filter(status=status)
    queryset = queryset.select_related("service").order_by("-created_at", "-pk")
    queryset = with_thread_summary(queryset, user=user)
    return Paginator(queryset, INBOX_PAGE_SIZE).get_page(page_number(page))


def engagement_get_for_party(*, pk: int, user) -> Engagement:
    """An engagement the user is the client or the freelancer of; 404 for anyone else."""
    queryset = Engagement.objects.involving(user).select_related(
        "service", "freelancer", "freelancer__user", "client", "review"
    )
    try:
        return queryset.get(pk=pk)
    except Engagement.DoesNotExist:
        raise Http404("No such hire request.") from None
