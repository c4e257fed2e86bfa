"""Attachments on messages: checked by content as profile uploads are (the same hostile
files), limited in size and number, kept in private storage, and served only to the
thread's two parties, always as a download."""

import io

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from services.attachments import MAX_ATTACHMENT_BYTES
from services.models import Message, MessageAttachment
from tests.profiles.files import (
    CAMERA_MAKE,
    gif_file,
    html_named_pdf,
    jpeg_file,
    pdf_bytes,
    pdf_file,
    png_bomb_header,
    png_file,
    svg_file,
    truncated_pdf,
    webp_file,
)
from tests.profiles.hostile_images import truncated_png
from tests.profiles.test_pdf_checks import encrypted_with_an_empty_password, with_javascript
from tests.services.factories import engagement_in
from tests.services.threads import MessageFactory, thread_url

pytestmark = pytest.mark.django_db


def _send(client, engagement, *files, text="Files for you."):
    return client.post(thread_url(engagement), {"text": text, "attachments": list(files)})


def _text_file(data=b"Chapter one.\nIt was a dark and stormy night.\n", name="notes.txt"):
    return SimpleUploadedFile(name, data, content_type="text/plain")


def _download(client, attachment):
    return client.get(
        f"/dashboard/hires/{attachment.message.engagement_id}/files/{attachment.pk}/"
    )


@pytest.fixture
def signed_in_client(client, client_user):
    client.force_login(client_user)
    return client


# --- Allowed kinds --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("upload", "content_type", "name"),
    [
        (lambda: pdf_file("Brief v2.pdf"), "application/pdf", "Brief_v2.pdf"),
        (lambda: png_file("mock-up.png"), "image/webp", "mock-up.webp"),
        (lambda: jpeg_file("photo.jpeg"), "image/webp", "photo.webp"),
        (lambda: webp_file("sketch.webp"), "image/webp", "sketch.webp"),
        (lambda: _text_file(name="notes.txt"), "text/plain", "notes.txt"),
        (
            lambda: _text_file("Grüße, 東京 ✓\n".encode(), name="../../etc/passwd"),
            "text/plain",
            "passwd.txt",
        ),
    ],
)
def test_each_allowed_kind_is_stored_privately_under_a_safe_name(
    signed_in_client, thread, upload, content_type, name
):
    _send(signed_in_client, thread, upload())

    attachment = MessageAttachment.objects.get()
    assert (attachment.content_type, attachment.name) == (content_type, name)
    assert attachment.file.storage is storages["private"]
    assert attachment.file.name.startswith("messages/")
    assert "/.." not in attachment.file.name


def test_an_image_is_re_encoded_without_its_metadata(signed_in_client, thread):
    _send(signed_in_client, thread, jpeg_file("camera.jpg", size=(3000, 2000)))

    attachment = MessageAttachment.objects.get()
    with attachment.file.open("rb") as handle:
        data = handle.read()
    image = Image.open(io.BytesIO(data))
    assert image.format == "WEBP"
    assert max(image.size) <= 2400
    assert image.size[0] / image.size[1] == pytest.approx(1.5, rel=0.01)  # not cropped
    assert CAMERA_MAKE.encode() not in data
    assert not image.getexif()


def test_a_pdf_is_kept_byte_for_byte(signed_in_client, thread):
    original = pdf_bytes(pages=2)

    _send(signed_in_client, thread, SimpleUploadedFile("a.pdf", original))

    with MessageAttachment.objects.get().file.open("rb") as handle:
        assert handle.read() == original


# --- Hostile and refused files ---------------------------------------------------------


@pytest.mark.parametrize(
    ("upload", "reason"),
    [
        (lambda: svg_file(), "Web pages and SVG images cannot be attached."),
        (lambda: html_named_pdf("brief.pdf"), "Web pages and SVG images cannot be attached."),
        (lambda: gif_file(), "Attach PDF, PNG, JPEG, WebP or plain text files."),
        (lambda: truncated_pdf(), "This PDF could not be read."),
        (
            lambda: SimpleUploadedFile("s.pdf", with_javascript()),
            "This PDF contains scripts, actions or attached files.",
        ),
        (
            lambda: SimpleUploadedFile("e.pdf", encrypted_with_an_empty_password()),
            "This PDF is encrypted or password-protected.",
        ),
        (lambda: png_bomb_header(), "Images can be at most 10,000 pixels on a side"),
        (lambda: SimpleUploadedFile("t.png", truncated_png()), "The image is damaged"),
        (
            lambda: SimpleUploadedFile("bin.txt", b"text with a \x00 NUL byte"),
            "Attach PDF, PNG, JPEG, WebP or plain text files.",
        ),
        (
            lambda: SimpleUploadedFile("latin1.txt", "café".encode("latin-1")),
            "Attach PDF, PNG, JPEG, WebP or plain text files.",
        ),
        (lambda: SimpleUploadedFile("empty.txt", b""), "The submitted file is empty."),
    ],
)
def test_a_hostile_or_unknown_file_is_refused_and_nothing_is_sent(
    signed_in_client, thread, upload, reason
):
    response = _send(signed_in_client, thread, upload())

    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not Message.objects.exists()
    assert not MessageAttachment.objects.exists()


def test_a_file_over_10_mb_is_refused(signed_in_client, thread):
    big = SimpleUploadedFile("big.txt", b"a" * (MAX_ATTACHMENT_BYTES + 1))

    response = _send(signed_in_client, thread, big)

    assert "Attachments can be at most 10 MB each." in response.content.decode()
    assert not Message.objects.exists()


def test_a_text_file_of_exactly_10_mb_is_taken(signed_in_client, thread):
    _send(signed_in_client, thread, SimpleUploadedFile("big.txt", b"a" * MAX_ATTACHMENT_BYTES))

    assert MessageAttachment.objects.get().size == MAX_ATTACHMENT_BYTES


def test_a_pdf_between_the_resume_limit_and_10_mb_is_taken(signed_in_client, thread):
    # A resume stops at 5 MB; a message attachment does not.
    padded = pdf_bytes() + b"%" + b"x" * (6 * 1024 * 1024) + b"\n"

    _send(signed_in_client, thread, SimpleUploadedFile("long.pdf", padded))

    assert MessageAttachment.objects.get().content_type == "application/pdf"


def test_five_files_go_with_one_message_and_a_sixth_is_refused(signed_in_client, thread):
    response = _send(signed_in_client, thread, *[_text_file(name=f"{n}.txt") for n in range(6)])

    assert "Attach at most 5 files to one message." in response.content.decode()
    assert not Message.objects.exists()

    _send(signed_in_client, thread, *[_text_file(name=f"{n}.txt") for n in range(5)])

    assert Message.objects.get().attachments.count() == 5


def test_a_message_may_be_files_only(signed_in_client, thread):
    _send(signed_in_client, thread, pdf_file(), text="")

    message = Message.objects.get()
    assert (message.text, message.attachments.count()) == ("", 1)


# --- Downloads --------------------------------------------------------------------------


@pytest.fixture
def attachment(signed_in_client, thread):
    _send(signed_in_client, thread, _text_file(b"The draft.\n", name='draft "final".txt'))
    signed_in_client.logout()
    return MessageAttachment.objects.get()


@pytest.mark.parametrize("party", ["client_user", "freelancer"])
def test_both_parties_download_as_an_attachment_with_safe_headers(
    client, request, attachment, party
):
    client.force_login(request.getfixturevalue(party))

    response = _download(client, attachment)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"The draft.\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="draft_final.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("outsider", ["other_freelancer", "stranger", "moderator"])
def test_nobody_else_downloads_an_attachment(client, request, attachment, outsider):
    client.force_login(request.getfixturevalue(outsider))

    assert _download(client, attachment).status_code == 404


def test_anonymous_visitors_get_a_404_for_an_attachment(client, attachment):
    assert _download(client, attachment).status_code == 404


def test_an_attachment_is_not_reached_through_another_thread(
    client, client_user, attachment, fran_service
):
    other = engagement_in("requested", service=fran_service, client=client_user)
    client.force_login(client_user)

    response = client.get(f"/dashboard/hires/{other.pk}/files/{attachment.pk}/")

    assert response.status_code == 404


def test_the_files_of_a_hidden_message_are_no_longer_served(client, client_user, attachment):
    Message.objects.filter(pk=attachment.message_id).update(is_hidden=True, hidden_reason="Spam.")
    client.force_login(client_user)

    assert _download(client, attachment).status_code == 404


def test_the_thread_lists_the_files_of_a_message(client, client_user, thread, attachment):
    MessageFactory(engagement=thread, text="No files here.")
    client.force_login(client_user)

    html = client.get(thread_url(thread)).content.decode()

    assert f"/dashboard/hires/{thread.pk}/files/{attachment.pk}/" in html
    assert "draft_final.txt" in html
