"""Mail sent by actions: rendered from templates, sent only once the transaction commits."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

# Set by without_mail() for the code it wraps only (a context variable: per thread and task).
_held_back: ContextVar[bool] = ContextVar("mail_held_back", default=False)


@contextmanager
def without_mail() -> Iterator[None]:
    """Actions called inside send no mail: for data loaded by a command (the demo), whose
    notifications nobody should receive."""
    token = _held_back.set(True)
    try:
        yield
    finally:
        _held_back.reset(token)


def send_after_commit(*, to: str, template: str, context: dict) -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt` now; send to `to` once
    the surrounding transaction commits, and never if it rolls back or inside without_mail().
    A failure to send is logged and stops no other after-commit work."""
    if _held_back.get():
        return
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_body.txt", context)
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to]), robust=True
    )
