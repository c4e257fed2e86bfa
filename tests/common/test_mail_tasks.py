"""Mail goes out through a task: enqueued after commit (never on rollback), sent once per
key, retried later where the backend can defer, and run by `db_worker` on the database
backend."""

import logging
import signal
import smtplib
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from common import mail as common_mail
from common.mail import MAX_ATTEMPTS, mail_send, send_after_commit
from common.models import SentMail
from tests.services.factories import ServiceFactory

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TEMPLATE = "services/email/service_decision"


def _send(service):
    send_after_commit(
        to="fran@example.com",
        template=TEMPLATE,
        context={"service": service, "decision": "Approved", "reason": ""},
    )


def _message(**overrides):
    message = {
        "key": str(uuid.uuid4()),
        "subject": "Your service",
        "body": "Approved.",
        "to": ["fran@example.com"],
    }
    return message | overrides


@pytest.fixture
def refusing_smtp(monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(common_mail, "send_mail", refuse)


@pytest.fixture
def worker_leaves_no_trace():
    """db_worker installs its own SIGINT/SIGTERM handlers and sets its loggers' levels
    (verbosity 0: CRITICAL, which would hide later tests' task failures); all are put back."""
    signals = {
        sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    }
    loggers = [logging.getLogger(name) for name in ("django.tasks", "django_tasks_db")]
    saved = [(logger, logger.level, list(logger.handlers)) for logger in loggers]
    yield
    for sig, handler in signals.items():
        signal.signal(sig, handler)
    for logger, level, handlers in saved:
        logger.setLevel(level)
        logger.handlers[:] = handlers


@pytest.mark.django_db
def test_no_mail_is_enqueued_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    service = ServiceFactory()

    def failing_action():
        with transaction.atomic():
            _send(service)
            raise RuntimeError("the action failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        failing_action()

    assert callbacks == []
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_immediate_backend_sends_right_after_the_commit(django_capture_on_commit_callbacks):
    service = ServiceFactory()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _send(service)
    assert mail.outbox == []  # not before the commit
    for callback in callbacks:
        callback()

    [message] = mail.outbox
    assert message.to == ["fran@example.com"]
    assert SentMail.objects.count() == 1


@pytest.mark.django_db
def test_a_mail_task_run_twice_with_one_key_sends_once():
    message = _message()

    results = [mail_send.call(**message), mail_send.call(**message)]

    assert results == ["sent", "already sent"]
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_failed_send_is_retried_later_with_the_same_key(settings, refusing_smtp):
    settings.TASKS = DATABASE_TASKS
    message = _message()

    with pytest.raises(smtplib.SMTPServerDisconnected):
        mail_send.call(**message)

    [retry] = DBTaskResult.objects.all()
    assert retry.args_kwargs["kwargs"] == message | {"attempt": 2}
    assert retry.run_after > timezone.now() + timedelta(seconds=50)
    assert not SentMail.objects.exists()  # the claim rolled back with the failure


@pytest.mark.django_db
def test_a_mail_is_not_retried_after_the_last_attempt(settings, refusing_smtp):
    settings.TASKS = DATABASE_TASKS

    with pytest.raises(smtplib.SMTPServerDisconnected):
        mail_send.call(**_message(), attempt=MAX_ATTEMPTS)

    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_the_immediate_backend_does_not_retry(refusing_smtp):
    with pytest.raises(smtplib.SMTPServerDisconnected):
        mail_send.call(**_message())

    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_database_backend_queues_the_mail_and_db_worker_sends_it(
    settings, worker_leaves_no_trace
):
    settings.TASKS = DATABASE_TASKS
    service = ServiceFactory()

    with transaction.atomic():
        _send(service)
        assert not DBTaskResult.objects.exists()  # not before the commit
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "common.mail.mail_send"
    assert mail.outbox == []

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    [message] = mail.outbox
    assert message.to == ["fran@example.com"]
    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL
