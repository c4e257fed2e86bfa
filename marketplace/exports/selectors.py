"""Reads of "Download your data": the page's recent exports and the archive behind a link."""

from dataclasses import dataclass

from django.core import signing
from django.utils import timezone

from marketplace.exports.actions import (
    BUILD_PATIENCE,
    SIGNING_SALT,
    download_token,
    link_lifetime,
)
from marketplace.models import DataExport

RECENT_SHOWN = 5


class ExportGone(Exception):
    """The owner's link is valid in form but its archive has expired or been deleted."""


@dataclass(frozen=True)
class ExportRow:
    """One of the user's recent exports as the page lists it."""

    export: DataExport
    token: str | None  # the download link's, when ready
    failure: str  # why it failed, in words for its owner; "" unless it failed

    @property
    def failed(self) -> bool:
        return bool(self.failure)


def data_exports_recent(*, user) -> list[ExportRow]:
    """The user's latest exports still within their lifetime, newest first: a ready one
    with its download token, a failed one (or one lost while being built) with its reason."""
    now = timezone.now()
    exports = DataExport.objects.filter(user=user, created_at__gt=now - link_lifetime())
    rows = []
    for export in exports[:RECENT_SHOWN]:
        failure = export.get_failure_display() if export.failure else ""
        lost = export.created_at <= now - BUILD_PATIENCE
        if export.status == DataExport.Status.BUILDING and lost:
            failure = DataExport.Failure.LOST.label
        ready = export.status == DataExport.Status.READY
        rows.append(ExportRow(export, download_token(export) if ready else None, failure))
    return rows


def data_export_get_for_download(*, token: str, user) -> DataExport | None:
    """The ready export a signed link names, for its owner only: None for a forged link or
    anyone else's (the view answers 404); ExportGone when the link or archive expired."""
    try:
        payload = signing.loads(token, salt=SIGNING_SALT, max_age=link_lifetime().total_seconds())
    except signing.SignatureExpired:
        raise ExportGone from None
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("user") != user.pk:
        return None
    export = DataExport.objects.filter(pk=payload.get("export"), user=user).first()
    if export is None or export.status != DataExport.Status.READY or not export.file:
        raise ExportGone
    return export
