"""Mail sent by actions: rendered from templates, sent only once the transaction commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string


def send_after_commit(*, to: str, template: str, context: dict) -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt` now; send to `to` once
    the surrounding transaction commits, and never if it rolls back. A failure to send is
    logged and stops no other after-commit work."""
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_body.txt", context)
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to]), robust=True
    )
