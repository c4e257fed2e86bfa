"""The demo data: loaded through the actions, without mail, with its moderation queue."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import Count

from services.models import (
    Engagement,
    Message,
    MessageAttachment,
    MessageReport,
    Service,
    ThreadRead,
)
from services.thread_models import thread_is_read_only

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings, django_capture_on_commit_callbacks):
    # Pre-moderation off for the site: the demo's queue is built by argument, not setting.
    # scale=0: the hand-written core only; test_demo_shape covers the generated crowd.
    settings.SERVICES_PREMODERATION = False
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("seed_demo", scale=0, stdout=io.StringIO())
    return callbacks


def test_the_demo_sends_no_mail(seeded):
    assert mail.outbox == []


def test_the_demo_leaves_services_waiting_for_review_whatever_the_setting(seeded):
    pending = Service.objects.filter(status=Service.Status.PENDING)

    assert sorted(pending.values_list("title", flat=True)) == [
        "Copy editing for newsletters",
        "Fact-checking for long reads",
    ]
    assert Service.objects.filter(status=Service.Status.PUBLISHED).count() == 6


def test_the_demo_has_threads_in_every_state_with_replies_and_an_attachment(seeded):
    threads = Engagement.objects.annotate(messages=Count("thread_messages"))

    assert {e.status for e in threads if e.messages} == set(Engagement.Status.values) - {
        "delivered"
    }
    assert MessageAttachment.objects.count() == 1
    assert Message.objects.filter(has_contact_details=True).exists()
    assert ThreadRead.objects.filter(unread_since__isnull=False).exists()
    assert MessageReport.objects.filter(status=MessageReport.Status.OPEN).count() == 1
    read_only = [e for e in threads if thread_is_read_only(e)]
    assert len(read_only) == 1
    # Each thread's messages come after its request, in order.
    for engagement in threads:
        times = list(engagement.thread_messages.values_list("created_at", flat=True))
        assert times == sorted(times)
        assert all(when > engagement.created_at for when in times)
