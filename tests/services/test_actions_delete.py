"""Deleting a service: the row goes at once, its banner file after commit."""

import pytest
from django.core.files.base import ContentFile

from services import actions
from services.models import Service
from tests.services.writes import create_service

pytestmark = pytest.mark.django_db


def test_deleting_removes_the_service_and_its_banner_after_commit(
    freelancer, django_capture_on_commit_callbacks
):
    service = create_service(freelancer, banner=ContentFile(b"banner", "b.webp"))
    name, storage = service.banner.name, service.banner.storage

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.service_delete(service=service)

    assert not Service.objects.filter(pk=service.pk).exists()
    assert storage.exists(name)
    for callback in callbacks:  # the commit
        callback()

    assert not storage.exists(name)


def test_deleting_a_service_without_a_banner_schedules_nothing(
    freelancer, django_capture_on_commit_callbacks
):
    service = create_service(freelancer)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        actions.service_delete(service=service)

    assert not Service.objects.filter(pk=service.pk).exists()
    assert not [c for c in callbacks if "delete_file" in c.__qualname__]
