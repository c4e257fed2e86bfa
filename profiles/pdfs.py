"""Resumes checked by content: a plain PDF with pages, kept byte for byte, or refused.

A resume is served to strangers, so a PDF that can act when opened is refused rather than
cleaned: anything that runs JavaScript, launches a program, carries files or XFA forms, and
any encrypted file (which could hide all of that from this check).
"""

import io
from uuid import uuid4

import pypdf
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from common.files import MAX_UPLOAD_BYTES, read_limited

PDF_HEADER = b"%PDF-"
# Walking the document is bounded, so that a file of endless objects costs little to refuse.
MAX_PDF_OBJECTS = 20_000
MAX_PDF_DEPTH = 64

# Keys that only active content has: scripts, launch actions, embedded and attached
# files, multimedia and XFA forms (anywhere: the catalog, its names tree, open and
# additional actions, pages, annotations, form fields).
ACTIVE_KEYS = frozenset(
    {"/JS", "/JavaScript", "/Launch", "/EmbeddedFiles", "/EF", "/RichMedia", "/XFA"}
)
# Kinds of action and annotation (the values of /S, /Subtype and /Type) that do the same.
ACTIVE_KINDS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/RichMedia",
        "/EmbeddedFile",
        "/FileAttachment",
        "/ImportData",
        "/Movie",
        "/Sound",
    }
)
KIND_KEYS = ("/S", "/Subtype", "/Type")
# What the refusal calls each sign.
LABELS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/Launch": "a launch action",
    "/ImportData": "an import action",
    "/EmbeddedFiles": "attached files",
    "/EF": "attached files",
    "/EmbeddedFile": "attached files",
    "/FileAttachment": "attached files",
    "/XFA": "an XFA form",
    "/RichMedia": "multimedia",
    "/Movie": "multimedia",
    "/Sound": "multimedia",
}

INVALID_MESSAGE = "Upload your resume as a PDF file."
ENCRYPTED_MESSAGE = (
    "This PDF is encrypted or password-protected. Save your resume without a password "
    "and upload it again."
)
ACTIVE_MESSAGE = (
    "This PDF contains scripts, actions or attached files ({found}). Save your resume as a "
    "plain PDF (for example with “Print to PDF”) and upload it again."
)
COMPLEX_MESSAGE = "This PDF is too complex to check. Save your resume as a simpler PDF."


def _active(obj) -> str | None:
    """The first sign of active content in a dictionary, by key or by kind."""
    for key in obj:
        if key in ACTIVE_KEYS:
            return key
    for key in KIND_KEYS:
        kind = obj.get(key)
        if isinstance(kind, NameObject) and kind in ACTIVE_KINDS:
            return kind
    return None


def find_active_content(reader: pypdf.PdfReader) -> str | None:
    """The first sign of active content reachable from the document's trailer, or None.

    Every object reachable from the catalog is visited once (pages, annotations, actions,
    names trees, form fields), up to MAX_PDF_OBJECTS objects and MAX_PDF_DEPTH levels of
    nesting; past either bound the file is refused as too complex.
    """
    seen: set[tuple[int, int]] = set()
    stack = [(reader.trailer, 0)]
    visited = 0
    while stack:
        obj, depth = stack.pop()
        if isinstance(obj, IndirectObject):
            ref = (obj.idnum, obj.generation)
            if ref in seen:
                continue
            seen.add(ref)
            obj = obj.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS or depth > MAX_PDF_DEPTH:
            raise ValidationError(COMPLEX_MESSAGE, code="complex_pdf")
        if isinstance(obj, DictionaryObject):
            if found := _active(obj):
                return found
            children = [value for key, value in obj.items() if key != "/Parent"]
        elif isinstance(obj, ArrayObject):
            children = list(obj)
        else:
            continue
        stack.extend((child, depth + 1) for child in children)
    return None


def check_pdf(
    upload,
    *,
    max_bytes: int = MAX_UPLOAD_BYTES,
    too_large_message: str = "Resumes can be at most 5 MB.",
) -> ContentFile:
    """The upload's own bytes under a random .pdf name, if they are a plain PDF with pages:
    the header at byte 0, not encrypted, no active content; else ValidationError (each
    with a `code`: too_large, invalid_pdf, encrypted_pdf, active_pdf, complex_pdf)."""
    data = read_limited(upload, too_large_message=too_large_message, max_bytes=max_bytes)
    invalid = ValidationError(INVALID_MESSAGE, code="invalid_pdf")
    # Readers accept junk before the header; a browser may take that junk for a web page.
    if not data.startswith(PDF_HEADER):
        raise invalid
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(ENCRYPTED_MESSAGE, code="encrypted_pdf")
        page_count = len(reader.pages)
        found = find_active_content(reader)
    except ValidationError:
        raise
    except Exception:
        # pypdf raises many types (PdfReadError, KeyError, ValueError, RecursionError...) on
        # hostile input.
        raise invalid from None
    if page_count < 1:
        raise invalid
    if found:
        raise ValidationError(ACTIVE_MESSAGE.format(found=LABELS[found]), code="active_pdf")
    return ContentFile(data, name=f"{uuid4().hex}.pdf")
