"""Images are bounded from their header before decoding: each side, the aspect ratio, the
area and the memory decoding would take. Hostile images, built by code, are each refused
with a plain reason; a worker processing all of them, and the largest images each format
may send, grows by less than 100 MB."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from profiles import images
from profiles.uploads import AVATAR, BANNER, COVER, ImageUploadField, process_image
from tests.profiles import files
from tests.profiles.hostile_images import AT_THE_LIMIT, HEADER_CODES, REFUSED

ROOT = Path(__file__).resolve().parents[2]
MEMORY_GROWTH_LIMIT_MB = 100

MESSAGES = {
    "too_many_pixels": "Images can be at most 10,000 pixels on a side and 24 megapixels.",
    "bad_aspect_ratio": (
        "Images can be at most 20 times as wide as they are tall (or as tall as they are wide)."
    ),
    "too_much_memory": (
        "This image is too large to process. Megapixels at most: JPEG 24 (progressive ones "
        "fewer), PNG 9, WebP 5."
    ),
    "invalid_image": "Upload a JPEG, PNG or WebP image.",
    "damaged": "The image is damaged or incomplete.",
}


class PhotoForm(forms.Form):
    photo = ImageUploadField(rendition=AVATAR)


def _decoding_fails_the_test(monkeypatch):
    def refuse_to_load(self):
        pytest.fail("the image was decoded")

    monkeypatch.setattr(Image.Image, "load", refuse_to_load)
    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse_to_load)


@pytest.mark.parametrize("name", list(REFUSED))
def test_a_hostile_image_makes_the_form_say_why(name, monkeypatch):
    build, code = REFUSED[name]
    upload = SimpleUploadedFile("photo.png", build(), content_type="image/png")
    if code in HEADER_CODES:
        _decoding_fails_the_test(monkeypatch)

    form = PhotoForm(files={"photo": upload})

    assert not form.is_valid()
    assert form.errors["photo"] == [MESSAGES[code]]
    assert form.errors.as_data()["photo"][0].code == code


def test_the_thin_png_bomb_is_a_tiny_file():
    build, _code = REFUSED["png 1 x 40,000,000"]

    assert len(build()) < 100_000


@pytest.mark.parametrize("name", list(AT_THE_LIMIT))
@pytest.mark.parametrize("rendition", [AVATAR, BANNER])
def test_the_largest_image_each_format_may_send_is_accepted(name, rendition):
    upload = SimpleUploadedFile("photo", AT_THE_LIMIT[name]())

    result = process_image(upload, rendition)

    result.seek(0)
    assert Image.open(result).size == rendition.size


@pytest.mark.parametrize("rendition", [AVATAR, BANNER, COVER])
@pytest.mark.parametrize("size", [(1600, 400), (400, 1600), (4000, 3000), (3000, 4000)])
def test_banners_and_ordinary_photos_pass(rendition, size):
    upload = files.jpeg_file(size=size)

    assert Image.open(process_image(upload, rendition)).size == rendition.size


@pytest.mark.parametrize(("width", "height"), [(10_000, 500), (500, 10_000), (4_000, 4_000)])
def test_the_limits_themselves_pass_the_header_check(width, height):
    images.check_dimensions(width, height)


@pytest.mark.parametrize(
    ("width", "height", "code"),
    [
        (10_001, 500, "too_many_pixels"),
        (500, 10_001, "too_many_pixels"),
        (5_000, 4_801, "too_many_pixels"),
        (10_000, 499, "bad_aspect_ratio"),
        (499, 10_000, "bad_aspect_ratio"),
        (0, 10, "invalid_image"),
    ],
)
def test_each_limit_is_one_pixel_wide(width, height, code):
    with pytest.raises(ValidationError) as caught:
        images.check_dimensions(width, height)

    assert caught.value.code == code


def test_pillows_own_limit_agrees_with_ours():
    assert Image.MAX_IMAGE_PIXELS == images.MAX_IMAGE_PIXELS == 24_000_000


def test_a_sideways_photo_is_still_turned_upright_after_resizing():
    # Orientation 6: the camera was turned; the stored pixels are 600 wide and 800 tall
    # once upright, with the left half (red) on top.
    upload = files.jpeg_file(
        size=(800, 600), color=(220, 20, 20), right_color=(20, 20, 220), orientation=6
    )

    out = Image.open(process_image(upload, AVATAR)).convert("RGB")

    top, bottom = out.getpixel((128, 10)), out.getpixel((128, 245))
    assert top[0] > 150 > top[2]
    assert bottom[2] > 150 > bottom[0]


# --- Memory, measured in a worker of its own ------------------------------------------

# The peak is read from VmHWM, the high-water mark of this process's own memory:
# getrusage's ru_maxrss would start at the parent's peak, carried across fork and exec.
WORKER = """
import json, sys
from pathlib import Path
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from profiles.images import process_image, AVATAR, BANNER

def peak_kb():
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0])

paths = sorted(Path(sys.argv[1]).iterdir())
data = {path.name: path.read_bytes() for path in paths}
# A worker that has served an upload before: Pillow's plugins and codecs are loaded.
process_image(SimpleUploadedFile("warm.jpg", data.pop("warm.jpg")), AVATAR)
before = peak_kb()
outcomes = {}
for name, content in data.items():
    for rendition in (AVATAR, BANNER):
        try:
            process_image(SimpleUploadedFile(name, content), rendition)
            outcome = "accepted"
        except ValidationError as error:
            outcome = error.code
        outcomes.setdefault(name, outcome)
        if outcomes[name] != outcome:
            outcomes[name] = f"{outcomes[name]} for some renditions, {outcome} for others"
after = peak_kb()
print(json.dumps({"growth_kb": after - before, "outcomes": outcomes}))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's VmHWM")
def test_a_worker_grows_by_less_than_100_mb_over_every_hostile_and_largest_image(tmp_path):
    expected = {}
    for number, (build, code) in enumerate(REFUSED.values()):
        (tmp_path / f"refused-{number}").write_bytes(build())
        expected[f"refused-{number}"] = code
    for number, build in enumerate(AT_THE_LIMIT.values()):
        (tmp_path / f"limit-{number}").write_bytes(build())
        expected[f"limit-{number}"] = "accepted"
    (tmp_path / "warm.jpg").write_bytes(files.jpeg_file().read())

    worker = subprocess.run(
        [sys.executable, "-c", WORKER, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    report = json.loads(worker.stdout)

    assert report["outcomes"] == expected
    growth_mb = report["growth_kb"] / 1024
    assert growth_mb < MEMORY_GROWTH_LIMIT_MB, f"grew by {growth_mb:.0f} MB"
