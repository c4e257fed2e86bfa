"""Reads of "Download your data": the page's recent exports and the archive behind a link."""

from django.core import signing
from django.utils import timezone

from marketplace.exports.actions import SIGNING_SALT, download_token, link_lifetime
from marketplace.models import DataExport

RECENT_SHOWN = 5


class ExportGone(Exception):
    """The owner's link is valid in form but its archive has expired or been deleted."""


def data_exports_recent(*, user) -> list[tuple[DataExport, str | None]]:
    """The user's latest exports still within their lifetime, newest first, each with its
    download token when ready (None otherwise)."""
    since = timezone.now() - link_lifetime()
    exports = DataExport.objects.filter(user=user, created_at__gt=since)[:RECENT_SHOWN]
    return [
        (export, download_token(export) if export.status == DataExport.Status.READY else None)
        for export in exports
    ]


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
