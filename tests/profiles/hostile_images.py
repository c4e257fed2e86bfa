"""Hostile and at-the-limit images, built by code: tiny files declaring huge images,
decompression bombs, truncated files, and the largest images each format may send."""

import io
import struct
import zlib

from PIL import Image

from tests.profiles.files import PNG_SIGNATURE, _png_chunk, truncated_jpeg

# PNG colour types and the bytes a pixel takes in each.
GREY, RGB, PALETTE, RGBA = 0, 2, 3, 6
_CHANNELS = {GREY: 1, RGB: 3, PALETTE: 1, RGBA: 4}


def png_bytes(width, height, colour_type=RGBA, *, rows=None, text_bomb=0):
    """A well-formed PNG of zero pixels, compressed as it streams (so that a bomb costs
    little to build). `rows` stops the pixel data early (the header still declares the whole
    image); `text_bomb` adds a zTXt chunk that inflates to that many bytes."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    row = b"\x00" * (1 + width * _CHANNELS[colour_type])
    # Compressed a megabyte of rows at a time: quick, and never the whole image in memory.
    batch = max(1, 2**20 // len(row))
    remaining = height if rows is None else rows
    compressor, parts = zlib.compressobj(9), []
    while remaining:
        count = min(batch, remaining)
        parts.append(compressor.compress(row * count))
        remaining -= count
    parts.append(compressor.flush())
    chunks = [_png_chunk(b"IHDR", ihdr)]
    if colour_type == PALETTE:
        chunks.append(_png_chunk(b"PLTE", bytes(range(256)) * 3))
        chunks.append(_png_chunk(b"tRNS", b"\x80" * 256))
    if text_bomb:
        chunks.append(_png_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b" " * text_bomb, 9)))
    chunks.append(_png_chunk(b"IDAT", b"".join(parts)))
    chunks.append(_png_chunk(b"IEND", b""))
    return PNG_SIGNATURE + b"".join(chunks)


def encoded(img, image_format, **params):
    out = io.BytesIO()
    img.save(out, format=image_format, **params)
    return out.getvalue()


def jpeg_bytes(size, mode="RGB", **params):
    colour = {"RGB": (200, 80, 40), "CMYK": (20, 80, 40, 9), "L": 80}[mode]
    return encoded(Image.new(mode, size, colour), "JPEG", quality=80, **params)


def jpeg_declaring(width, height):
    """A small valid JPEG whose frame header (SOF0) is rewritten to declare another size."""
    data = bytearray(jpeg_bytes((64, 48)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def truncated_png():
    data = encoded(Image.linear_gradient("L").resize((800, 600)), "PNG")
    return data[: len(data) // 2]


# name -> (a builder of the bytes, the refusal's code). None decodes a full image.
REFUSED = {
    "png 1 x 40,000,000": (lambda: png_bytes(1, 40_000_000, GREY), "too_many_pixels"),
    "png 40,000,000 x 1": (lambda: png_bytes(40_000_000, 1, GREY), "too_many_pixels"),
    "png 20,000 x 20,000 declared": (
        lambda: png_bytes(20_000, 20_000, RGB, rows=4),
        "too_many_pixels",
    ),
    "png 10,000 x 400 (25:1)": (lambda: png_bytes(10_000, 400, GREY), "bad_aspect_ratio"),
    "png bomb 7,000 x 7,000": (lambda: png_bytes(7_000, 7_000, GREY), "too_many_pixels"),
    "png bomb 4,000 x 4,000 RGBA": (lambda: png_bytes(4_000, 4_000), "too_much_memory"),
    "png zTXt bomb": (lambda: png_bytes(64, 64, text_bomb=20_000_000), "invalid_image"),
    "png truncated": (truncated_png, "damaged"),
    "jpeg 60,000 x 60,000 declared": (lambda: jpeg_declaring(60_000, 60_000), "too_many_pixels"),
    "jpeg 9,000 x 6,000 declared": (lambda: jpeg_declaring(9_000, 6_000), "too_many_pixels"),
    "jpeg truncated": (lambda: truncated_jpeg().read(), "damaged"),
    "webp 4,000 x 3,000": (
        lambda: encoded(Image.new("RGBA", (4_000, 3_000), (1, 2, 3, 4)), "WEBP"),
        "too_much_memory",
    ),
}
# Refused from the header alone, before any pixel is decoded.
HEADER_CODES = {"too_many_pixels", "bad_aspect_ratio", "too_much_memory"}

# name -> a builder of the bytes. The largest images each format may send: accepted.
AT_THE_LIMIT = {
    "png 3,500 x 2,650 RGBA": lambda: png_bytes(3_500, 2_650),
    "png 3,500 x 2,650 palette": lambda: png_bytes(3_500, 2_650, PALETTE),
    "webp 2,600 x 2,000 RGBA": lambda: encoded(
        Image.new("RGBA", (2_600, 2_000), (1, 2, 3, 4)), "WEBP"
    ),
    "jpeg 6,000 x 4,000": lambda: jpeg_bytes((6_000, 4_000)),
    "jpeg 6,000 x 4,000 progressive": lambda: jpeg_bytes((6_000, 4_000), progressive=True),
    "jpeg 6,000 x 4,000 CMYK": lambda: jpeg_bytes((6_000, 4_000), "CMYK"),
    "jpeg 3,199 x 7,500": lambda: jpeg_bytes((3_199, 7_500)),
    "jpeg 10,000 x 2,400 greyscale": lambda: jpeg_bytes((10_000, 2_400), "L"),
}
