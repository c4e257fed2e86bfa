"""Create forms of the services app sent twice (a double click): one row, one mail, and
both answers lead to the same page."""

import pytest
from django.urls import reverse

from services.models import Engagement, Service
from tests.races import rendered_token
from tests.services.factories import ServiceFactory, leaf_category

pytestmark = pytest.mark.django_db

MESSAGE = "Please write a 1,200-word piece on the Baltic ports, due in two weeks."


def _twice(client, url, data, capture):
    responses = []
    for _ in range(2):
        with capture(execute=True):
            responses.append(client.post(url, data))
    return responses


def test_a_hire_request_sent_twice_is_stored_and_mailed_once(
    client, client_user, freelancer, mailoutbox, django_capture_on_commit_callbacks
):
    service = ServiceFactory(freelancer=freelancer.profile)
    client.force_login(client_user)
    token = rendered_token(client.get(service.get_absolute_url()))
    url = reverse("services:hire", kwargs={"slug": service.slug})

    first, second = _twice(
        client,
        url,
        {"message": MESSAGE, "submission_token": token},
        django_capture_on_commit_callbacks,
    )

    engagement = Engagement.objects.get(client=client_user)
    assert (first.status_code, second.status_code) == (302, 302)
    assert first["Location"] == second["Location"] == engagement.get_absolute_url()
    assert len(mailoutbox) == 1


def test_two_hire_forms_sent_once_each_are_two_requests(
    client, client_user, freelancer, django_capture_on_commit_callbacks
):
    service = ServiceFactory(freelancer=freelancer.profile)
    client.force_login(client_user)
    url = reverse("services:hire", kwargs={"slug": service.slug})

    for _ in range(2):
        token = rendered_token(client.get(service.get_absolute_url()))
        client.post(url, {"message": MESSAGE, "submission_token": token})

    assert Engagement.objects.filter(client=client_user).count() == 2


def test_a_new_service_sent_twice_is_created_once(
    client, freelancer, django_capture_on_commit_callbacks
):
    client.force_login(freelancer)
    token = rendered_token(client.get(reverse("services:dashboard_create")))
    data = {
        "title": "News writing",
        "category": str(leaf_category().pk),
        "description": "Reported, sourced, on deadline.",
        "hourly_rate": "30",
        "starting_price": "25",
        "engagement": "ongoing",
        "skills": "News Writing",
        "submission_token": token,
    }

    first, second = _twice(
        client, reverse("services:dashboard_create"), data, django_capture_on_commit_callbacks
    )

    service = Service.objects.get(freelancer=freelancer.profile)
    assert (first.status_code, second.status_code) == (302, 302)
    assert first["Location"] == second["Location"]
    assert first["Location"] == reverse("services:dashboard_edit", kwargs={"pk": service.pk})
