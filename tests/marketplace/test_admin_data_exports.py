"""The data exports in the admin: staff see who asked, when, how it went and the size,
never the archive nor a link to it; nobody adds, edits or deletes one there; the admin's
own rules (staff, a second factor) apply."""

import pytest
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.urls import reverse

from marketplace.exports import actions
from marketplace.models import DataExport
from tests.marketplace.exports import build
from tests.profiles.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:marketplace_dataexport_changelist")


def _change(export):
    return reverse("admin:marketplace_dataexport_change", args=[export.pk])


@pytest.fixture
def ready(freelancer, django_capture_on_commit_callbacks):
    return build(freelancer, django_capture_on_commit_callbacks)


@pytest.fixture
def root_client(db):
    client = Client()
    client.force_login(UserFactory(email="root@example.com", is_staff=True, is_superuser=True))
    return client


def test_a_moderator_sees_who_asked_when_how_it_went_and_the_size(mod_client, ready, stranger):
    DataExport.objects.create(
        user=stranger, status=DataExport.Status.FAILED, failure=DataExport.Failure.STORAGE
    )

    page = mod_client.get(CHANGELIST).content.decode()

    assert "fran@example.com" in page
    assert "sam@example.com" in page
    assert "Ready" in page
    assert "Failed" in page
    assert '<td class="field-failure_code">storage</td>' in page
    assert f'<td class="field-archive_size">{filesizeformat(ready.size)}</td>' in page


def test_an_exports_page_gives_the_reason_its_owner_was_given(mod_client, stranger):
    failed = DataExport.objects.create(
        user=stranger, status=DataExport.Status.FAILED, failure=DataExport.Failure.STORAGE
    )

    page = mod_client.get(_change(failed)).content.decode()

    assert "Our file storage did not answer while we saved your file." in page


def test_the_archive_is_never_shown_nor_linked(mod_client, root_client, ready):
    token = actions.download_token(ready)

    for client in (mod_client, root_client):
        for url in (CHANGELIST, _change(ready)):
            response = client.get(url)
            page = response.content.decode()
            assert response.status_code == 200
            assert ready.file.name not in page
            assert token not in page
            assert "/dashboard/account/data/" not in page
            assert ".zip" not in page
    fields = mod_client.get(_change(ready)).context["adminform"].form.fields
    assert "file" not in fields


@pytest.mark.parametrize("who", ["moderator", "superuser"])
def test_nobody_adds_edits_or_deletes_an_export_there(who, mod_client, root_client, ready):
    client = mod_client if who == "moderator" else root_client
    add = reverse("admin:marketplace_dataexport_add")
    delete = reverse("admin:marketplace_dataexport_delete", args=[ready.pk])

    assert client.get(add).status_code == 403
    assert client.post(_change(ready), {"status": "failed"}).status_code == 403
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    response = client.post(
        CHANGELIST,
        {"action": "delete_selected", "index": "0", "_selected_action": [ready.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    ready.refresh_from_db()
    assert ready.status == DataExport.Status.READY
    assert 'value="delete_selected"' not in client.get(CHANGELIST).content.decode()


def test_staff_without_a_second_factor_do_not_get_in(client, ready):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, second_factor=False))

    response = client.get(CHANGELIST)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_user_who_is_not_staff_does_not_get_in(client, freelancer, ready):
    client.force_login(freelancer)

    response = client.get(_change(ready))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_list_reads_in_the_same_number_of_queries_however_many_rows(mod_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert mod_client.get(CHANGELIST).status_code == 200
        return len(captured)

    DataExport.objects.create(user=UserFactory())
    one = queries()
    for _ in range(3):
        DataExport.objects.create(user=UserFactory())

    assert queries() == one
