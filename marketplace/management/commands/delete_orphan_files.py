"""Delete uploaded files that no row points to: what a failed deletion after commit, a
transaction rolled back after its upload was stored, or a crash left behind.

Every FileField and ImageField of every installed model is found through the app
registry, so a model added later is covered without a change here. Only the folders the
fields upload to are walked, through the Storage API (listdir, get_modified_time, delete),
so the command works the same on a local disk and on a remote storage.
"""

import logging
import posixpath
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage, storages
from django.core.management.base import BaseCommand, CommandError
from django.db import models
from django.utils import timezone

from profiles.uploads import STORAGE_ERRORS, smaller_copies

logger = logging.getLogger(__name__)


@dataclass
class StoredFiles:
    """One storage: the file fields that keep their files in it, and where."""

    storage: object
    label: str
    fields: list[models.FileField] = field(default_factory=list)
    folders: set[str] = field(default_factory=set)


def file_fields() -> list[models.FileField]:
    """Every FileField (ImageField included) of every installed model."""
    return [
        model_field
        for model in apps.get_models()
        if not model._meta.proxy
        for model_field in model._meta.concrete_fields
        if isinstance(model_field, models.FileField)
    ]


def upload_folder(model_field: models.FileField) -> str | None:
    """The folder a field's files go in ("" for the storage's root), or None when a
    callable `upload_to` decides it per file."""
    if callable(model_field.upload_to):
        return None
    # "uploads/%Y/%m/" keeps its files under "uploads".
    return posixpath.dirname(str(model_field.upload_to).split("%", 1)[0])


def _label(storage) -> str:
    if storage is default_storage:
        return "default"
    for alias in settings.STORAGES:
        if storages[alias] is storage:
            return alias
    return type(storage).__name__


def stored_files() -> list[StoredFiles]:
    """The file fields grouped by the storage they use."""
    by_storage: dict[int, StoredFiles] = {}
    for model_field in file_fields():
        storage = model_field.storage
        group = by_storage.setdefault(id(storage), StoredFiles(storage, _label(storage)))
        group.fields.append(model_field)
        if (folder := upload_folder(model_field)) is not None:
            group.folders.add(folder)
    return list(by_storage.values())


def _outermost(folders: set[str]) -> list[str]:
    """The folders without those inside another one, so no file is seen twice."""
    return sorted(
        folder
        for folder in folders
        if not any(
            other != folder and (other == "" or folder.startswith(other + "/"))
            for other in folders
        )
    )


def _walk(storage, folder: str):
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return  # nothing was ever uploaded there
    for name in files:
        yield posixpath.join(folder, name)
    for name in dirs:
        yield from _walk(storage, posixpath.join(folder, name))


def _old_files(storage, folders: list[str], cutoff):
    """(name, age) of each file in the folders last modified before `cutoff`."""
    now = timezone.now()
    for folder in folders:
        for name in _walk(storage, folder):
            try:
                modified = storage.get_modified_time(name)
            except FileNotFoundError:
                continue  # deleted since the listing
            if modified < cutoff:
                yield name, now - modified


def _referenced(fields: list[models.FileField]) -> set[str]:
    """The stored names rows point to, and the smaller copies beside each image."""
    names = set()
    for model_field in fields:
        rows = model_field.model._base_manager.filter(**{f"{model_field.attname}__gt": ""})
        for name in rows.values_list(model_field.attname, flat=True).iterator(chunk_size=5000):
            names.add(name)
            names.update(smaller_copies(name))
    return names


class Command(BaseCommand):
    help = (
        "Delete uploaded files that no row points to and that are older than "
        "--min-age-hours (24 by default, so an upload being saved right now is never "
        "touched). --dry-run only lists them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--min-age-hours",
            type=int,
            default=24,
            help="Only files last modified at least this many hours ago (default 24).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List the orphaned files, delete nothing."
        )

    def handle(self, *args, min_age_hours, dry_run, **options):
        if min_age_hours < 0:
            raise CommandError("--min-age-hours cannot be negative.")
        cutoff = timezone.now() - timedelta(hours=min_age_hours)
        found = deleted = failed = 0
        for group in stored_files():
            for model_field in group.fields:
                if upload_folder(model_field) is None:
                    self.stderr.write(
                        f"Skipping {model_field}: its upload_to is a callable, so its folder "
                        "is unknown (its files still count as referenced)."
                    )
            # Listed before the rows are read: a row committed meanwhile still counts.
            candidates = list(_old_files(group.storage, _outermost(group.folders), cutoff))
            referenced = _referenced(group.fields)
            for name, age in candidates:
                if name in referenced:
                    continue
                found += 1
                where = f"{group.label}:{name} ({age // timedelta(hours=1)} hours old)"
                if dry_run:
                    self.stdout.write(f"Would delete {where}")
                    continue
                try:
                    group.storage.delete(name)
                except STORAGE_ERRORS as error:
                    failed += 1
                    logger.exception("Could not delete the orphaned file %s", where)
                    self.stderr.write(f"Could not delete {where}: {error}")
                else:
                    deleted += 1
                    self.stdout.write(f"Deleted {where}")
        self._summary(found, deleted, failed, min_age_hours, dry_run)

    def _summary(self, found, deleted, failed, min_age_hours, dry_run):
        what = f"{found} orphaned file(s) older than {min_age_hours} hours"
        if dry_run:
            self.stdout.write(f"Dry run: {what} would be deleted.")
        elif failed:
            raise CommandError(f"{what}: {deleted} deleted, {failed} could not be deleted.")
        else:
            self.stdout.write(self.style.SUCCESS(f"{what}: {deleted} deleted."))
