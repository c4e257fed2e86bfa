"""Writes for services: one function per user intent, each in a transaction.

Service listings live in listings.py, hire requests in engagements.py, their message
threads in messages.py; callers import
them from here (`from services import actions; actions.service_create(...)`).
"""

from services.actions.engagements import (
    TooManyRequests,
    engagement_accept,
    engagement_cancel,
    engagement_complete,
    engagement_decline,
    engagement_deliver,
    engagement_request,
)
from services.actions.listings import (
    service_approve,
    service_create,
    service_delete,
    service_reindex,
    service_reject,
    service_restore,
    service_submit,
    service_suspend,
    service_update,
    service_withdraw,
)
from services.actions.messages import (
    MessageReportOutcome,
    TooManyMessages,
    message_hide,
    message_report,
    message_report_resolve,
    message_send,
    message_unhide,
    thread_mark_read,
    thread_mark_unread,
    user_message_mail_update,
)

__all__ = [
    "MessageReportOutcome",
    "TooManyMessages",
    "TooManyRequests",
    "engagement_accept",
    "engagement_cancel",
    "engagement_complete",
    "engagement_decline",
    "engagement_deliver",
    "engagement_request",
    "message_hide",
    "message_report",
    "message_report_resolve",
    "message_send",
    "message_unhide",
    "service_approve",
    "service_create",
    "service_delete",
    "service_reindex",
    "service_reject",
    "service_restore",
    "service_submit",
    "service_suspend",
    "service_update",
    "service_withdraw",
    "thread_mark_read",
    "thread_mark_unread",
    "user_message_mail_update",
]
