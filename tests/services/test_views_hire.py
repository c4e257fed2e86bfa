"""Hiring from the service page: the form, its errors, the hourly limit, and who sees it."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from services.models import Engagement, Service
from tests.services.engagement_pages import S, messages_of, visible_text
from tests.services.factories import EngagementFactory, ServiceFactory

pytestmark = pytest.mark.django_db


MESSAGE = "Please write a 1,200-word piece on the Baltic ports, due in two weeks."


def _field_errors(response, field):
    """The text of the error block rendered next to `field`, or None."""
    html = response.content.decode()
    match = re.search(
        rf'<div class="field__errors" id="id_{field}_error"[^>]*>(.*?)</div>', html, re.S
    )
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split()) if match else None


def _hire_form_action(service):
    return f'action="{reverse("services:hire", kwargs={"slug": service.slug})}"'


def test_an_anonymous_visitor_posting_a_hire_request_is_sent_to_sign_in(client, fran_service):
    url = reverse("services:hire", kwargs={"slug": fran_service.slug})

    response = client.post(url, {"message": MESSAGE})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"
    assert not Engagement.objects.exists()


def test_a_signed_in_client_hires_a_freelancer_from_the_service_page(
    client, client_user, freelancer, fran_service
):
    client.force_login(client_user)

    response = client.post(
        reverse("services:hire", kwargs={"slug": fran_service.slug}),
        {"message": MESSAGE, "budget": "450"},
    )

    engagement = Engagement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == engagement.get_absolute_url()
    assert engagement.client == client_user
    assert engagement.freelancer == freelancer.profile
    assert engagement.service == fran_service
    assert engagement.status == S.REQUESTED
    assert engagement.message == MESSAGE
    assert engagement.budget == Decimal("450")
    assert messages_of(response) == [
        ("success", "Your hire request is sent. You will hear back by email.")
    ]


def test_the_budget_is_optional(client, client_user, fran_service):
    client.force_login(client_user)

    response = client.post(
        reverse("services:hire", kwargs={"slug": fran_service.slug}), {"message": MESSAGE}
    )

    assert response.status_code == 302
    assert Engagement.objects.get().budget is None


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"message": "Too short."}, "message", "at least 20 characters"),
        ({"message": ""}, "message", "This field is required."),
        ({"message": MESSAGE, "budget": "abc"}, "budget", "Enter a number."),
        ({"message": MESSAGE, "budget": "0"}, "budget", "greater than or equal to 1"),
    ],
    ids=["message-too-short", "message-missing", "budget-not-a-number", "budget-zero"],
)
def test_bad_hire_input_shows_the_service_page_with_the_error_next_to_the_field(
    client, client_user, fran_service, data, field, error
):
    client.force_login(client_user)

    response = client.post(reverse("services:hire", kwargs={"slug": fran_service.slug}), data)

    assert response.status_code == 200
    assert "services/service_detail.html" in [t.name for t in response.templates]
    assert error in _field_errors(response, field)
    assert _hire_form_action(fran_service) in response.content.decode()
    assert not Engagement.objects.exists()


def test_the_owner_sees_no_hire_form_on_their_own_service(client, freelancer, fran_service):
    client.force_login(freelancer)

    response = client.get(fran_service.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert _hire_form_action(fran_service) not in html
    assert "Hire Fran Freelancer" not in html
    assert "Sign in to hire" not in html


def test_hiring_your_own_service_gives_a_clear_error_and_saves_nothing(
    client, freelancer, fran_service
):
    client.force_login(freelancer)

    response = client.post(
        reverse("services:hire", kwargs={"slug": fran_service.slug}),
        {"message": MESSAGE},
        follow=True,
    )

    assert response.status_code == 200
    assert "You cannot hire yourself." in visible_text(response)
    assert not Engagement.objects.exists()


def test_the_request_past_the_hourly_limit_answers_the_designed_429_page(
    client, client_user, fran_service, settings
):
    assert settings.HIRE_REQUESTS_PER_HOUR == 10
    EngagementFactory.create_batch(10, client=client_user)
    client.force_login(client_user)

    response = client.post(
        reverse("services:hire", kwargs={"slug": fran_service.slug}), {"message": MESSAGE}
    )

    assert response.status_code == 429
    assert "429.html" in [t.name for t in response.templates]
    assert "Too many requests" in visible_text(response)
    assert Engagement.objects.count() == 10


def test_the_tenth_request_within_the_hour_is_still_accepted(client, client_user, fran_service):
    EngagementFactory.create_batch(9, client=client_user)
    client.force_login(client_user)

    response = client.post(
        reverse("services:hire", kwargs={"slug": fran_service.slug}), {"message": MESSAGE}
    )

    assert response.status_code == 302
    assert Engagement.objects.count() == 10


@pytest.mark.parametrize(
    "status", [status for status in Service.Status if status != Service.Status.PUBLISHED]
)
def test_the_hire_url_of_a_service_that_is_not_public_is_404_for_a_stranger(
    client, stranger, freelancer, status
):
    service = ServiceFactory(freelancer=freelancer.profile, status=status, published_at=None)
    client.force_login(stranger)

    response = client.post(
        reverse("services:hire", kwargs={"slug": service.slug}), {"message": MESSAGE}
    )

    assert response.status_code == 404
    assert not Engagement.objects.exists()


def test_the_service_page_shows_the_hire_form_to_a_signed_in_non_owner(
    client, client_user, fran_service
):
    client.force_login(client_user)

    response = client.get(fran_service.get_absolute_url())

    html = response.content.decode()
    assert _hire_form_action(fran_service) in html
    assert 'name="message"' in html
    assert 'name="budget"' in html
    assert "Send hire request" in html
    assert "Sign in to hire" not in html


def test_the_service_page_asks_an_anonymous_visitor_to_sign_in_to_hire(client, fran_service):
    response = client.get(fran_service.get_absolute_url())

    html = response.content.decode()
    assert "Sign in to hire" in html
    assert f'href="{reverse("account_login")}?next={fran_service.get_absolute_url()}%23hire"' in (
        html
    )
    assert _hire_form_action(fran_service) not in html
