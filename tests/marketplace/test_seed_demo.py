"""The demo data: loaded through the actions, without mail, with its moderation queue."""

import io

import pytest
from django.core import mail
from django.core.management import call_command

from services.models import Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings, django_capture_on_commit_callbacks):
    # Pre-moderation off for the site: the demo's queue is built by argument, not setting.
    settings.SERVICES_PREMODERATION = False
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("seed_demo", stdout=io.StringIO())
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
