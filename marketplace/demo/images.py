"""Generated files for demo data: avatars, banners and one-page PDF resumes.

Made here, never downloaded, so `make run` works offline.
"""

import io
import random

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont


def _png(image: Image.Image, name: str) -> ContentFile:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return ContentFile(out.getvalue(), name=name)


def _gradient(size: tuple[int, int], start: tuple, end: tuple) -> Image.Image:
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for x in range(width):
        t = x / max(width - 1, 1)
        color = tuple(round(a + (b - a) * t) for a, b in zip(start, end, strict=True))
        draw.line([(x, 0), (x, height)], fill=color)
    return image


def avatar(initials: str, color: tuple[int, int, int]) -> ContentFile:
    """A square portrait stand-in: the person's initials on a coloured gradient."""
    image = _gradient((512, 512), color, tuple(max(c - 70, 0) for c in color))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=220)
    draw.text((256, 256), initials, fill="white", font=font, anchor="mm")
    return _png(image, "avatar.png")


def banner(
    start: tuple[int, int, int], end: tuple[int, int, int], *, seed: int = 0
) -> ContentFile:
    """A wide banner: a gradient with soft circles, or with the pattern that `seed` draws
    (the same seed, the same picture)."""
    image = _gradient((1600, 400), start, end)
    draw = ImageDraw.Draw(image)
    if not seed:
        for n, radius in enumerate((180, 120, 260)):
            x = 300 + n * 500
            draw.ellipse(
                [x - radius, 200 - radius, x + radius, 200 + radius],
                outline=(255, 255, 255),
                width=3,
            )
        return _png(image, "banner.png")
    rng = random.Random(seed)
    style = seed % 3
    for _ in range(rng.randint(5, 12)):
        x, y = rng.randint(0, 1600), rng.randint(0, 400)
        size = rng.randint(40, 260)
        if style == 0:
            draw.ellipse([x - size, y - size, x + size, y + size], outline="white", width=3)
        elif style == 1:
            draw.rectangle([x, y, x + size, y + size // 2], outline="white", width=3)
        else:
            draw.line([(x, 0), (x + size, 400)], fill="white", width=rng.randint(2, 8))
    return _png(image, "banner.png")


def _pdf_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def resume_pdf(name: str, lines: list[str]) -> ContentFile:
    """A real one-page PDF resume: the name as a title, then the lines."""
    commands = ["BT", "/F1 22 Tf", "72 720 Td", f"({_pdf_text(name)}) Tj", "/F1 12 Tf"]
    for line in lines:
        commands += ["0 -22 Td", f"({_pdf_text(line)}) Tj"]
    commands.append("ET")
    stream = "\n".join(commands).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return ContentFile(out.getvalue(), name="resume.pdf")
