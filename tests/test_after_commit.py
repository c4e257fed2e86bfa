"""Work after commit never stops other work after commit, and every failure there is logged.

The tests that commit use real transactions: under a test's own transaction, callbacks
registered with on_commit would never run at all.
"""

import ast
import smtplib

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from common import mail
from profiles.models import Profile
from services import actions as service_actions
from services.models import Service
from tests.profiles.storages import ReadOnlyStorage, use_storage
from tests.services.factories import ServiceFactory
from tests.test_layers import OURS, ROOT, modules

# Mail goes out in a task (common/mail.py); the tasks framework logs a task that failed.
DJANGO_TASKS_LOGGER = "django.tasks"


def on_commit_calls(path):
    """Each `on_commit(...)` call in a module, and whether it passes robust=True."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Call) and "on_commit" in (
            getattr(node.func, "attr", None),
            getattr(node.func, "id", None),
        ):
            robust = any(
                kw.arg == "robust" and isinstance(kw.value, ast.Constant) and kw.value.value
                for kw in node.keywords
            )
            yield f"{path.relative_to(ROOT)}:{node.lineno}", robust


def test_every_after_commit_callback_is_robust():
    calls = dict(
        call
        for package in sorted(OURS)
        for path in modules(package)
        for call in on_commit_calls(path)
    )

    assert len(calls) >= 5  # mail, three page-cache invalidations, file deletion
    assert [where for where, robust in calls.items() if not robust] == []


@pytest.fixture
def visitor(page_cache):
    """An anonymous visitor, served through the page cache."""
    return Client()


@pytest.mark.django_db(transaction=True)
def test_removing_a_banner_the_media_folder_cannot_delete_still_refreshes_the_page(
    client, visitor, freelancer, settings, monkeypatch, caplog
):
    profile = freelancer.profile
    profile.banner.save("old-banner.webp", ContentFile(b"banner"))
    banner = profile.banner.name
    url = profile.get_absolute_url()
    assert banner in visitor.get(url).content.decode()  # now in the page cache
    use_storage(settings, monkeypatch, ReadOnlyStorage)
    client.force_login(freelancer)

    response = client.post(reverse("profiles:remove_upload", kwargs={"field": "banner"}))

    assert response.status_code == 302
    assert response["Location"] == reverse("profiles:edit")
    assert not Profile.objects.get(pk=profile.pk).banner
    assert banner not in visitor.get(url).content.decode()
    assert (settings.MEDIA_ROOT / banner).is_file()  # left for delete_orphan_files
    [failure] = [record for record in caplog.records if record.exc_info]
    assert failure.name == "profiles.uploads"
    assert banner in failure.getMessage()


@pytest.mark.django_db(transaction=True)
def test_deleting_a_service_whose_banner_cannot_be_deleted_still_refreshes_the_pages(
    client, visitor, freelancer, settings, monkeypatch, caplog
):
    service = ServiceFactory(freelancer=freelancer.profile, title="Features", slug="features")
    service.banner.save("old-banner.webp", ContentFile(b"banner"))
    banner = service.banner.name
    assert banner in visitor.get(service.get_absolute_url()).content.decode()
    assert "Features" in visitor.get(reverse("services:list")).content.decode()
    use_storage(settings, monkeypatch, ReadOnlyStorage)
    client.force_login(freelancer)

    response = client.post(reverse("services:dashboard_delete", kwargs={"pk": service.pk}))

    assert response.status_code == 302
    assert not Service.objects.filter(pk=service.pk).exists()
    assert visitor.get(service.get_absolute_url()).status_code == 404
    assert "Features" not in visitor.get(reverse("services:list")).content.decode()
    assert any(banner in record.getMessage() for record in caplog.records if record.exc_info)


@pytest.mark.django_db(transaction=True)
def test_a_mail_that_fails_after_commit_is_logged_and_the_pages_still_refresh(
    visitor, freelancer, moderator, monkeypatch, caplog
):
    service = ServiceFactory(freelancer=freelancer.profile, title="Features", slug="features")
    assert visitor.get(service.get_absolute_url()).status_code == 200  # now cached

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(mail, "send_mail", refuse)

    service_actions.service_suspend(service=service, moderator=moderator, note="Copied text.")

    assert Service.objects.get(pk=service.pk).status == Service.Status.SUSPENDED
    assert visitor.get(service.get_absolute_url()).status_code == 404
    [failure] = [record for record in caplog.records if record.exc_info]
    assert failure.name == DJANGO_TASKS_LOGGER
    assert failure.exc_info[0] is smtplib.SMTPServerDisconnected
