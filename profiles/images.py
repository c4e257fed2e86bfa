"""Images checked by content: bounded from the header, decoded within a memory budget, and
re-encoded as metadata-free WebP in exactly the rendition the pages use.

Every limit is checked from the header, before a single pixel is decoded: the sides, the
aspect ratio, the area, and an estimate of what decoding and resizing will allocate. The
estimates are measured (tests/profiles/test_image_memory.py keeps them honest): one worker
grows by well under 100 MB for the largest image it accepts.
"""

import io
from dataclasses import dataclass
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, PngImagePlugin

from common.files import MAX_UPLOAD_BYTES, read_limited

IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")
IMAGE_CONTENT_TYPES = "image/jpeg,image/png,image/webp"
WEBP_QUALITY = 82
WEBP_METHOD = 4

MAX_SIDE = 10_000
MAX_ASPECT_RATIO = 20  # the longer side at most 20 times the shorter
MAX_IMAGE_PIXELS = 24_000_000
# What decoding one image may allocate at its peak, estimated from the header.
DECODE_BUDGET_BYTES = 80 * 1024 * 1024
# Peak bytes per decoded pixel, from decoding to the resized copy (measured): a PNG is
# decoded at 4 bytes a pixel (a palette at 1, then converted to 4) and copied once more
# (premultiplied alpha) to be resized; a WebP passes through libwebp's buffers as well.
BYTES_PER_PIXEL = {"JPEG": 8, "PNG": 9, "WEBP": 16}
# A progressive JPEG keeps every DCT coefficient of the full-size image (2 bytes each),
# however small it is decoded.
JPEG_COEFFICIENT_BYTES = 2

# Pillow's own bomb check agrees with ours (it refuses twice this at open, warns above it);
# ours comes first anyway. PNG text chunks are metadata we drop: keep them small.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
PngImagePlugin.MAX_TEXT_CHUNK = 256 * 1024
PngImagePlugin.MAX_TEXT_MEMORY = 1024 * 1024

TOO_LARGE_MESSAGE = "Images can be at most 5 MB."
INVALID_MESSAGE = "Upload a JPEG, PNG or WebP image."
TOO_MANY_PIXELS_MESSAGE = (
    f"Images can be at most {MAX_SIDE:,} pixels on a side and "
    f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels."
)
ASPECT_MESSAGE = (
    f"Images can be at most {MAX_ASPECT_RATIO} times as wide as they are tall (or as tall "
    "as they are wide)."
)
DAMAGED_MESSAGE = "The image is damaged or incomplete."

EXIF_ORIENTATION = 0x0112
# EXIF orientation -> the transposition that makes the image upright.
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SIDEWAYS = {5, 6, 7, 8}


@dataclass(frozen=True)
class Rendition:
    """The exact size an uploaded image is stored at, and the widths of the smaller copies
    stored beside it for small screens (`srcset`), each of the same aspect ratio."""

    name: str
    width: int
    height: int
    crop: bool
    smaller: tuple[int, ...] = ()

    @property
    def size(self):
        return (self.width, self.height)


# Smaller copies for the sizes pages show them at: an avatar at 40-128 px, a banner across
# a phone (360-430 px at 2-3x) or as a card's thumbnail, a cover in a card or a phone.
AVATAR = Rendition("avatar", 256, 256, crop=True, smaller=(96,))
BANNER = Rendition("banner", 1600, 400, crop=True, smaller=(480, 960))
COVER = Rendition("cover", 1200, 630, crop=True, smaller=(600,))


class ProcessedImage(ContentFile):
    """The stored rendition's WebP, carrying the smaller copies' WebP bytes by width; the
    upload fields store them beside it (profiles.uploads)."""

    def __init__(self, content: bytes, name: str, smaller: dict[int, bytes]):
        super().__init__(content, name=name)
        self.smaller = smaller


def _webp(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, format="WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    return out.getvalue()


def _too_many_pixels():
    return ValidationError(TOO_MANY_PIXELS_MESSAGE, code="too_many_pixels")


def check_dimensions(width: int, height: int) -> None:
    """Refuse a declared size outside the limits (sides, aspect ratio, area)."""
    if width <= 0 or height <= 0:
        raise ValidationError(INVALID_MESSAGE, code="invalid_image")
    if max(width, height) > MAX_SIDE or width * height > MAX_IMAGE_PIXELS:
        raise _too_many_pixels()
    if max(width, height) > MAX_ASPECT_RATIO * min(width, height):
        raise ValidationError(ASPECT_MESSAGE, code="bad_aspect_ratio")


def _open_image(data: bytes) -> Image.Image:
    """A Pillow image whose header is a JPEG, PNG or WebP within the limits, undecoded."""
    try:
        img = Image.open(io.BytesIO(data), formats=IMAGE_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except Exception:
        # Plugins raise OSError, SyntaxError, ValueError and more on a hostile header.
        raise ValidationError(INVALID_MESSAGE, code="invalid_image") from None
    if img.format not in IMAGE_FORMATS:
        raise ValidationError(INVALID_MESSAGE, code="invalid_image")
    check_dimensions(*img.size)
    return img


def _coefficient_bytes(img: Image.Image) -> int:
    """What libjpeg holds for a progressive JPEG: every component's coefficients."""
    if img.format != "JPEG" or not img.info.get("progressive"):
        return 0
    layers = getattr(img, "layer", None) or [("", 1, 1, 0)] * 4
    h_max = max(h for _id, h, _v, _table in layers) or 1
    v_max = max(v for _id, _h, v, _table in layers) or 1
    share = sum(h * v for _id, h, v, _table in layers) / (h_max * v_max)
    width, height = img.size
    return int(width * height * share * JPEG_COEFFICIENT_BYTES)


def _decode_scale(img: Image.Image, rendition: Rendition) -> int:
    """The JPEG scale (1, 2, 4 or 8) to decode at: the smallest that fits the budget, and
    never smaller than the rendition needs (either way up: the photo may be sideways)."""
    width, height = img.size
    side = max(rendition.size)
    fine = min(width / side, height / side)
    quality = next(s for s in (8, 4, 2, 1) if s <= fine or s == 1)
    fixed = _coefficient_bytes(img)
    per_pixel = BYTES_PER_PIXEL["JPEG"]
    for scale in (1, 2, 4, 8):
        if fixed + (width // scale) * (height // scale) * per_pixel <= DECODE_BUDGET_BYTES:
            return max(scale, quality)
    return 0


def _plan_decoding(img: Image.Image, rendition: Rendition) -> None:
    """Have a JPEG decoded at a reduced scale, and refuse any image whose decoding would
    take more than DECODE_BUDGET_BYTES; checked before any pixel is decoded."""
    width, height = img.size
    if img.format == "JPEG":
        scale = _decode_scale(img, rendition)
        if scale > 1:
            img.draft("RGB", (max(width // scale, 1), max(height // scale, 1)))
        fits = scale > 0
    else:
        fits = width * height * BYTES_PER_PIXEL[img.format] <= DECODE_BUDGET_BYTES
    if not fits:
        limits = ", ".join(
            f"{name} {DECODE_BUDGET_BYTES // cost / 1_000_000:.0f}"
            for name, cost in (("PNG", BYTES_PER_PIXEL["PNG"]), ("WebP", BYTES_PER_PIXEL["WEBP"]))
        )
        raise ValidationError(
            "This image is too large to process. Megapixels at most: JPEG "
            f"{MAX_IMAGE_PIXELS // 1_000_000} (progressive ones fewer), {limits}.",
            code="too_much_memory",
        )


def _resize(img: Image.Image, rendition: Rendition) -> Image.Image:
    """The decoded image, upright and sized to the rendition. It is resized first and
    turned upright after, so that no full-size copy is ever made only to rotate it."""
    orientation = img.getexif().get(EXIF_ORIENTATION, 1)
    size = rendition.size[::-1] if orientation in _SIDEWAYS else rendition.size
    mode = "RGBA" if img.has_transparency_data else "RGB"
    if img.mode != mode:
        img = img.convert(mode)
    if rendition.crop:
        img = ImageOps.fit(img, size, method=Image.Resampling.LANCZOS)
    else:
        img.thumbnail(size, Image.Resampling.LANCZOS)
    if orientation in _UPRIGHT:
        img = img.transpose(_UPRIGHT[orientation])
    return img


def process_image(
    upload,
    rendition: Rendition,
    *,
    max_bytes: int = MAX_UPLOAD_BYTES,
    too_large_message: str = TOO_LARGE_MESSAGE,
) -> ContentFile:
    """A metadata-free WebP with a random name, sized to the rendition, with its smaller
    copies; else ValidationError. Files over `max_bytes` are refused with
    `too_large_message` before they are parsed."""
    data = read_limited(upload, too_large_message=too_large_message, max_bytes=max_bytes)
    img = _open_image(data)
    _plan_decoding(img, rendition)
    try:
        img.load()
        img = _resize(img, rendition)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except Exception:
        raise ValidationError(DAMAGED_MESSAGE, code="damaged") from None

    # A fresh image carries no info dict, so no EXIF, ICC profile or XMP reaches the output.
    clean = Image.new(img.mode, img.size)
    clean.paste(img)
    return ProcessedImage(
        _webp(clean), name=f"{uuid4().hex}.webp", smaller=_smaller(clean, rendition)
    )


def _smaller(img: Image.Image, rendition: Rendition) -> dict[int, bytes]:
    """The rendition's smaller copies of `img` (already at the rendition's size), as WebP."""
    return {
        width: _webp(
            img.resize(
                (width, max(1, round(width * img.height / img.width))), Image.Resampling.LANCZOS
            )
        )
        for width in rendition.smaller
        if width < img.width
    }


def smaller_copies_of(stored: bytes, rendition: Rendition) -> dict[int, bytes]:
    """The smaller copies of an image stored before they were made (by width, WebP bytes);
    the stored image is this module's own output, still opened within the limits."""
    img = _open_image(stored)
    try:
        img.load()
    except Exception:
        raise ValidationError(DAMAGED_MESSAGE, code="damaged") from None
    return _smaller(img, rendition)
