"""Two edits of one service opened at the same time: the second to save is refused and
shown the first one's values; nothing is overwritten."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.urls import reverse

from common.edits import STALE_MESSAGE, EditConflict
from services import actions
from services.models import Service
from tests.services.factories import ServiceFactory, leaf_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def fran(client, freelancer):
    client.force_login(freelancer)
    return client


@pytest.fixture
def service(freelancer):
    return ServiceFactory(freelancer=freelancer.profile, title="News writing")


def _edit_url(service):
    return reverse("services:dashboard_edit", kwargs={"pk": service.pk})


def _opened(client, service):
    """Open the edit page, as a browser tab would: the form's values, version included."""
    form = client.get(_edit_url(service)).context["form"]
    data = {name: form[name].value() for name in ("title", "description", "engagement")}
    return data | {
        "category": str(leaf_category().pk),
        "hourly_rate": "30",
        "starting_price": "25",
        "skills": "",
        "version": form["version"].value(),
    }


def test_the_edit_form_carries_the_rows_version(fran, service):
    response = fran.get(_edit_url(service))

    assert response.context["form"]["version"].value() == service.updated_at.isoformat()
    assert f'value="{service.updated_at.isoformat()}"'.encode() in response.content


def test_a_stale_edit_shows_the_conflict_with_the_newer_values_and_saves_nothing(
    fran, service, settings
):
    settings.SERVICES_PREMODERATION = False
    first_tab, second_tab = _opened(fran, service), _opened(fran, service)
    fran.post(_edit_url(service), first_tab | {"title": "Saved in the first tab"})

    response = fran.post(_edit_url(service), second_tab | {"title": "Saved in the second tab"})

    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors() == [STALE_MESSAGE]
    assert form["title"].value() == "Saved in the first tab"
    assert STALE_MESSAGE.encode() in response.content
    service.refresh_from_db()
    assert service.title == "Saved in the first tab"
    assert form["version"].value() == service.updated_at.isoformat()


def test_saving_the_form_shown_after_a_conflict_works(fran, service, settings):
    settings.SERVICES_PREMODERATION = False
    first_tab, second_tab = _opened(fran, service), _opened(fran, service)
    fran.post(_edit_url(service), first_tab | {"title": "Saved in the first tab"})
    shown = fran.post(_edit_url(service), second_tab).context["form"]

    response = fran.post(
        _edit_url(service),
        second_tab | {"title": "Saved after all", "version": shown["version"].value()},
    )

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.title == "Saved after all"


def test_a_moderators_decision_meanwhile_is_a_conflict_too(service, moderator):
    opened = service.updated_at
    actions.service_suspend(service=service, moderator=moderator, note="Copied text.")

    with pytest.raises(EditConflict):
        actions.service_update(service=service, data={"title": "Back"}, version=opened)

    service.refresh_from_db()
    assert (service.title, service.status) == ("News writing", Service.Status.SUSPENDED)


def test_a_skills_only_edit_moves_the_version_on(service):
    opened = service.updated_at
    actions.service_update(service=service, data={}, skill_names=["Editing"], version=opened)

    with pytest.raises(EditConflict):
        actions.service_update(service=service, data={}, skill_names=[], version=opened)

    assert [skill.name for skill in service.skills.all()] == ["Editing"]


@pytest.mark.django_db(transaction=True)
def test_of_two_racing_edits_exactly_one_wins(freelancer):
    service = ServiceFactory(freelancer=freelancer.profile, title="News writing")
    opened = Service.objects.get(pk=service.pk).updated_at
    barrier = threading.Barrier(2)
    saved, conflicts, errors = [], [], []

    def edit(rate):
        try:
            barrier.wait(timeout=30)
            with transaction.atomic():
                actions.service_update(
                    service=service,
                    data={"hourly_rate": Decimal(rate)},
                    version=opened,
                    premoderation=False,
                )
            saved.append(Decimal(rate))
        except EditConflict:
            conflicts.append(Decimal(rate))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(rate,)) for rate in ("45", "60")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(saved) == 1
    assert len(conflicts) == 1
    service.refresh_from_db()
    assert service.hourly_rate == saved[0]
