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
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from common.locks import NO_KEY_UPDATE, lock_rows, retry_on_conflict
from common.mail import send_after_commit
from marketplace.exports.archive import archive_store
from marketplace.exports.content import export_content
from marketplace.models import DataExport
from profiles.models import User
from profiles.uploads import delete_file_after_commit

logger = logging.getLogger(__name__)

SIGNING_SALT = "marketplace.data-export"
# An export still being built this long after it was asked for is presumed lost (a worker
# killed mid-build): it no longer stands in for a new request.
BUILD_PATIENCE = timedelta(hours=1)


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
    return f"{settings.SITE_URL}{path}"


@retry_on_conflict
@transaction.atomic
def data_export_request(*, user) -> DataExport:
    """Ask for an archive of `user`'s data: at most DATA_EXPORTS_PER_DAY a day (counted under
    the user's row lock, so concurrent requests count each other; TooManyExports beyond).
    One still being built is returned instead of starting another. The build task is
    enqueued once this commits."""
    lock_rows((User, user.pk, NO_KEY_UPDATE))
    now = timezone.now()
    building = DataExport.objects.filter(
        user=user, status=DataExport.Status.BUILDING, created_at__gt=now - BUILD_PATIENCE
    ).first()
    if building:
        return building
    recent = DataExport.objects.filter(user=user, created_at__gt=now - timedelta(days=1))
    if recent.count() >= settings.DATA_EXPORTS_PER_DAY:
        raise TooManyExports
    export = DataExport.objects.create(user=user)
    transaction.on_commit(partial(data_export_build.enqueue, export_id=export.pk), robust=True)
    return export


@task
def data_export_build(*, export_id: int) -> str:
    """Build the archive of one requested export into the private storage, mark it ready
    and mail its owner the signed link; a second run of the same export does nothing. Also
    deletes every expired archive, so the folder never holds one past its link."""
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
    except Exception:
        logger.exception("Data export %s could not be built", export_id)
        DataExport.objects.filter(pk=export_id, status=DataExport.Status.BUILDING).update(
            status=DataExport.Status.FAILED, updated_at=timezone.now()
        )
        raise
    return _data_export_ready(export_id=export_id, name=stored.name, size=stored.size)


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
