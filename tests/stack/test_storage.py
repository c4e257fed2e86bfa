"""Uploads land in the object store: public files are served through the balancer (same
origin as the pages), private ones only through the app, to whom they belong."""

import io
import re
import urllib.parse

import pytest
from PIL import Image
from pypdf import PdfWriter

from stack.config import PRIVATE_BUCKET, PUBLIC_BUCKET
from stack.topology import s3_request
from tests.stack.client import Client, parse, profile_path
from tests.stack.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.stack

FREELANCER = "dana@example.com"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 300), (200, 80, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _keys(stack, bucket: str) -> set[str]:
    status, body = s3_request(stack, "GET", f"/{bucket}", query="list-type=2")
    assert status == 200, body
    return set(re.findall(r"<Key>([^<]+)</Key>", body.decode()))


def test_a_public_upload_lands_in_the_public_bucket_and_is_served_same_origin(stack, visitor):
    visitor.sign_in(FREELANCER, DEMO_PASSWORD)
    before = _keys(stack, PUBLIC_BUCKET)

    saved = visitor.submit(
        "/dashboard/profile/",
        containing="headline",
        files={"avatar": ("me.png", "image/png", _png())},
    )

    assert "Your profile is saved." in saved.text
    new_keys = _keys(stack, PUBLIC_BUCKET) - before
    assert new_keys, "the photo is in the public bucket"
    images = [
        urllib.parse.urljoin(stack.url, src)
        for src in parse(visitor.get(profile_path(visitor)).text).images
    ]
    served = [src for src in images if src.startswith(f"{stack.url}/media/")]
    assert any(src.removeprefix(f"{stack.url}/media/") in new_keys for src in served), images
    photo = Client(stack.url).get(served[0])
    assert photo.status == 200
    assert photo.headers["Content-Type"] == "image/webp"


def test_a_private_upload_is_only_given_to_whom_it_belongs(stack, visitor):
    visitor.sign_in(FREELANCER, DEMO_PASSWORD)
    before = _keys(stack, PRIVATE_BUCKET)

    saved = visitor.submit(
        "/dashboard/profile/",
        containing="headline",
        values={"resume_visibility": "nobody"},
        files={"resume": ("cv.pdf", "application/pdf", _pdf())},
    )

    assert "Your profile is saved." in saved.text
    new_keys = _keys(stack, PRIVATE_BUCKET) - before
    assert len(new_keys) == 1, "the resume is in the private bucket"
    key = new_keys.pop()
    # Not readable anonymously, neither from the store nor under /media/.
    s3 = f"http://127.0.0.1:{stack.port('s3')}"
    assert Client(s3).get(f"/{PRIVATE_BUCKET}/{key}").status == 403
    assert Client(stack.url).get(f"/media/{key}").status == 404
    resume = f"{profile_path(visitor)}resume/"
    owner_copy = visitor.get(resume)
    assert owner_copy.status == 200
    assert owner_copy.body.startswith(b"%PDF")
    assert Client(stack.url).get(resume).status in {403, 404}
