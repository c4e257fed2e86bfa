"""Asking for "Download your data", the mailed link, who may download, expiry and pruning,
the daily limit, and two requests at once."""

import re
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core import signing
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from marketplace.exports import actions
from marketplace.models import DataExport
from tests.marketplace.exports import archive_of, build
from tests.races import race

PAGE = "/dashboard/account/data/"


def _directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def _link_path(mail) -> str:
    return re.search(r"https?://[^/\s]+(/dashboard/account/data/\S+/)", mail.body).group(1)


@pytest.fixture
def fran_export(freelancer, django_capture_on_commit_callbacks, mailoutbox):
    return build(freelancer, django_capture_on_commit_callbacks)


@pytest.mark.django_db
def test_the_settings_pages_link_to_the_export_page(client, freelancer):
    client.force_login(freelancer)

    for page in ("/dashboard/account/", "/dashboard/"):
        assert f'href="{PAGE}"' in client.get(page).content.decode()


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_asking_builds_the_archive_and_mails_the_owner_a_link(
    client, freelancer, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(freelancer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE)

    assert response.status_code == 302
    export = DataExport.objects.get(user=freelancer)
    assert export.status == DataExport.Status.READY
    [mail] = mailoutbox
    assert mail.to == ["fran@example.com"]
    assert "ready" in mail.subject
    assert _link_path(mail).startswith(PAGE)


@pytest.mark.django_db
def test_the_owner_downloads_the_zip_as_an_attachment(client, freelancer, fran_export, mailoutbox):
    client.force_login(freelancer)

    response = client.get(_link_path(mailoutbox[-1]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    assert {"private", "no-store"} <= _directives(response)
    body = b"".join(response.streaming_content)
    with fran_export.file.open("rb") as stored:
        assert body == stored.read()
    assert archive_of(fran_export).read("data.json")


@pytest.mark.django_db
def test_anyone_else_gets_a_404_and_a_visitor_must_sign_in(
    client, freelancer, stranger, fran_export, mailoutbox
):
    link = _link_path(mailoutbox[-1])

    assert client.get(link).status_code == 302  # to the login page
    client.force_login(stranger)
    assert client.get(link).status_code == 404


@pytest.mark.django_db
def test_a_forged_or_altered_link_is_a_404(client, freelancer, fran_export):
    client.force_login(freelancer)
    forged = signing.dumps({"export": fran_export.pk, "user": freelancer.pk}, salt="other")

    assert client.get(f"{PAGE}{forged}/").status_code == 404
    assert client.get(f"{PAGE}not-a-token/").status_code == 404


@pytest.mark.django_db
def test_a_link_older_than_seven_days_has_expired(client, freelancer, fran_export, monkeypatch):
    eight_days_ago = int(time.time()) - 8 * 24 * 3600
    monkeypatch.setattr(
        signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(eight_days_ago)
    )
    old_token = actions.download_token(fran_export)
    monkeypatch.undo()
    client.force_login(freelancer)

    response = client.get(reverse("exports:download", kwargs={"token": old_token}))

    assert response.status_code == 410
    assert "This download has expired" in response.content.decode()


@pytest.mark.django_db
def test_expired_exports_are_deleted_with_their_files(
    client, freelancer, fran_export, django_capture_on_commit_callbacks
):
    storage, name = fran_export.file.storage, fran_export.file.name
    token = actions.download_token(fran_export)
    DataExport.objects.filter(pk=fran_export.pk).update(
        created_at=timezone.now() - timedelta(days=7, minutes=1)
    )
    fresh = DataExport.objects.create(user=freelancer)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("prune_data_exports", stdout=StringIO())

    assert list(DataExport.objects.all()) == [fresh]
    assert not storage.exists(name)
    client.force_login(freelancer)
    assert client.get(reverse("exports:download", kwargs={"token": token})).status_code == 410


@pytest.mark.django_db
def test_the_page_lists_a_ready_export_with_its_link(client, freelancer, fran_export):
    client.force_login(freelancer)

    html = client.get(PAGE).content.decode()

    assert (
        reverse("exports:download", kwargs={"token": actions.download_token(fran_export)}) in html
    )


@pytest.mark.django_db
@override_settings(DATA_EXPORTS_PER_DAY=2)
def test_past_the_daily_limit_the_user_gets_the_429_page(
    client, freelancer, django_capture_on_commit_callbacks
):
    client.force_login(freelancer)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(PAGE).status_code == 302

    response = client.post(PAGE)

    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert DataExport.objects.filter(user=freelancer).count() == 2


@pytest.mark.django_db
@override_settings(DATA_EXPORTS_PER_DAY=2)
def test_the_daily_limit_counts_the_last_day_only(freelancer):
    for _ in range(2):
        DataExport.objects.create(user=freelancer, status=DataExport.Status.READY)
    DataExport.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))

    assert actions.data_export_request(user=freelancer).status == DataExport.Status.BUILDING


@pytest.mark.django_db
def test_asking_again_while_one_is_being_built_gives_that_one(freelancer):
    first = actions.data_export_request(user=freelancer)

    assert actions.data_export_request(user=freelancer) == first
    assert DataExport.objects.count() == 1


@pytest.mark.django_db
def test_building_twice_sends_one_mail_and_keeps_one_file(
    freelancer, fran_export, mailoutbox, settings
):
    files_before = sorted((settings.PRIVATE_MEDIA_ROOT / "exports").rglob("*.zip"))

    assert actions.data_export_build.call(export_id=fran_export.pk) == "nothing to build"

    assert len(mailoutbox) == 1
    assert sorted((settings.PRIVATE_MEDIA_ROOT / "exports").rglob("*.zip")) == files_before


@pytest.mark.django_db(transaction=True)
@override_settings(DATA_EXPORTS_PER_DAY=1)
def test_two_requests_at_once_build_one_export(freelancer, mailoutbox):
    outcome = race(
        actions.data_export_request,
        [{"user": freelancer}, {"user": freelancer}],
        refusals=(actions.TooManyExports,),
    )

    assert not outcome.errors
    [export] = DataExport.objects.all()
    assert export.status == DataExport.Status.READY
    assert len(mailoutbox) == 1
    # The loser either found it being built (and got it) or found the day's one used up.
    assert len(outcome.results) + len(outcome.refusals) == 2
    assert all(result.pk == export.pk for result in outcome.results)
