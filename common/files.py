"""Bounded reads of uploaded files, before any parser sees them."""

from django.core.exceptions import ValidationError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def read_limited(upload, *, too_large_message: str, max_bytes: int = MAX_UPLOAD_BYTES) -> bytes:
    """The upload's bytes, refusing empty files and anything over `max_bytes`."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(too_large_message, code="too_large")
    if size == 0:
        raise ValidationError("The file is empty.", code="empty")
    upload.seek(0)
    # One byte past the limit is enough to tell that a file without a trustworthy size is too big.
    data = upload.read(max_bytes + 1)
    if not data:
        raise ValidationError("The file is empty.", code="empty")
    if len(data) > max_bytes:
        raise ValidationError(too_large_message, code="too_large")
    return data


def smaller_rendition_name(name: str, width: int) -> str:
    """Where a smaller copy of a stored image lives, beside it: `banners/ab12.webp` at 480
    px wide is `banners/ab12-480w.webp`. The copies are made when the image is stored
    (profiles.images) and deleted with it; pages list them in `srcset`."""
    stem, dot, extension = name.rpartition(".")
    return f"{stem}-{width}w.{extension}" if dot else f"{name}-{width}w"
