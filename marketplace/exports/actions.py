"""Writes of "Download your data": asking for an archive, building it in a task, mailing
the link, and deleting archives once their link has expired.

Always built by a task (Django Tasks; `TASKS_BACKEND=database` queues it for the worker,
`immediate` builds it right after the request's commit), whatever its size: one path to
test, and a request never waits on a large archive when the database backend is in use.
"""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core import signing
from django.core.files.storage import storages
from django.db import DatabaseError, transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from common.edits import model_update
from common.locks import NO_KEY_UPDATE, lock_rows, retry_on_conflict
from common.mail import absolute_url, send_after_commit
from marketplace.exports.archive import archive_store
from marketplace.exports.content import export_content
from marketplace.models import DataExport
from profiles.models import User
from profiles.uploads import STORAGE_ERRORS, delete_file_after_commit

logger = logging.getLogger(__name__)

SIGNING_SALT = "marketplace.data-export"
# An export still being built this long after it was asked for is presumed lost (a worker
# killed mid-build): it no longer stands in for a new request.
BUILD_PATIENCE = timedelta(hours=1)
# A build that meets a transient fault is tried once more, this long after.
BUILD_ATTEMPTS = 2
RETRY_AFTER = timedelta(minutes=1)


class TooManyExports(Exception):
    """The user asked for more archives in the last day than DATA_EXPORTS_PER_DAY."""


def link_lifetime() -> timedelta:
    return timedelta(days=settings.DATA_EXPORT_DAYS)


def download_token(export: DataExport) -> str:
    """The signed part of the mailed link: names the export and its owner; it expires with
    the archive (the signature's age is checked on download)."""
    return signing.dumps({"export": export.pk, "user": export.user_id}, salt=SIGNING_SALT)


def download_url(export: DataExport) -> str:
    path = reverse("exports:download", kwargs={"token": download_token(export)})
    return absolute_url(path)


@retry_on_conflict
@transaction.atomic
def data_export_request(*, user) -> DataExport:
    """Ask for an archive of `user`'s data: at most DATA_EXPORTS_PER_DAY a day, failed and
    lost builds not counted (counted under the user's row lock, so concurrent requests
    count each other; TooManyExports beyond). One still being built is returned instead of
    starting another. The build task is enqueued once this commits."""
    lock_rows((User, user.pk, NO_KEY_UPDATE))
    now = timezone.now()
    building = DataExport.objects.filter(
        user=user, status=DataExport.Status.BUILDING, created_at__gt=now - BUILD_PATIENCE
    ).first()
    if building:
        return building
    # A build that failed, or was lost, is no request served: it does not count.
    recent = DataExport.objects.filter(
        user=user, created_at__gt=now - timedelta(days=1), status__in=DataExport.COUNTED
    ).exclude(status=DataExport.Status.BUILDING, created_at__lte=now - BUILD_PATIENCE)
    if recent.count() >= settings.DATA_EXPORTS_PER_DAY:
        raise TooManyExports
    export = DataExport.objects.create(user=user)
    transaction.on_commit(partial(data_export_build.enqueue, export_id=export.pk), robust=True)
    return export


@task
def data_export_build(*, export_id: int, attempt: int = 1) -> str:
    """Build the archive of one requested export into the private storage, mark it ready
    and mail its owner the signed link; a second run of the same export does nothing. A
    transient fault (storage or database) is tried once more a minute later where the
    tasks backend can defer; otherwise the export is marked failed, its owner is mailed
    why, and the task raises. Also deletes every expired archive, so the folder never
    holds one past its link."""
    data_exports_prune()
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status != DataExport.Status.BUILDING:
        return "nothing to build"
    now = timezone.now()
    try:
        stored = archive_store(
            content=export_content(user=export.user),
            storage=storages["private"],
            folder=f"exports/{export.user_id}",
            site=settings.SITE_NAME,
            when=now.strftime("%d %B %Y %H:%M UTC"),
        )
    except Exception as error:
        failure = _failure(error)
        if failure != DataExport.Failure.OTHER and _retry_later(export_id, attempt):
            logger.warning("Data export %s not built (%s); retrying", export_id, failure)
            return "retrying"
        logger.exception("Data export %s could not be built", export_id)
        data_export_fail(export_id=export_id, failure=failure)
        raise
    return _data_export_ready(export_id=export_id, name=stored.name, size=stored.size)


def _failure(error: Exception) -> str:
    """The reason its owner is given for a build that raised `error`."""
    if isinstance(error, DatabaseError):
        return DataExport.Failure.DATABASE
    if isinstance(error, STORAGE_ERRORS):  # a full disk, an S3 store out of reach
        return DataExport.Failure.STORAGE
    return DataExport.Failure.OTHER


def _retry_later(export_id: int, attempt: int) -> bool:
    """Enqueue the second and last attempt a minute from now, if the backend can defer."""
    if attempt >= BUILD_ATTEMPTS or not data_export_build.get_backend().supports_defer:
        return False
    data_export_build.using(run_after=timezone.now() + RETRY_AFTER).enqueue(
        export_id=export_id, attempt=attempt + 1
    )
    return True


@transaction.atomic
def data_export_fail(*, export_id: int, failure: str) -> bool:
    """Mark an export still being built as failed for `failure` and mail its owner (always
    sent: it answers their own request) that they may ask again; False if it was no
    longer being built (deleted, or built by another run)."""
    building = (
        DataExport.objects.select_for_update(no_key=True)
        .filter(pk=export_id, status=DataExport.Status.BUILDING)
        .first()
    )
    if building is None:
        return False
    export = model_update(
        instance=building,
        fields=["status", "failure"],
        data={"status": DataExport.Status.FAILED, "failure": failure},
    )
    send_after_commit(
        to=export.user.email,
        template="marketplace/email/data_export_failed",
        context={
            "user": export.user,
            "reason": export.get_failure_display(),
            "page": absolute_url(reverse("exports:page")),
        },
    )
    return True


@transaction.atomic
def _data_export_ready(*, export_id: int, name: str, size: int) -> str:
    export = (
        DataExport.objects.select_for_update(no_key=True)
        .select_related("user")
        .filter(pk=export_id)
        .first()
    )
    if export is None or export.status != DataExport.Status.BUILDING:
        # Deleted or built by another run meanwhile: this copy is not needed.
        transaction.on_commit(partial(storages["private"].delete, name), robust=True)
        return "built twice; copy deleted"
    export.status = DataExport.Status.READY
    export.file.name = name
    export.size = size
    export.ready_at = timezone.now()
    export.save(update_fields=["status", "file", "size", "ready_at", "updated_at"])
    send_after_commit(
        to=export.user.email,
        template="marketplace/email/data_export_ready",
        context={
            "user": export.user,
            "link": download_url(export),
            "expires_at": export.created_at + link_lifetime(),
            "size_mb": max(1, round(size / 1024 / 1024)),
        },
    )
    return "ready"


@transaction.atomic
def data_exports_prune(*, now=None) -> int:
    """Delete the exports whose link has expired, and their archives once that commits
    (a file that cannot be deleted is logged and left for delete_orphan_files)."""
    cutoff = (now or timezone.now()) - link_lifetime()
    expired = list(
        DataExport.objects.select_for_update(skip_locked=True).filter(created_at__lt=cutoff)
    )
    for export in expired:
        delete_file_after_commit(export.file)
    DataExport.objects.filter(pk__in=[export.pk for export in expired]).delete()
    return len(expired)
