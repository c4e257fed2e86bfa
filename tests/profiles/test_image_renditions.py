"""Smaller copies of uploaded images for small screens: made when the image is stored, by
the same upload path, deleted with it, listed in the pages' `srcset`, kept by the orphan
sweep, and made afterwards for images stored before (`make_image_copies`)."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from common.files import smaller_rendition_name
from profiles.models import Profile
from tests.profiles import files
from tests.profiles.forms import files_under, profile_data

pytestmark = pytest.mark.django_db


def _size(path):
    with Image.open(path) as img:
        return img.format, img.size


def test_an_uploaded_banner_and_avatar_are_stored_with_their_smaller_copies(
    fran, freelancer, settings
):
    fran.post(
        reverse("profiles:edit"),
        profile_data(avatar=files.png_file(), banner=files.jpeg_file(size=(2000, 900))),
    )

    profile = Profile.objects.get(user=freelancer)
    media = settings.MEDIA_ROOT
    banner, avatar = profile.banner.name, profile.avatar.name
    assert files_under(media, copies=True) == sorted(
        [
            media / avatar,
            media / smaller_rendition_name(avatar, 96),
            media / banner,
            media / smaller_rendition_name(banner, 480),
            media / smaller_rendition_name(banner, 960),
        ]
    )
    assert _size(media / banner) == ("WEBP", (1600, 400))
    assert _size(media / smaller_rendition_name(banner, 480)) == ("WEBP", (480, 120))
    assert _size(media / smaller_rendition_name(banner, 960)) == ("WEBP", (960, 240))
    assert _size(media / smaller_rendition_name(avatar, 96)) == ("WEBP", (96, 96))


def test_a_replaced_banner_goes_with_its_copies_once_the_change_commits(
    fran, freelancer, settings, django_capture_on_commit_callbacks
):
    fran.post(reverse("profiles:edit"), profile_data(banner=files.jpeg_file()))
    old = Profile.objects.get(user=freelancer).banner.name

    with django_capture_on_commit_callbacks(execute=True):
        fran.post(reverse("profiles:edit"), profile_data(banner=files.png_file()))

    new = Profile.objects.get(user=freelancer).banner.name
    media = settings.MEDIA_ROOT
    assert files_under(media, copies=True) == sorted(
        [
            media / new,
            media / smaller_rendition_name(new, 480),
            media / smaller_rendition_name(new, 960),
        ]
    )
    assert not (media / smaller_rendition_name(old, 480)).exists()


def test_the_profile_page_lists_the_copies_in_srcset_and_fetches_the_banner_first(
    client, fran, freelancer
):
    fran.post(
        reverse("profiles:edit"), profile_data(avatar=files.png_file(), banner=files.jpeg_file())
    )
    profile = Profile.objects.get(user=freelancer)
    banner = f"/media/{profile.banner.name}"
    stem = banner.removesuffix(".webp")

    html = client.get(profile.get_absolute_url()).content.decode()

    assert (
        f'<img class="banner" src="{banner}" '
        f'srcset="{stem}-480w.webp 480w, {stem}-960w.webp 960w, {banner} 1600w" '
        'sizes="(min-width: 72rem) 72rem, 100vw" alt="" width="1600" height="400" '
        'fetchpriority="high">'
    ) in html
    avatar = f"/media/{profile.avatar.name}"
    assert f'srcset="{avatar.removesuffix(".webp")}-96w.webp 96w, {avatar} 256w"' in html


def test_the_orphan_sweep_keeps_the_copies_of_a_stored_image(fran, freelancer, settings):
    fran.post(reverse("profiles:edit"), profile_data(banner=files.jpeg_file()))
    before = files_under(settings.MEDIA_ROOT, copies=True)

    call_command("delete_orphan_files", min_age_hours=0, stdout=io.StringIO())

    assert files_under(settings.MEDIA_ROOT, copies=True) == before
    assert len(before) == 3


def test_images_stored_before_get_their_copies_made_once(fran, freelancer, settings):
    fran.post(reverse("profiles:edit"), profile_data(banner=files.jpeg_file()))
    banner = Profile.objects.get(user=freelancer).banner.name
    for width in (480, 960):
        default_storage.delete(smaller_rendition_name(banner, width))
    out = io.StringIO()

    call_command("make_image_copies", stdout=out)
    call_command("make_image_copies", stdout=out)

    assert out.getvalue().splitlines() == [
        "Made 2 smaller image copies.",
        "Made 0 smaller image copies.",
    ]
    assert _size(settings.MEDIA_ROOT / smaller_rendition_name(banner, 480)) == (
        "WEBP",
        (480, 120),
    )
