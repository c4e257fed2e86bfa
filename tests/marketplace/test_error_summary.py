"""A form that failed starts with an error summary: "There is a problem" and a link to each
field with an error, focused without JavaScript; the field's own errors stay beside it."""

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.services.factories import ServiceFactory
from tests.services.forms import service_data

pytestmark = pytest.mark.django_db


def _summary(html):
    match = re.search(r'<div class="error-summary"[^>]*>.*?</div>', html, re.S)
    return match.group(0) if match else None


def _links(summary):
    """(target, text) of each link in the summary, in order."""
    return [
        (href, unescape(text).strip())
        for href, text in re.findall(r'<a href="([^"]*)">(.*?)</a>', summary, re.S)
    ]


def _assert_field_error_beside_its_field(html, name):
    """The field's error block has its own id, and the field names it."""
    assert html.count(f'id="id_{name}_error"') == 1
    field = re.search(rf'<(?:input|textarea|select)[^>]*name="{name}"[^>]*>', html).group(0)
    assert re.search(rf'aria-describedby="[^"]*\bid_{name}_error\b', field)
    assert f'id="id_{name}"' in field


def test_an_empty_hire_request_starts_with_a_summary_linking_to_the_message(
    client, client_user, freelancer
):
    service = ServiceFactory(freelancer=freelancer.profile)
    client.force_login(client_user)

    response = client.post(reverse("services:hire", kwargs={"slug": service.slug}), {})

    html = response.content.decode()
    summary = _summary(html)
    assert summary is not None
    assert 'role="alert" tabindex="-1" autofocus' in summary
    assert "There is a problem" in summary
    assert ("#id_message", "Message: This field is required.") in _links(summary)
    _assert_field_error_beside_its_field(html, "message")
    # The summary comes before the form's fields.
    assert html.index('class="error-summary"') < html.index('name="message"')


def test_an_empty_service_form_links_each_field_with_an_error(client, freelancer):
    client.force_login(freelancer)

    response = client.post(
        reverse("services:dashboard_create"),
        service_data(title="", description="", hourly_rate=""),
    )

    html = response.content.decode()
    links = _links(_summary(html))
    assert links == [
        ("#id_title", "Title: This field is required."),
        ("#id_description", "Description: This field is required."),
        ("#id_hourly_rate", "Hourly rate ($): This field is required."),
    ]
    for name in ("title", "description", "hourly_rate"):
        _assert_field_error_beside_its_field(html, name)


def test_a_summary_links_each_error_of_a_field_once_per_error(client, freelancer):
    client.force_login(freelancer)

    response = client.post(
        reverse("services:dashboard_create"), service_data(hourly_rate="0", starting_price="-1")
    )

    targets = [href for href, _ in _links(_summary(response.content.decode()))]
    assert targets == ["#id_hourly_rate", "#id_starting_price"]


def test_the_summary_is_the_forms_only_alert_region(client, freelancer):
    client.force_login(freelancer)

    response = client.post(reverse("services:dashboard_create"), service_data(title=""))

    html = response.content.decode()
    start = html.index('<form class="card form-wide"')
    form = html[start : html.index("</form>", start)]
    assert form.count('role="alert"') == 1
    assert 'class="error-summary" role="alert"' in form


def test_a_form_without_errors_has_no_summary(client, freelancer):
    client.force_login(freelancer)

    html = client.get(reverse("services:dashboard_create")).content.decode()

    assert _summary(html) is None
    assert "There is a problem" not in html
