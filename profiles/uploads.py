"""Uploads checked by content: images re-encoded by Pillow, resumes parsed as PDFs.

Nothing here trusts the file name or the content type the browser sent. Images are decoded
within size and pixel limits and re-encoded as metadata-free WebP; a resume must parse as a
PDF with at least one page. Both come back under a random name.
"""

import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

import pypdf
from botocore.exceptions import BotoCoreError, ClientError
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile, ImageFieldFile
from PIL import Image, ImageOps
from pypdf.errors import PyPdfError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000

IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")
IMAGE_CONTENT_TYPES = "image/jpeg,image/png,image/webp"
WEBP_QUALITY = 82
WEBP_METHOD = 4
# The PDF spec lets a header sit after up to 1024 bytes of leading junk.
PDF_HEADER_WINDOW = 1024


@dataclass(frozen=True)
class Rendition:
    """The exact size an uploaded image is stored at."""

    name: str
    width: int
    height: int
    crop: bool

    @property
    def size(self):
        return (self.width, self.height)


AVATAR = Rendition("avatar", 256, 256, crop=True)
BANNER = Rendition("banner", 1600, 400, crop=True)
COVER = Rendition("cover", 1200, 630, crop=True)


def _read_limited(upload, *, too_large_message):
    """The upload's bytes, refusing empty files and anything over MAX_UPLOAD_BYTES."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(too_large_message, code="too_large")
    if size == 0:
        raise ValidationError("The file is empty.", code="empty")
    upload.seek(0)
    # One byte past the limit is enough to tell that a file without a trustworthy size is too big.
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if not data:
        raise ValidationError("The file is empty.", code="empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(too_large_message, code="too_large")
    return data


def _open_image(data):
    """A Pillow image whose header is a JPEG, PNG or WebP within MAX_IMAGE_PIXELS, undecoded."""
    invalid = ValidationError("Upload a JPEG, PNG or WebP image.", code="invalid_image")
    too_many = ValidationError("Images can be at most 40 megapixels.", code="too_many_pixels")
    try:
        img = Image.open(io.BytesIO(data), formats=IMAGE_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own, looser limit; only reachable when warnings are turned into errors.
        raise too_many from None
    except Exception:
        # Plugins raise OSError, SyntaxError, ValueError and more on a hostile header.
        raise invalid from None
    if img.format not in IMAGE_FORMATS:
        raise invalid
    width, height = img.size
    # Checked from the header alone, before load() allocates width x height pixels.
    if width <= 0 or height <= 0:
        raise invalid
    if width * height > MAX_IMAGE_PIXELS:
        raise too_many
    return img


def process_image(upload, rendition):
    """A metadata-free WebP with a random name, sized to the rendition; else ValidationError."""
    data = _read_limited(upload, too_large_message="Images can be at most 5 MB.")
    img = _open_image(data)
    try:
        img.load()
        img = ImageOps.exif_transpose(img)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            "Images can be at most 40 megapixels.", code="too_many_pixels"
        ) from None
    except Exception:
        raise ValidationError("The image is damaged or incomplete.", code="damaged") from None

    mode = "RGBA" if img.has_transparency_data else "RGB"
    img = img.convert(mode)
    if rendition.crop:
        img = ImageOps.fit(img, rendition.size, method=Image.Resampling.LANCZOS)
    else:
        img.thumbnail(rendition.size, Image.Resampling.LANCZOS)

    # A fresh image carries no info dict, so no EXIF, ICC profile or XMP reaches the output.
    clean = Image.new(mode, img.size)
    clean.paste(img)
    out = io.BytesIO()
    clean.save(out, format="WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    return ContentFile(out.getvalue(), name=f"{uuid4().hex}.webp")


def check_pdf(upload):
    """The upload's own bytes under a random .pdf name, if they parse as a PDF with pages."""
    data = _read_limited(upload, too_large_message="Resumes can be at most 5 MB.")
    invalid = ValidationError("Upload your resume as a PDF file.", code="invalid_pdf")
    if b"%PDF-" not in data[:PDF_HEADER_WINDOW]:
        raise invalid
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        page_count = len(reader.pages)
    except PyPdfError:
        raise invalid from None
    except Exception:
        # pypdf raises many other types (KeyError, ValueError, RecursionError...) on hostile input.
        raise invalid from None
    if page_count < 1:
        raise invalid
    return ContentFile(data, name=f"{uuid4().hex}.pdf")


class _CheckedFileField(forms.FileField):
    """A FileField that hands each newly uploaded file to a content check."""

    accept = ""

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
        try:
            self.name = storage.save(target, content, max_length=field.max_length)
        except STORAGE_ERRORS:
            logger.exception("Could not store %s for %s", target, field)
            _delete_partial(storage, target)
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


def delete_file_after_commit(old: FieldFile | None) -> None:
    """Delete a replaced file only once the new state is committed: a rollback loses nothing.

    A failed deletion is logged with the file's name and stops no other after-commit work
    (anything else it raises is logged by the robust callback); the file is left for the
    `delete_orphan_files` command.
    """
    if old and old.name:
        storage, name = old.storage, old.name

        def delete_replaced_file():
            try:
                storage.delete(name)
            except STORAGE_ERRORS:
                logger.exception("Could not delete the replaced file %s", name)

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
