"""Mail after commit, and without_mail() for data a command loads."""

import pytest
from django.core import mail

from common.mail import send_after_commit, without_mail
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db

MESSAGE = {"to": "fran@example.com", "template": "services/email/service_decision"}


@pytest.fixture
def service():
    return ServiceFactory()


def _context(service):
    return {"service": service, "decision": "Approved", "reason": ""}


def test_mail_is_sent_once_the_transaction_commits(service, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_after_commit(**MESSAGE, context=_context(service))

    assert [message.to for message in mail.outbox] == [["fran@example.com"]]


def test_no_mail_is_sent_inside_without_mail(service, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, without_mail():
        send_after_commit(**MESSAGE, context=_context(service))

    assert callbacks == []
    assert mail.outbox == []


def test_mail_is_sent_again_after_without_mail(service, django_capture_on_commit_callbacks):
    with without_mail():
        pass

    with django_capture_on_commit_callbacks(execute=True):
        send_after_commit(**MESSAGE, context=_context(service))

    assert len(mail.outbox) == 1
