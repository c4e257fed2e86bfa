"""The unsubscribe headers survive the task queue: queued with the mail on the database
backend, sent with it, and kept for a retry."""

import smtplib

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from common import mail as common_mail
from common.mail import mail_send, send_after_commit
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
URL = "https://marketplace.example/mail/unsubscribe/token/"


def test_queued_mail_keeps_its_unsubscribe_headers_through_a_retry(
    settings, mailoutbox, monkeypatch
):
    settings.TASKS = DATABASE_TASKS
    settings.SITE_URL = "https://marketplace.example"
    with transaction.atomic():
        send_after_commit(
            to="fran@example.com",
            template="services/email/service_decision",
            context={"service": ServiceFactory(), "decision": "Approved", "reason": ""},
            unsubscribe_path="/mail/unsubscribe/token/",
            unsubscribe_label="hire requests",
        )
    [queued] = DBTaskResult.objects.all()
    kwargs = queued.args_kwargs["kwargs"]
    assert kwargs["headers"] == {
        "List-Unsubscribe": f"<{URL}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    assert f"Stop mail about hire requests: {URL}" in kwargs["body"]

    def refuse(*args, **kw):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    with monkeypatch.context() as patched:
        patched.setattr(common_mail, "send_mail", refuse)
        with pytest.raises(smtplib.SMTPServerDisconnected):
            mail_send.call(**kwargs)
    retry = DBTaskResult.objects.exclude(pk=queued.pk).get()
    assert retry.args_kwargs["kwargs"]["headers"] == kwargs["headers"]

    assert mail_send.call(**retry.args_kwargs["kwargs"]) == "sent"
    [sent] = mailoutbox
    assert sent.message()["List-Unsubscribe"] == f"<{URL}>"
    assert sent.message()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
