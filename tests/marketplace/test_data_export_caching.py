"""An archive and the page that links to it are never stored by a browser, a proxy or the
site's page cache, and the download's headers cannot be turned against its owner."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from marketplace.exports import actions
from marketplace.models import DataExport
from tests.marketplace.exports import build

pytestmark = pytest.mark.django_db

PAGE = reverse("exports:page")


def _directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.fixture
def export(freelancer, django_capture_on_commit_callbacks):
    return build(freelancer, django_capture_on_commit_callbacks)


@pytest.fixture
def link(export):
    return reverse("exports:download", kwargs={"token": actions.download_token(export)})


def test_the_download_is_private_and_never_stored(client, freelancer, link):
    client.force_login(freelancer)

    response = client.get(link)

    assert response.status_code == 200
    assert {"private", "no-store", "no-cache", "max-age=0"} <= _directives(response)
    assert "public" not in _directives(response)


def test_the_download_is_an_attachment_named_by_date_only(client, freelancer, export, link):
    client.force_login(freelancer)

    response = client.get(link)

    name = f"data-{export.created_at:%Y-%m-%d}.zip"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert re.fullmatch(r"data-\d{4}-\d{2}-\d{2}\.zip", name)
    assert response["Content-Type"] == "application/zip"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_page_listing_download_links_is_never_stored(client, freelancer, export):
    client.force_login(freelancer)

    response = client.get(PAGE)

    assert actions.download_token(export) in response.content.decode()
    assert {"private", "no-store"} <= _directives(response)


def test_an_expired_download_is_never_stored_either(client, freelancer, export, link):
    DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.FAILED)
    client.force_login(freelancer)

    response = client.get(link)

    assert response.status_code == 410
    assert {"private", "no-store"} <= _directives(response)


@override_settings(PAGE_CACHE_TIMEOUT=600)
def test_after_the_owner_downloaded_no_one_else_is_served_the_archive(
    client, freelancer, stranger, link
):
    client.force_login(freelancer)
    assert client.get(link).status_code == 200
    assert client.get(link).status_code == 200

    visitor = Client().get(link)
    other = Client()
    other.force_login(stranger)

    assert visitor.status_code == 302
    assert visitor["Location"].startswith(reverse("account_login"))
    assert other.get(link).status_code == 404
