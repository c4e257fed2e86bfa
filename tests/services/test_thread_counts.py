"""Each request's message count, kept on its engagement row for the labels of reviews:
counted by every send, and counted once for the threads already there by the migration
that added it. (Exact under concurrency: tests/services/test_thread_limits.py.)"""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from services import actions
from services.models import Engagement
from tests.services.factories import engagement_in
from tests.services.threads import MessageFactory

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("services.migrations.0013_engagement_message_count")


def test_each_send_counts_one_message(thread, client_user):
    actions.message_send(engagement=thread, author=client_user, text="Hello.")
    actions.message_send(engagement=thread, author=thread.freelancer.user, text="Hi!")

    thread.refresh_from_db()
    assert thread.message_count == 2


def test_a_refused_send_counts_nothing(thread, client_user):
    with pytest.raises(ValidationError):
        actions.message_send(engagement=thread, author=client_user, text="   ")

    thread.refresh_from_db()
    assert thread.message_count == 0


def test_the_migration_counts_the_messages_already_there(thread, client_user, fran_service):
    MessageFactory.create_batch(3, engagement=thread, author=client_user)
    quiet = engagement_in("accepted", service=fran_service, client=client_user)
    Engagement.objects.update(message_count=0)  # as the new column starts
    backfill = next(op for op in MIGRATION.Migration.operations if hasattr(op, "sql"))

    with connection.cursor() as cursor:
        cursor.execute(backfill.sql)

    assert Engagement.objects.get(pk=thread.pk).message_count == 3
    assert Engagement.objects.get(pk=quiet.pk).message_count == 0
