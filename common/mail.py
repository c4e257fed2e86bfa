"""Mail sent by actions: rendered from templates now, sent by a task once the transaction
commits (never if it rolls back).

The task (`mail_send`) receives only text: subject, body and recipients, so a worker on
another machine needs nothing but the arguments. Which backend runs it is TASKS_BACKEND:
"immediate" sends in the same process right after the commit (development, tests, one
machine); "database" queues a row that `manage.py db_worker` picks up.
"""

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from common.models import SentMail

logger = logging.getLogger(__name__)

# Set by without_mail() for the code it wraps only (a context variable: per thread and task).
_held_back: ContextVar[bool] = ContextVar("mail_held_back", default=False)

# A failed send is tried again this many times in all, after 1, 2, 4, 8... minutes; only on
# a backend that can run a task later (the database one). Immediate: logged, not retried.
MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(minutes=1)


def absolute_url(path: str) -> str:
    """`path` as an address on this site (SITE_URL), for what has no request to build it
    from: mail, and the data export's documents."""
    return f"{settings.SITE_URL}{path}"


@contextmanager
def without_mail() -> Iterator[None]:
    """Actions called inside send no mail: for data loaded by a command (the demo), whose
    notifications nobody should receive."""
    token = _held_back.set(True)
    try:
        yield
    finally:
        _held_back.reset(token)


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe: a mail client POSTs `List-Unsubscribe=One-Click` to
    the https URL, without cookies; the URL's signed token says who and what."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def send_after_commit(
    *,
    to: str,
    template: str,
    context: dict,
    unsubscribe_path: str = "",
    unsubscribe_label: str = "",
) -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt` now; enqueue the task that
    sends them to `to` once the surrounding transaction commits, and never if it rolls back
    or inside without_mail(). A failure to enqueue or send is logged and stops no other
    after-commit work.

    With `unsubscribe_path` (a mail the recipient may turn off: profiles.mail.mail_user),
    the body ends with that link and the mail carries the List-Unsubscribe headers."""
    if _held_back.get():
        return
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_body.txt", context)
    headers = {}
    if unsubscribe_path:
        url = absolute_url(unsubscribe_path)
        body = render_to_string(
            "includes/_unsubscribe.txt",
            {**context, "body": body, "url": url, "kind": unsubscribe_label},
        )
        headers = unsubscribe_headers(url)
    enqueue = partial(
        mail_send.enqueue,
        key=str(uuid.uuid4()),
        subject=subject,
        body=body,
        to=[to],
        **({"headers": headers} if headers else {}),
    )
    transaction.on_commit(enqueue, robust=True)


def send_mail(subject: str, body: str, from_email: str, to: list[str], *, headers: dict) -> None:
    """Django's send_mail, with headers (List-Unsubscribe)."""
    EmailMessage(subject, body, from_email, to, headers=headers).send()


@task
def mail_send(
    *,
    key: str,
    subject: str,
    body: str,
    to: list[str],
    attempt: int = 1,
    headers: dict[str, str] | None = None,
) -> str:
    """Send one mail once: the key is claimed in the transaction that sends, so a second run
    with the same key sends nothing; a failed send rolls the claim back, is retried later
    (up to MAX_ATTEMPTS, where the backend can defer) and raises, so the task shows failed."""
    try:
        with transaction.atomic():
            # Waits for a concurrent run of the same key, then finds its row.
            _, claimed = SentMail.objects.get_or_create(key=key)
            if not claimed:
                return "already sent"
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, headers=headers or {})
    except Exception:
        extra = {"headers": headers} if headers else {}
        _retry_later(key=key, subject=subject, body=body, to=to, attempt=attempt, **extra)
        raise
    return "sent"


def _retry_later(*, attempt: int, **message) -> None:
    if not mail_send.get_backend().supports_defer:
        logger.error("Mail %s not sent; this tasks backend cannot retry later", message["key"])
        return
    if attempt >= MAX_ATTEMPTS:
        logger.error("Mail %s not sent after %d attempts; giving up", message["key"], attempt)
        return
    delay = FIRST_RETRY * 2 ** (attempt - 1)
    mail_send.using(run_after=timezone.now() + delay).enqueue(**message, attempt=attempt + 1)
    logger.warning("Mail %s not sent (attempt %d); retrying in %s", message["key"], attempt, delay)
