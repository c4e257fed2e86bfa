"""The file code paths on a real S3 store: uploads stored and served from the public
bucket, resumes kept in the private one and handed out only by the view that checks,
replaced files deleted after commit, orphans swept by delete_orphan_files."""

import time
import urllib.error
import urllib.request
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from django.urls import reverse

from common.files import smaller_rendition_name
from profiles.models import Profile
from tests.profiles import files
from tests.profiles.files import pdf_bytes
from tests.s3.conftest import PRIVATE_BUCKET, PUBLIC_BUCKET

pytestmark = [pytest.mark.django_db, pytest.mark.s3]

PROFILE_FORM = {
    "display_name": "Fran Freelancer",
    "headline": "Investigative journalist",
    "about": "I dig into public records.",
    "country": "Portugal",
    "city": "Lisbon",
    "hourly_rate": "30",
    "availability": "available",
    "away_until": "",
    "skills": "",
    "resume_visibility": "signed_in",
}


@pytest.fixture
def fran(client, freelancer):
    client.force_login(freelancer)
    return client


def _fetch(url):
    """GET `url` as an anonymous visitor: (status, body)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_an_uploaded_avatar_is_stored_in_the_public_bucket_and_served_at_its_url(
    fran, freelancer, s3_store, s3_storages, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = fran.post(reverse("profiles:edit"), PROFILE_FORM | {"avatar": files.png_file()})

    assert response.status_code == 302
    avatar = Profile.objects.get(user=freelancer).avatar
    copy = smaller_rendition_name(avatar.name, 96)  # the phone's copy, stored beside it
    assert s3_store.keys(PUBLIC_BUCKET, s3_storages) == sorted(
        [f"{s3_storages}/{avatar.name}", f"{s3_storages}/{copy}"]
    )
    url = f"{s3_store.endpoint_url}/{PUBLIC_BUCKET}/{s3_storages}/{avatar.name}"
    copy_url = f"{s3_store.endpoint_url}/{PUBLIC_BUCKET}/{s3_storages}/{copy}"
    assert avatar.url == url
    for served in (url, copy_url):
        status, body = _fetch(served)
        assert status == 200
        assert body[:4] == b"RIFF"
        assert body[8:12] == b"WEBP"
    page = fran.get(freelancer.profile.get_absolute_url()).content.decode()
    assert f'src="{url}" srcset="{copy_url} 96w, {url} 256w"' in page
    assert f'<meta property="og:image" content="{url}">' in page  # absolute, unchanged


def test_a_resume_is_kept_in_the_private_bucket_and_served_only_by_the_view(
    fran, client, freelancer, stranger, s3_store, s3_storages
):
    uploaded = files.pdf_file(pages=2)
    fran.post(reverse("profiles:edit"), PROFILE_FORM | {"resume": uploaded})
    name = Profile.objects.get(user=freelancer).resume.name
    key = f"{s3_storages}/{name}"
    assert s3_store.keys(PRIVATE_BUCKET, s3_storages) == [key]
    url = reverse("profiles:resume", kwargs={"slug": freelancer.profile.slug})
    assert _fetch(f"{s3_store.endpoint_url}/{PRIVATE_BUCKET}/{key}")[0] == 403  # not by URL
    fran.logout()

    assert client.get(url).status_code == 302  # to the login page
    client.force_login(stranger)
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="fran-freelancer-resume.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == pdf_bytes(pages=2)


def test_a_replaced_avatar_is_deleted_from_the_bucket_only_after_commit(
    fran, freelancer, s3_store, s3_storages, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        fran.post(reverse("profiles:edit"), PROFILE_FORM | {"avatar": files.png_file()})
    old = f"{s3_storages}/{Profile.objects.get(user=freelancer).avatar.name}"
    old_copy = smaller_rendition_name(old, 96)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        fran.post(
            reverse("profiles:edit"), PROFILE_FORM | {"avatar": files.jpeg_file(name="new.jpg")}
        )
    new = f"{s3_storages}/{Profile.objects.get(user=freelancer).avatar.name}"
    new_copy = smaller_rendition_name(new, 96)
    assert s3_store.keys(PUBLIC_BUCKET, s3_storages) == sorted([old, old_copy, new, new_copy])
    for callback in callbacks:  # the commit
        callback()

    # The old avatar goes with its smaller copy.
    assert s3_store.keys(PUBLIC_BUCKET, s3_storages) == sorted([new, new_copy])


def test_delete_orphan_files_sweeps_both_buckets_and_keeps_what_rows_point_to(
    s3_store, s3_storages, freelancer
):
    profile = freelancer.profile
    profile.avatar.save("kept.webp", ContentFile(b"avatar"), save=True)
    profile.resume.save("kept.pdf", ContentFile(b"%PDF-1.4 kept"), save=True)
    default_storage.save("profiles/banners/orphan.webp", ContentFile(b"banner"))
    storages["private"].save("resumes/orphan.pdf", ContentFile(b"%PDF-1.4 gone"))
    time.sleep(1.1)  # S3 keeps modification times to the second; all are now in the past
    out = StringIO()

    call_command("delete_orphan_files", "--min-age-hours", "0", stdout=out, stderr=StringIO())

    assert s3_store.keys(PUBLIC_BUCKET, s3_storages) == [f"{s3_storages}/{profile.avatar.name}"]
    assert s3_store.keys(PRIVATE_BUCKET, s3_storages) == [f"{s3_storages}/{profile.resume.name}"]
    assert "2 orphaned file(s) older than 0 hours: 2 deleted." in out.getvalue()
