"""Upload files built in memory, good and hostile, for any test that posts a file."""

import io
import struct
import zlib

import pypdf
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms

from profiles.uploads import MAX_UPLOAD_BYTES

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EXIF_ORIENTATION = 0x0112
EXIF_MAKE = 0x010F
CAMERA_MAKE = "Snoopcam"


def _image(size, color, right_color):
    """A solid image; with right_color, its right half is painted in that colour instead."""
    mode = "RGBA" if len(color) == 4 else "RGB"
    img = Image.new(mode, size, color)
    if right_color is not None:
        width, height = size
        img.paste(Image.new(mode, (width - width // 2, height), right_color), (width // 2, 0))
    return img


def _encode(img, image_format, **params):
    out = io.BytesIO()
    img.save(out, format=image_format, **params)
    return out.getvalue()


def png_file(name="photo.png", size=(800, 600), color=(200, 80, 40), right_color=None):
    """A valid PNG; a four-part colour (RGBA) makes it transparent where alpha < 255."""
    data = _encode(_image(size, color, right_color), "PNG")
    return SimpleUploadedFile(name, data, content_type="image/png")


def jpeg_file(
    name="photo.jpg",
    size=(800, 600),
    color=(200, 80, 40),
    right_color=None,
    orientation=1,
    make=CAMERA_MAKE,
):
    """A valid JPEG carrying metadata: EXIF Orientation and camera Make tags, an ICC profile."""
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = orientation
    exif[EXIF_MAKE] = make
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    img = _image(size, color, right_color)
    data = _encode(img, "JPEG", quality=95, exif=exif.tobytes(), icc_profile=icc)
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def webp_file(name="photo.webp", size=(800, 600), color=(200, 80, 40), right_color=None):
    """A valid WebP."""
    data = _encode(_image(size, color, right_color), "WEBP", quality=90)
    return SimpleUploadedFile(name, data, content_type="image/webp")


def pdf_bytes(pages=1):
    """The bytes of a valid PDF of blank letter-size pages."""
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_file(name="resume.pdf", pages=1):
    """A valid PDF of blank pages."""
    return SimpleUploadedFile(name, pdf_bytes(pages), content_type="application/pdf")


def text_named_png(name="photo.png"):
    """Plain text wearing an image's name and content type."""
    return SimpleUploadedFile(name, b"Not an image at all.\n", content_type="image/png")


def svg_file(name="logo.svg"):
    """An SVG with a script in its onload: an image to a browser, never to us."""
    data = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"'
        b' onload="alert(document.cookie)">'
        b'<rect width="100" height="100" fill="red"/></svg>\n'
    )
    return SimpleUploadedFile(name, data, content_type="image/svg+xml")


def gif_file(name="anim.gif", size=(40, 30)):
    """A valid GIF: a real image, in a format we do not take."""
    data = _encode(Image.new("RGB", size, (10, 20, 30)), "GIF")
    return SimpleUploadedFile(name, data, content_type="image/gif")


def html_named_pdf(name="resume.pdf"):
    """An HTML page with a script, wearing a PDF's name and content type."""
    data = b"<!doctype html><html><body><script>alert(1)</script>Resume</body></html>\n"
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def truncated_pdf(name="resume.pdf"):
    """A valid PDF cut in half: the header is right, the rest is missing."""
    data = pdf_bytes(pages=2)
    return SimpleUploadedFile(name, data[: len(data) // 2], content_type="application/pdf")


def garbage_pdf(name="resume.pdf"):
    """A PDF header followed by binary noise."""
    data = b"%PDF-1.7\n" + bytes(range(256)) * 16
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _png_chunk(kind, body):
    return (
        struct.pack(">I", len(body))
        + kind
        + body
        + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    )


def png_bomb_header(name="bomb.png", size=(20000, 20000)):
    """A tiny, well-formed PNG whose header declares size (20000x20000 RGB by default).

    Only its first rows of pixel data are present: decoding it would allocate the whole
    declared image before noticing.
    """
    width, height = size
    # 8-bit truecolour, deflate, adaptive filtering, no interlace.
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    row = b"\x00" + b"\x00" * (width * 3)
    idat = zlib.compress(row * 4, 9)
    data = (
        PNG_SIGNATURE
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )
    return SimpleUploadedFile(name, data, content_type="image/png")


def truncated_jpeg(name="photo.jpg"):
    """A valid JPEG cut in half."""
    img = Image.linear_gradient("L").resize((800, 600)).convert("RGB")
    data = _encode(img, "JPEG", quality=90)
    return SimpleUploadedFile(name, data[: len(data) // 2], content_type="image/jpeg")


def empty_file(name="photo.png", content_type="image/png"):
    """A file of zero bytes."""
    return SimpleUploadedFile(name, b"", content_type=content_type)


def oversize_file(name="huge.png", content_type="image/png"):
    """One byte over the upload limit, starting like a PNG so that only its size is wrong."""
    data = PNG_SIGNATURE + b"\x00" * (MAX_UPLOAD_BYTES + 1 - len(PNG_SIGNATURE))
    return SimpleUploadedFile(name, data, content_type=content_type)
