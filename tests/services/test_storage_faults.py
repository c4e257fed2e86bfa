"""A service banner the storage cannot take (disk full, read-only, unwritable): the form
comes back with the error next to the field, nothing changes and no file is left."""

import pytest
from django.urls import reverse

from profiles.uploads import STORAGE_ERROR_MESSAGE
from services.models import Service
from tests.profiles import files
from tests.profiles.forms import files_under
from tests.profiles.storages import FAILING, use_storage
from tests.services.forms import service_data

pytestmark = pytest.mark.django_db

failing_storages = pytest.mark.parametrize("backend", FAILING, ids=lambda cls: cls.__name__)


@pytest.fixture
def fran(client, freelancer):
    client.force_login(freelancer)
    return client


@failing_storages
def test_a_new_service_whose_banner_cannot_be_stored_is_not_created(
    fran, settings, monkeypatch, caplog, backend
):
    use_storage(settings, monkeypatch, backend)

    response = fran.post(
        reverse("services:dashboard_create"), service_data(banner=files.png_file())
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"banner": [STORAGE_ERROR_MESSAGE]}
    assert STORAGE_ERROR_MESSAGE in response.content.decode()
    assert not Service.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == []
    assert [r.name for r in caplog.records if r.exc_info] == ["profiles.uploads"]


@failing_storages
def test_a_banner_that_cannot_be_stored_leaves_the_service_as_it_was(
    fran, settings, monkeypatch, django_capture_on_commit_callbacks, backend
):
    fran.post(
        reverse("services:dashboard_create"),
        service_data(title="News writing", banner=files.png_file()),
    )
    service = Service.objects.get()
    banner = service.banner.name
    use_storage(settings, monkeypatch, backend)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = fran.post(
            reverse("services:dashboard_edit", kwargs={"pk": service.pk}),
            service_data(title="Breaking news", banner=files.jpeg_file()),
        )

    assert response.status_code == 200
    assert response.context["form"].errors == {"banner": [STORAGE_ERROR_MESSAGE]}
    assert callbacks == []  # nothing committed: no deletion, no page invalidation
    service.refresh_from_db()
    assert service.title == "News writing"
    assert service.banner.name == banner
    assert files_under(settings.MEDIA_ROOT) == [settings.MEDIA_ROOT / banner]
