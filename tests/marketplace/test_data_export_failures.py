"""A build that fails: its owner is told by mail and on the page, in words they understand;
it does not count towards the daily limit; a transient fault is tried once more where the
tasks backend can defer."""

from datetime import timedelta

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError
from django.db import OperationalError
from django.tasks.backends.immediate import ImmediateBackend
from django.test import override_settings
from django.utils import timezone

from marketplace.exports import actions
from marketplace.models import DataExport
from tests.marketplace.exports import build
from tests.races import race

pytestmark = pytest.mark.django_db

PAGE = "/dashboard/account/data/"
STORAGE_SENTENCE = "Our file storage did not answer while we saved your file."


def _failing(monkeypatch, *errors: Exception) -> list[int]:
    """Make the next builds raise `errors` in turn (then build for real); the calls made."""
    real, calls, pending = actions.archive_store, [], list(errors)

    def archive_store(**kwargs):
        calls.append(1)
        if pending:
            raise pending.pop(0)
        return real(**kwargs)

    monkeypatch.setattr(actions, "archive_store", archive_store)
    return calls


@pytest.fixture
def can_defer(monkeypatch):
    """A tasks backend that can run a task later (the database one in production); the
    immediate one then runs the deferred task at once."""
    monkeypatch.setattr(ImmediateBackend, "supports_defer", True)


def test_a_failed_build_is_marked_failed_and_its_owner_is_mailed_why(
    freelancer, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    _failing(monkeypatch, OSError("No space left on device"))

    export = build(freelancer, django_capture_on_commit_callbacks)

    assert (export.status, export.failure) == ("failed", "storage")
    assert not export.file
    [mail] = mailoutbox
    assert mail.to == ["fran@example.com"]
    assert mail.subject == "We could not prepare your data from Freelance Marketplace"
    assert f"Why: {STORAGE_SENTENCE}" in mail.body
    assert "does not count towards the day's limit" in mail.body
    assert "http://127.0.0.1:8000/dashboard/account/data/" in mail.body
    assert "No space left" not in mail.body  # the fault itself is for the log only
    # It answers the user's own request: always sent, so no way to turn it off.
    assert "List-Unsubscribe" not in mail.extra_headers


def test_the_reason_a_user_is_given_follows_the_fault(
    freelancer, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    s3_refused = ClientError({"Error": {"Code": "503", "Message": "Slow Down"}}, "PutObject")
    _failing(
        monkeypatch,
        OperationalError("server closed the connection"),
        ValueError("bug"),
        s3_refused,
        EndpointConnectionError(endpoint_url="http://127.0.0.1:9"),
    )

    failures = [build(freelancer, django_capture_on_commit_callbacks).failure for _ in range(4)]

    assert failures == ["database", "other", "storage", "storage"]
    assert "Why: Our database was too busy to read your data." in mailoutbox[0].body
    assert "Why: Something went wrong on our side while we prepared it." in mailoutbox[1].body


def test_the_page_says_failed_try_again_with_the_reason(
    client, freelancer, monkeypatch, django_capture_on_commit_callbacks
):
    _failing(monkeypatch, OSError("disk full"))
    build(freelancer, django_capture_on_commit_callbacks)
    client.force_login(freelancer)

    html = " ".join(client.get(PAGE).content.decode().split())

    assert "<strong>Failed</strong> —" in html
    assert '<button type="submit" class="link-button">try again</button>' in html
    assert STORAGE_SENTENCE in html
    assert "disk full" not in html


def test_trying_again_from_the_page_builds_a_new_export(
    client, freelancer, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    _failing(monkeypatch, OSError("disk full"))
    failed = build(freelancer, django_capture_on_commit_callbacks)
    client.force_login(freelancer)

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(PAGE).status_code == 302

    again = DataExport.objects.exclude(pk=failed.pk).get()
    assert again.status == DataExport.Status.READY
    assert "ready" in mailoutbox[-1].subject


@override_settings(DATA_EXPORTS_PER_DAY=1)
def test_a_failed_build_does_not_count_towards_the_daily_limit(
    freelancer, monkeypatch, django_capture_on_commit_callbacks
):
    _failing(monkeypatch, OSError("disk full"))
    build(freelancer, django_capture_on_commit_callbacks)

    assert build(freelancer, django_capture_on_commit_callbacks).status == "ready"
    with pytest.raises(actions.TooManyExports):
        actions.data_export_request(user=freelancer)


@override_settings(DATA_EXPORTS_PER_DAY=1)
def test_a_build_lost_for_over_an_hour_shows_failed_and_does_not_count(client, freelancer):
    lost = DataExport.objects.create(user=freelancer)
    DataExport.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(hours=2))
    client.force_login(freelancer)

    assert "It took too long, so we stopped." in client.get(PAGE).content.decode()
    assert actions.data_export_request(user=freelancer).pk != lost.pk


def test_without_a_backend_that_can_defer_a_transient_fault_fails_at_once(
    freelancer, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    calls = _failing(monkeypatch, OSError("storage timeout"))

    assert build(freelancer, django_capture_on_commit_callbacks).status == "failed"
    assert len(calls) == 1


def test_a_transient_fault_is_tried_once_more_and_the_owner_gets_one_mail(
    freelancer, can_defer, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    calls = _failing(monkeypatch, OSError("storage timeout"))

    export = build(freelancer, django_capture_on_commit_callbacks)

    assert len(calls) == 2
    assert export.status == DataExport.Status.READY
    [mail] = mailoutbox
    assert "ready" in mail.subject


def test_a_fault_that_persists_fails_after_the_second_attempt(
    freelancer, can_defer, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    calls = _failing(monkeypatch, OSError("down"), OSError("still down"))

    export = build(freelancer, django_capture_on_commit_callbacks)

    assert len(calls) == 2
    assert (export.status, export.failure) == ("failed", "storage")
    [mail] = mailoutbox
    assert "could not be prepared" in mail.body


def test_a_fault_that_is_no_hiccup_is_not_tried_again(
    freelancer, can_defer, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    calls = _failing(monkeypatch, ValueError("a bug"))

    assert build(freelancer, django_capture_on_commit_callbacks).failure == "other"
    assert len(calls) == 1


def test_a_failure_after_another_run_built_it_changes_nothing(
    freelancer, mailoutbox, django_capture_on_commit_callbacks
):
    export = build(freelancer, django_capture_on_commit_callbacks)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert not actions.data_export_fail(export_id=export.pk, failure="storage")

    export.refresh_from_db()
    assert (export.status, export.failure) == ("ready", "")
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_a_failure_and_a_finished_build_at_once_leave_one_outcome_and_one_mail(
    freelancer, mailoutbox
):
    from django.core.files.storage import storages

    from tests.marketplace.exports import stored

    export = DataExport.objects.create(user=freelancer)
    name = stored(storages["private"], f"exports/{freelancer.pk}/built.zip", b"PK-ZIP")

    def finish(outcome):
        if outcome == "ready":
            return actions._data_export_ready(export_id=export.pk, name=name, size=6)
        return actions.data_export_fail(export_id=export.pk, failure="storage")

    outcome = race(finish, [{"outcome": "ready"}, {"outcome": "failed"}])

    assert not outcome.errors
    export.refresh_from_db()
    [mail] = mailoutbox
    if export.status == DataExport.Status.READY:
        assert "ready" in mail.subject
        assert storages["private"].exists(name)
    else:
        assert export.failure == "storage"
        assert "could not be prepared" in mail.body
        assert not storages["private"].exists(name)


def test_the_page_reads_its_exports_in_one_query_whatever_their_states(
    client, freelancer, django_assert_num_queries
):
    client.force_login(freelancer)
    client.get(PAGE)  # the session's first read
    for status, failure in [("ready", ""), ("failed", "storage"), ("building", "")]:
        DataExport.objects.create(user=freelancer, status=status, failure=failure)

    # The session, its user, the exports, the header's unread-messages count.
    with django_assert_num_queries(4):
        assert client.get(PAGE).status_code == 200


def test_a_file_an_s3_store_refuses_is_left_out_and_the_build_goes_on(
    freelancer, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage, storages

    from tests.marketplace.exports import archive_of, document_of, stored

    freelancer.profile.avatar = stored(default_storage, "profiles/avatars/f.webp", b"PHOTO")
    freelancer.profile.save()
    storage_class = type(storages["default"])
    real_open = storage_class.open

    def refusing_open(storage, name, mode="rb"):
        if name == freelancer.profile.avatar.name:
            raise ClientError({"Error": {"Code": "404", "Message": "Not Found"}}, "GetObject")
        return real_open(storage, name, mode)

    monkeypatch.setattr(storage_class, "open", refusing_open)

    export = build(freelancer, django_capture_on_commit_callbacks)

    assert export.status == DataExport.Status.READY
    document = document_of(archive_of(export))
    assert document["missing_files"] == [document["profile"]["photo"]]
