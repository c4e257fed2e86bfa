"""Message attachments checked by content, with the profile uploads' own checks.

A file is what its bytes say, never its name or the browser's content type: a PDF goes
through profiles.pdfs.check_pdf (active content and encryption refused, kept byte for
byte), a JPEG, PNG or WebP through profiles.images.process_image (decoded within limits,
re-encoded as WebP without metadata), anything else must be plain UTF-8 text without NUL
bytes. Everything else is refused.
"""

import os
from dataclasses import dataclass
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.text import get_valid_filename

from common.files import read_limited
from profiles.images import Rendition
from profiles.uploads import check_pdf, process_image

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5
# Images keep their proportions, at most this size on their longer side.
ATTACHMENT_IMAGE = Rendition("attachment", 2400, 2400, crop=False)
ALLOWED_MESSAGE = "Attach PDF, PNG, JPEG, WebP or plain text files."
TOO_LARGE_MESSAGE = "Attachments can be at most 10 MB each."
# check_pdf speaks of resumes; a message's sender reads these instead, by the error's code.
PDF_MESSAGES = {
    "invalid_pdf": "This PDF could not be read. " + ALLOWED_MESSAGE,
    "encrypted_pdf": "This PDF is encrypted or password-protected. Send it without a password.",
    "active_pdf": (
        "This PDF contains scripts, actions or attached files. Save it as a plain PDF "
        "(for example with “Print to PDF”) and attach it again."
    ),
    "complex_pdf": "This PDF is too complex to check. Save it as a simpler PDF.",
}
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
# Text that a browser would take for a page or an image rather than text.
_MARKUP_STARTS = ("<!doctype", "<html", "<svg", "<?xml", "<script")


@dataclass(frozen=True)
class CheckedAttachment:
    """A file that passed its check: the content to store, its download name and type."""

    content: ContentFile
    name: str
    content_type: str

    @property
    def size(self) -> int:
        return self.content.size


def _is_image(data: bytes) -> bool:
    return data.startswith(_IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def _check_text(data: bytes) -> ContentFile:
    if b"\x00" in data:
        raise ValidationError(ALLOWED_MESSAGE, code="not_allowed")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(ALLOWED_MESSAGE, code="not_allowed") from None
    if text.lstrip("\ufeff \t\r\n").lower().startswith(_MARKUP_STARTS):
        raise ValidationError(
            "Web pages and SVG images cannot be attached. " + ALLOWED_MESSAGE, code="markup"
        )
    return ContentFile(data, name=f"{uuid4().hex}.txt")


def _download_name(sent_name: str, extension: str) -> str:
    """The sender's file name made safe for a Content-Disposition header, with the
    extension of what the file really is."""
    stem = os.path.splitext(os.path.basename(sent_name or ""))[0]
    stem = get_valid_filename(stem.replace("..", "."))[:80].strip("._-") if stem else ""
    return f"{stem or 'attachment'}{extension}"


def check_attachment(upload) -> CheckedAttachment:
    """The upload as a CheckedAttachment if it is an allowed kind within 10 MB; else a
    ValidationError naming the file."""
    try:
        data = read_limited(
            upload, too_large_message=TOO_LARGE_MESSAGE, max_bytes=MAX_ATTACHMENT_BYTES
        )
        if data.startswith(b"%PDF-"):
            try:
                content = check_pdf(
                    upload, max_bytes=MAX_ATTACHMENT_BYTES, too_large_message=TOO_LARGE_MESSAGE
                )
            except ValidationError as error:
                raise ValidationError(
                    PDF_MESSAGES.get(error.code, error.messages[0]), code=error.code
                ) from None
            kind = ("application/pdf", ".pdf")
        elif _is_image(data):
            content = process_image(
                upload,
                ATTACHMENT_IMAGE,
                max_bytes=MAX_ATTACHMENT_BYTES,
                too_large_message=TOO_LARGE_MESSAGE,
            )
            kind = ("image/webp", ".webp")
        else:
            content = _check_text(data)
            kind = ("text/plain", ".txt")
    except ValidationError as error:
        name = os.path.basename(getattr(upload, "name", "") or "file")[:80]
        raise ValidationError(f"{name}: {' '.join(error.messages)}", code=error.code) from None
    return CheckedAttachment(
        content=content, name=_download_name(upload.name, kind[1]), content_type=kind[0]
    )
