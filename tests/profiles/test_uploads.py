import io
import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from profiles.uploads import (
    AVATAR,
    BANNER,
    COVER,
    MAX_UPLOAD_BYTES,
    ImageUploadField,
    PdfUploadField,
    check_pdf,
    process_image,
)
from tests.profiles import files

RED = (220, 20, 20)
BLUE = (20, 20, 220)
RANDOM_WEBP_NAME = re.compile(r"^[0-9a-f]{32}\.webp$")
RANDOM_PDF_NAME = re.compile(r"^[0-9a-f]{32}\.pdf$")


def _open(content):
    content.seek(0)
    return Image.open(io.BytesIO(content.read()))


def _near(pixel, color, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], color, strict=True))


def _code(upload, check, *args):
    with pytest.raises(ValidationError) as caught:
        check(upload, *args)
    return caught.value.code


@pytest.fixture
def no_decoding(monkeypatch):
    """Fails the test if any pixel data is decoded."""

    def refuse_to_load(self):
        pytest.fail("the image was decoded")

    monkeypatch.setattr(Image.Image, "load", refuse_to_load)
    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse_to_load)


# Images that are accepted


@pytest.mark.parametrize("make_file", [files.png_file, files.jpeg_file, files.webp_file])
@pytest.mark.parametrize("rendition", [AVATAR, BANNER, COVER])
def test_each_image_format_comes_out_as_webp_of_exactly_the_rendition_size(make_file, rendition):
    result = process_image(make_file(), rendition)

    img = _open(result)
    assert img.format == "WEBP"
    assert img.size == (rendition.width, rendition.height)


@pytest.mark.parametrize("make_file", [files.png_file, files.jpeg_file, files.webp_file])
def test_an_image_keeps_its_colour_through_processing(make_file):
    result = process_image(make_file(color=RED), AVATAR)

    assert _near(_open(result).convert("RGB").getpixel((128, 128)), RED)


def test_a_processed_image_gets_a_random_webp_name_unrelated_to_the_original():
    first = process_image(files.png_file(name="my-passport.png"), AVATAR)
    second = process_image(files.png_file(name="my-passport.png"), AVATAR)

    assert isinstance(first, ContentFile)
    assert RANDOM_WEBP_NAME.match(first.name)
    assert "passport" not in first.name
    assert first.name != second.name


def test_exif_and_icc_metadata_are_stripped():
    upload = files.jpeg_file()
    source = Image.open(upload)
    assert source.getexif()[files.EXIF_MAKE] == files.CAMERA_MAKE
    assert source.info.get("icc_profile")
    upload.seek(0)

    result = process_image(upload, AVATAR)

    img = _open(result)
    assert not img.getexif()
    assert "exif" not in img.info
    assert "icc_profile" not in img.info
    result.seek(0)
    assert files.CAMERA_MAKE.encode() not in result.read()


def test_an_upright_photo_keeps_its_left_half_on_the_left():
    upload = files.jpeg_file(size=(200, 100), color=RED, right_color=BLUE, orientation=1)

    img = _open(process_image(upload, AVATAR)).convert("RGB")

    assert _near(img.getpixel((20, 128)), RED)
    assert _near(img.getpixel((236, 128)), BLUE)


def test_exif_orientation_is_applied_before_cropping():
    # Orientation 6: the camera was turned clockwise, so the stored left half is the top.
    upload = files.jpeg_file(size=(200, 100), color=RED, right_color=BLUE, orientation=6)

    img = _open(process_image(upload, AVATAR)).convert("RGB")

    assert _near(img.getpixel((128, 20)), RED)
    assert _near(img.getpixel((128, 236)), BLUE)


def test_a_transparent_png_stays_transparent():
    upload = files.png_file(color=(200, 80, 40, 0))

    img = _open(process_image(upload, AVATAR))

    assert img.mode == "RGBA"
    assert img.getpixel((128, 128))[3] == 0


def test_an_opaque_image_has_no_alpha_channel():
    img = _open(process_image(files.png_file(), AVATAR))

    assert img.mode == "RGB"


def test_an_image_is_read_from_the_start_even_after_something_else_read_it():
    upload = files.png_file()
    upload.read()

    assert _open(process_image(upload, AVATAR)).size == (256, 256)


# Images that are refused


@pytest.mark.parametrize(
    ("make_file", "code"),
    [
        (files.text_named_png, "invalid_image"),
        (files.svg_file, "invalid_image"),
        (lambda: files.svg_file(name="logo.png"), "invalid_image"),
        (files.gif_file, "invalid_image"),
        (files.html_named_pdf, "invalid_image"),
        (files.pdf_file, "invalid_image"),
        (files.truncated_jpeg, "damaged"),
        (files.empty_file, "empty"),
        (files.oversize_file, "too_large"),
    ],
)
def test_a_hostile_image_is_refused_with_its_reason(make_file, code):
    assert _code(make_file(), process_image, AVATAR) == code


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (files.text_named_png, "Upload a JPEG, PNG or WebP image."),
        (files.truncated_jpeg, "The image is damaged or incomplete."),
        (files.empty_file, "The file is empty."),
        (files.oversize_file, "Images can be at most 5 MB."),
        (
            files.png_bomb_header,
            "Images can be at most 10,000 pixels on a side and 24 megapixels.",
        ),
    ],
)
def test_a_refused_image_says_why_in_plain_words(make_file, message):
    with pytest.raises(ValidationError) as caught:
        process_image(make_file(), AVATAR)

    assert caught.value.messages == [message]


def test_a_png_declaring_twenty_thousand_pixels_square_is_refused_without_decoding(no_decoding):
    upload = files.png_bomb_header()
    assert upload.size < 2_000

    assert _code(upload, process_image, AVATAR) == "too_many_pixels"


def test_a_png_just_over_forty_megapixels_is_refused_from_its_header(no_decoding):
    # 48 megapixels: under Pillow's own bomb limit, so only our header check stands in the way.
    upload = files.png_bomb_header(size=(8000, 6000))

    assert _code(upload, process_image, AVATAR) == "too_many_pixels"


def test_the_size_limit_is_checked_before_reading_the_file():
    upload = files.oversize_file()
    upload.file.seek(0)

    assert _code(upload, process_image, AVATAR) == "too_large"
    assert upload.file.tell() == 0


def test_a_file_that_understates_its_size_is_refused_after_a_bounded_read():
    upload = files.oversize_file()
    upload.file.write(b"\x00" * MAX_UPLOAD_BYTES)
    upload.size = 100

    assert _code(upload, process_image, AVATAR) == "too_large"
    assert upload.file.tell() == MAX_UPLOAD_BYTES + 1


# Resumes


def test_a_pdf_resume_is_accepted_with_its_own_bytes_under_a_random_name():
    upload = files.pdf_file(name="Jane Doe CV.pdf", pages=2)
    original = upload.read()

    result = check_pdf(upload)

    assert isinstance(result, ContentFile)
    assert RANDOM_PDF_NAME.match(result.name)
    result.seek(0)
    assert result.read() == original


@pytest.mark.parametrize(
    ("make_file", "code"),
    [
        (files.html_named_pdf, "invalid_pdf"),
        (files.truncated_pdf, "invalid_pdf"),
        (files.garbage_pdf, "invalid_pdf"),
        (files.png_file, "invalid_pdf"),
        (lambda: files.svg_file(name="resume.pdf"), "invalid_pdf"),
        (lambda: files.empty_file("resume.pdf", "application/pdf"), "empty"),
        (lambda: files.oversize_file("resume.pdf", "application/pdf"), "too_large"),
    ],
)
def test_a_resume_that_is_not_really_a_pdf_is_refused_with_its_reason(make_file, code):
    assert _code(make_file(), check_pdf) == code


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (files.html_named_pdf, "Upload your resume as a PDF file."),
        (
            lambda: files.oversize_file("resume.pdf", "application/pdf"),
            "Resumes can be at most 5 MB.",
        ),
    ],
)
def test_a_refused_resume_says_why_in_plain_words(make_file, message):
    with pytest.raises(ValidationError) as caught:
        check_pdf(make_file())

    assert caught.value.messages == [message]


def test_a_pdf_with_a_valid_header_and_no_pages_is_refused():
    upload = SimpleUploadedFile("resume.pdf", files.pdf_bytes(pages=0))

    assert _code(upload, check_pdf) == "invalid_pdf"


# Form fields


class ProfileFilesForm(forms.Form):
    photo = ImageUploadField(rendition=AVATAR, required=False)
    resume = PdfUploadField(required=False)


def test_a_form_with_no_files_is_valid_and_cleans_to_none():
    form = ProfileFilesForm(data={}, files={})

    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"photo": None, "resume": None}


def test_a_form_with_no_new_files_keeps_the_initial_ones():
    initial = {"photo": "avatars/old.webp", "resume": "resumes/old.pdf"}
    form = ProfileFilesForm(data={}, files={}, initial=initial)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["photo"] == "avatars/old.webp"
    assert form.cleaned_data["resume"] == "resumes/old.pdf"


def test_a_form_with_clear_ticked_cleans_to_false():
    initial = {"photo": "avatars/old.webp", "resume": "resumes/old.pdf"}
    data = {"photo-clear": "on", "resume-clear": "on"}
    form = ProfileFilesForm(data=data, files={}, initial=initial)

    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"photo": False, "resume": False}


def test_a_form_with_good_files_cleans_to_the_processed_files():
    uploads = {"photo": files.jpeg_file(), "resume": files.pdf_file()}
    form = ProfileFilesForm(data={}, files=uploads)

    assert form.is_valid(), form.errors
    photo, resume = form.cleaned_data["photo"], form.cleaned_data["resume"]
    assert isinstance(photo, ContentFile)
    assert RANDOM_WEBP_NAME.match(photo.name)
    assert _open(photo).size == (256, 256)
    assert isinstance(resume, ContentFile)
    assert RANDOM_PDF_NAME.match(resume.name)


def test_a_hostile_image_makes_the_form_invalid_on_the_photo_field():
    uploads = {"photo": files.svg_file(name="logo.png"), "resume": files.pdf_file()}
    form = ProfileFilesForm(data={}, files=uploads)

    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()["photo"]] == ["invalid_image"]
    assert "resume" not in form.errors


def test_a_pixel_bomb_makes_the_form_invalid_on_the_photo_field(no_decoding):
    form = ProfileFilesForm(data={}, files={"photo": files.png_bomb_header()})

    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()["photo"]] == ["too_many_pixels"]


def test_a_hostile_resume_makes_the_form_invalid_on_the_resume_field():
    uploads = {"photo": files.png_file(), "resume": files.html_named_pdf()}
    form = ProfileFilesForm(data={}, files=uploads)

    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()["resume"]] == ["invalid_pdf"]
    assert "photo" not in form.errors


def test_the_file_inputs_tell_the_browser_what_to_offer():
    form = ProfileFilesForm()

    assert 'accept="image/jpeg,image/png,image/webp"' in str(form["photo"])
    assert 'accept="application/pdf"' in str(form["resume"])
    assert form.fields["photo"].help_text == "JPEG, PNG or WebP, at most 5 MB."
    assert form.fields["resume"].help_text == "PDF, at most 5 MB."
