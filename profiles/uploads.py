"""Uploads checked by content: images re-encoded by Pillow, resumes parsed as PDFs.

Nothing here trusts the file name or the content type the browser sent. Images are decoded
within size, pixel and memory limits and re-encoded as metadata-free WebP (profiles.images);
a resume must be a plain PDF with at least one page (profiles.pdfs). Both come back under a
random name. Every form that takes a file, the admin's included, uses these fields.
"""

import logging
from collections.abc import Iterable
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile, ImageFieldFile

from common.files import MAX_UPLOAD_BYTES, smaller_rendition_name
from profiles.images import AVATAR, BANNER, COVER, IMAGE_CONTENT_TYPES, Rendition, process_image
from profiles.pdfs import check_pdf

__all__ = [
    "AVATAR",
    "BANNER",
    "COVER",
    "MAX_UPLOAD_BYTES",
    "ImageUploadField",
    "PdfUploadField",
    "Rendition",
    "check_pdf",
    "process_image",
]


class _CheckedFileField(forms.FileField):
    """A FileField that hands each newly uploaded file to a content check."""

    accept = ""
    # Read by the admin (common.admin), which refuses any file field without it.
    checks_content = True

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = self.accept
        return attrs

    def clean(self, data, initial=None):
        cleaned = super().clean(data, initial)
        # None, False ("clear") and the initial file pass through untouched.
        if isinstance(cleaned, UploadedFile) and cleaned is not initial:
            return self.check(cleaned)
        return cleaned

    def check(self, upload):
        raise NotImplementedError


class ImageUploadField(_CheckedFileField):
    """An image upload whose cleaned value is the processed WebP for its rendition."""

    widget = forms.ClearableFileInput
    accept = IMAGE_CONTENT_TYPES

    def __init__(self, *, rendition, **kwargs):
        self.rendition = rendition
        kwargs.setdefault("help_text", "JPEG, PNG or WebP, at most 5 MB.")
        super().__init__(**kwargs)

    def check(self, upload):
        return process_image(upload, self.rendition)


class PdfUploadField(_CheckedFileField):
    """A resume upload whose cleaned value is the checked PDF under a random name."""

    widget = forms.ClearableFileInput
    accept = "application/pdf"

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "PDF, at most 5 MB.")
        super().__init__(**kwargs)

    def check(self, upload):
        return check_pdf(upload)


# --- Storage lifecycle ---------------------------------------------------------------

# Every width a smaller copy of an uploaded image may have.
SMALLER_WIDTHS = sorted({width for r in (AVATAR, BANNER, COVER) for width in r.smaller})


# What a storage raises when it cannot take or give up a file: a full disk (ENOSPC), a
# read-only or unwritable folder (EROFS, EACCES); an S3 store refusing (ClientError: access
# denied, no such bucket) or out of reach (BotoCoreError: connection refused, timeout).
STORAGE_ERRORS: tuple[type[Exception], ...] = (OSError, BotoCoreError, ClientError)
STORAGE_ERROR_MESSAGE = "The file could not be stored; nothing was changed. Try again later."

logger = logging.getLogger(__name__)


class _StoreOrRefuse:
    """A new upload on a model field that, if the storage refuses it, refuses the save.

    The save then raises a ValidationError on the field (a form error, and the action's
    transaction rolls back) and leaves no partial or empty file behind.
    """

    def save(self, name, content, save=True):
        # Django's FieldFile.save, with the stored name fixed first so that a failed write
        # knows which file to take back.
        field, storage = self.field, self.storage
        target = storage.get_available_name(
            field.generate_filename(self.instance, name), max_length=field.max_length
        )
        smaller = getattr(content, "smaller", {})
        try:
            self.name = storage.save(target, content, max_length=field.max_length)
            # The smaller copies beside it, under names made from the stored one.
            for width, data in smaller.items():
                storage.save(smaller_rendition_name(self.name, width), ContentFile(data))
        except STORAGE_ERRORS:
            logger.exception("Could not store %s for %s", target, field)
            for name in (target, *(smaller_rendition_name(target, w) for w in smaller)):
                _delete_partial(storage, name)
            raise ValidationError(
                {field.name: ValidationError(STORAGE_ERROR_MESSAGE, code="storage_error")}
            ) from None
        setattr(self.instance, field.attname, self.name)
        self._committed = True
        if save:
            self.instance.save()


class _NewFieldFile(_StoreOrRefuse, FieldFile):
    pass


class _NewImageFieldFile(_StoreOrRefuse, ImageFieldFile):
    pass


def _delete_partial(storage, name: str) -> None:
    """Remove what a failed write may have left (a zero-byte or truncated file)."""
    try:
        if storage.exists(name):
            storage.delete(name)
    except STORAGE_ERRORS:
        logger.exception("Could not remove the partly stored %s", name)


def _new_file(instance, field_name: str, new: File) -> FieldFile:
    """`new` as the field's pending file, stored when the instance is saved (as Django's
    file descriptor would wrap it), refusing the save if the storage fails."""
    field = instance._meta.get_field(field_name)
    cls = _NewImageFieldFile if issubclass(field.attr_class, ImageFieldFile) else _NewFieldFile
    pending = cls(instance, field, new.name)
    pending.file = new
    pending._committed = False
    return pending


def smaller_copies(name: str) -> list[str]:
    """The names the smaller copies of a stored image may have (an image's renditions are
    WebP; nothing else has copies)."""
    if not name.endswith(".webp"):
        return []
    return [smaller_rendition_name(name, width) for width in SMALLER_WIDTHS]


def delete_file_after_commit(old: FieldFile | None) -> None:
    """Delete a replaced file only once the new state is committed: a rollback loses nothing.

    A failed deletion is logged with the file's name and stops no other after-commit work
    (anything else it raises is logged by the robust callback); the file is left for the
    `delete_orphan_files` command.
    """
    if old and old.name:
        storage, name = old.storage, old.name

        def delete_replaced_file():
            # The image first: if the storage refuses it, its copies stay with it, and the
            # orphan sweep takes them all (one error logged, not one per copy).
            for each in (name, *smaller_copies(name)):
                try:
                    storage.delete(each)
                except STORAGE_ERRORS:
                    logger.exception("Could not delete the replaced file %s", each)
                    return

        transaction.on_commit(delete_replaced_file, robust=True)


def file_changes(current, data: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """The values to store for the file `fields` named in `data`: a new file, or "" for a
    removal (False/None). A stored file handed back (the form's initial) is no change.

    Nothing is written here: a new file is stored when the row is saved, after validation,
    and each replaced file is deleted only once that has committed. If the storage cannot
    take the new file, the save raises a ValidationError on its field.
    """
    values = {}
    for field in fields:
        if field not in data:
            continue
        new, old = data[field], getattr(current, field)
        if isinstance(new, FieldFile) or (new and old and old.name == getattr(new, "name", None)):
            continue
        if old:
            delete_file_after_commit(FieldFile(current, old.field, old.name))
        if isinstance(new, File):
            new = _new_file(current, field, new)
        values[field] = new or ""
    return values


def replace_files(instance, changes: dict[str, Any], fields: Iterable[str]) -> None:
    """Put the file values from `changes` (see file_changes) on a row not saved yet, and
    take them out of `changes`."""
    for field, value in file_changes(instance, changes, fields).items():
        setattr(instance, field, value)
    for field in fields:
        changes.pop(field, None)
