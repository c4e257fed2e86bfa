"""A resume is a plain PDF: the header at byte 0, not encrypted, no active content (scripts,
launch actions, embedded or attached files, XFA forms, multimedia). PDFs built by code."""

import io

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from profiles.forms import ProfileForm
from profiles.pdfs import MAX_PDF_DEPTH, check_pdf
from tests.profiles.files import pdf_bytes

ACTIVE = (
    "This PDF contains scripts, actions or attached files ({}). Save your resume as a "
    "plain PDF (for example with “Print to PDF”) and upload it again."
)
ENCRYPTED = (
    "This PDF is encrypted or password-protected. Save your resume without a password and "
    "upload it again."
)
NOT_A_PDF = "Upload your resume as a PDF file."


def _writer():
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=612, height=792)
    return writer


def _written(writer):
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _action(kind, **entries):
    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = value
    return action


def with_javascript():
    """A document-level script in the names tree (what add_js wrote before pypdf 7)."""
    writer = _writer()
    script = writer._add_object(_action("/JavaScript", JS=TextStringObject("app.alert(1)")))
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {
            NameObject("/JavaScript"): DictionaryObject(
                {NameObject("/Names"): ArrayObject([TextStringObject("hello"), script])}
            )
        }
    )
    return _written(writer)


def with_open_action_javascript():
    writer = _writer()
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(
        _action("/JavaScript", JS=TextStringObject("app.alert(1)"))
    )
    return _written(writer)


def with_page_additional_action_javascript():
    writer = _writer()
    page = writer.pages[0]
    page[NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): _action("/JavaScript", JS=TextStringObject("app.alert(1)"))}
    )
    return _written(writer)


def with_launch_action_in_an_annotation():
    writer = _writer()
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (0, 0, 100, 100)]),
            NameObject("/A"): _action("/Launch", F=TextStringObject("calc.exe")),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    return _written(writer)


def with_attachment():
    writer = _writer()
    writer.add_attachment("payload.exe", b"MZ not really")
    return _written(writer)


def with_xfa_form():
    writer = _writer()
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): TextStringObject("<xdp/>")}
    )
    return _written(writer)


def encrypted_with_an_empty_password():
    writer = _writer()
    writer.encrypt("")
    return _written(writer)


def html_before_the_header():
    return b"<html><script>alert(1)</script></html>\n" + pdf_bytes()


def nested_too_deep():
    writer = _writer()
    nested = DictionaryObject()
    for _ in range(MAX_PDF_DEPTH + 5):
        nested = DictionaryObject({NameObject("/Next"): nested})
    writer._root_object[NameObject("/Deep")] = nested
    return _written(writer)


def _refusal(data):
    with pytest.raises(ValidationError) as caught:
        check_pdf(SimpleUploadedFile("resume.pdf", data, content_type="application/pdf"))
    return caught.value


@pytest.mark.parametrize(
    ("build", "code", "message"),
    [
        (with_javascript, "active_pdf", ACTIVE.format("JavaScript")),
        (with_open_action_javascript, "active_pdf", ACTIVE.format("JavaScript")),
        (with_page_additional_action_javascript, "active_pdf", ACTIVE.format("JavaScript")),
        (with_launch_action_in_an_annotation, "active_pdf", ACTIVE.format("a launch action")),
        (with_attachment, "active_pdf", ACTIVE.format("attached files")),
        (with_xfa_form, "active_pdf", ACTIVE.format("an XFA form")),
        (encrypted_with_an_empty_password, "encrypted_pdf", ENCRYPTED),
        (html_before_the_header, "invalid_pdf", NOT_A_PDF),
        (
            nested_too_deep,
            "complex_pdf",
            "This PDF is too complex to check. Save your resume as a simpler PDF.",
        ),
    ],
)
def test_a_risky_pdf_is_refused_with_a_plain_reason(build, code, message):
    error = _refusal(build())

    assert error.code == code
    assert error.messages == [message]


def test_the_risky_pdfs_really_are_pdfs_a_reader_opens():
    # Else the refusals above could be for a broken file rather than for what it carries.
    for build in (with_javascript, with_attachment, with_launch_action_in_an_annotation):
        assert len(pypdf.PdfReader(io.BytesIO(build())).pages) == 1


def test_an_ordinary_one_page_pdf_passes_byte_for_byte():
    data = _written(_writer())

    result = check_pdf(SimpleUploadedFile("resume.pdf", data))

    result.seek(0)
    assert result.read() == data


def test_a_pdf_with_an_ordinary_link_passes():
    writer = _writer()
    writer.add_uri(0, "https://example.com/portfolio", [0, 0, 100, 100])

    check_pdf(SimpleUploadedFile("resume.pdf", _written(writer)))


def test_the_dashboard_form_shows_the_reason_next_to_the_resume():
    upload = SimpleUploadedFile("resume.pdf", with_javascript(), content_type="application/pdf")

    form = ProfileForm(
        data={
            "display_name": "Fran",
            "availability": "available",
            "resume_visibility": "everyone",
        },
        files={"resume": upload},
    )

    assert not form.is_valid()
    assert form.errors["resume"] == [ACTIVE.format("JavaScript")]
