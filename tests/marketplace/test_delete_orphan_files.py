"""delete_orphan_files: files no row points to, older than the age floor, go; nothing else."""

import os
import threading
import time
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from marketplace.management.commands.delete_orphan_files import file_fields, upload_folder
from profiles.models import Profile
from tests.profiles.storages import ReadOnlyStorage, use_storage
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db

TWO_DAYS = 2 * 24 * 3600


def _store(storage, name, *, age_seconds=0):
    """A file stored through the storage, last modified `age_seconds` ago."""
    name = storage.save(name, ContentFile(b"stored bytes"))
    if age_seconds:
        then = time.time() - age_seconds
        os.utime(storage.path(name), (then, then))  # the test's local disk only
    return name


def _run(*args):
    out = StringIO()
    call_command("delete_orphan_files", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_every_file_field_of_every_model_is_found():
    found = {f"{f.model._meta.label}.{f.name}" for f in file_fields()}

    assert found == {
        "profiles.Profile.avatar",
        "profiles.Profile.banner",
        "profiles.Profile.resume",
        "profiles.Article.cover",
        "services.Service.banner",
        "services.MessageAttachment.file",
        "marketplace.DataExport.file",
    }


@pytest.mark.parametrize(
    ("upload_to", "folder"),
    [("profiles/avatars/", "profiles/avatars"), ("uploads/%Y/%m/", "uploads"), ("", "")],
)
def test_the_folder_swept_is_the_fixed_start_of_upload_to(upload_to, folder):
    assert upload_folder(SimpleNamespace(upload_to=upload_to)) == folder


def test_a_callable_upload_to_has_no_folder_to_sweep():
    assert upload_folder(SimpleNamespace(upload_to=lambda instance, name: name)) is None


def test_an_old_file_a_row_points_to_is_kept(freelancer):
    profile = freelancer.profile
    profile.avatar = _store(default_storage, "profiles/avatars/mine.webp", age_seconds=TWO_DAYS)
    profile.resume = _store(storages["private"], "resumes/mine.pdf", age_seconds=TWO_DAYS)
    profile.save()
    service = ServiceFactory(freelancer=profile)
    service.banner = _store(default_storage, "services/banners/mine.webp", age_seconds=TWO_DAYS)
    service.save()

    output = _run()

    assert default_storage.exists(profile.avatar.name)
    assert storages["private"].exists(profile.resume.name)
    assert default_storage.exists(service.banner.name)
    assert "0 orphaned file(s)" in output


def test_a_fresh_orphan_is_kept():
    name = _store(default_storage, "profiles/avatars/just-now.webp", age_seconds=3600)

    output = _run()

    assert default_storage.exists(name)
    assert "0 orphaned file(s)" in output


def test_old_orphans_in_every_storage_are_deleted():
    avatar = _store(default_storage, "profiles/avatars/gone.webp", age_seconds=TWO_DAYS)
    banner = _store(default_storage, "services/banners/2020/gone.webp", age_seconds=TWO_DAYS)
    resume = _store(storages["private"], "resumes/gone.pdf", age_seconds=TWO_DAYS)

    output = _run()

    assert not default_storage.exists(avatar)
    assert not default_storage.exists(banner)
    assert not storages["private"].exists(resume)
    assert f"Deleted default:{avatar}" in output
    assert f"Deleted private:{resume}" in output
    assert "3 orphaned file(s) older than 24 hours: 3 deleted." in output


def test_files_outside_the_upload_folders_are_never_touched():
    name = _store(default_storage, "robots-backup.txt", age_seconds=TWO_DAYS)

    _run()

    assert default_storage.exists(name)


def test_the_age_floor_can_be_lowered():
    name = _store(default_storage, "profiles/avatars/two-hours.webp", age_seconds=2 * 3600)

    _run()
    assert default_storage.exists(name)
    _run("--min-age-hours", "1")
    assert not default_storage.exists(name)


def test_a_dry_run_lists_the_orphans_and_deletes_nothing():
    name = _store(default_storage, "profiles/covers/gone.webp", age_seconds=TWO_DAYS)

    output = _run("--dry-run")

    assert default_storage.exists(name)
    assert f"Would delete default:{name}" in output
    assert "Dry run: 1 orphaned file(s) older than 24 hours would be deleted." in output


def test_an_orphan_that_cannot_be_deleted_is_reported_and_logged(settings, monkeypatch, caplog):
    kept = _store(default_storage, "profiles/avatars/stuck.webp", age_seconds=TWO_DAYS)
    use_storage(settings, monkeypatch, ReadOnlyStorage)

    with pytest.raises(CommandError, match="0 deleted, 1 could not be deleted"):
        _run()

    assert default_storage.exists(kept)
    [failure] = [record for record in caplog.records if record.exc_info]
    assert kept in failure.getMessage()


def test_a_negative_age_is_refused():
    with pytest.raises(CommandError, match="cannot be negative"):
        _run("--min-age-hours", "-1")


@pytest.mark.django_db(transaction=True)
def test_an_upload_being_saved_while_the_command_runs_is_kept(freelancer):
    """The command runs on its own connection while a request's transaction has stored
    the new avatar but not committed its row: only the age floor protects the file."""
    profile = Profile.objects.get(user=freelancer)
    outputs = {}

    def scheduled_run():
        try:
            outputs["dry"] = _run("--dry-run", "--min-age-hours", "0")
            outputs["real"] = _run()
        finally:
            connection.close()

    with transaction.atomic():
        profile.avatar.save("in-flight.webp", ContentFile(b"new avatar"))
        thread = threading.Thread(target=scheduled_run)
        thread.start()
        thread.join()
        assert default_storage.exists(profile.avatar.name)

    # Without the floor it would have gone: the other connection could not see the row.
    assert f"Would delete default:{profile.avatar.name}" in outputs["dry"]
    assert "0 orphaned file(s)" in outputs["real"]
    assert default_storage.exists(profile.avatar.name)
    assert Profile.objects.get(pk=profile.pk).avatar.name == profile.avatar.name
