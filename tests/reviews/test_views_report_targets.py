"""Reporting a service or a freelancer: the links on their pages, the form, and who may
report what."""

import pytest
from django.urls import reverse

from profiles.models import Profile
from reviews.models import Report
from services.models import Service
from tests.profiles.factories import ProfileFactory
from tests.reviews.pages import field_block, login_url, visible_text

pytestmark = pytest.mark.django_db

REASON = "It copies another freelancer's portfolio word for word."


def _service_url(service):
    return reverse("reviews:report_service", kwargs={"slug": service.slug})


def _profile_url(profile):
    return reverse("reviews:report_profile", kwargs={"slug": profile.slug})


def test_signed_in_visitors_see_report_links_on_the_service_and_the_profile(
    client, stranger, service
):
    profile = service.freelancer
    client.force_login(stranger)

    service_page = client.get(service.get_absolute_url()).content.decode()
    profile_page = client.get(profile.get_absolute_url()).content.decode()

    assert f'href="{_service_url(service)}">Report this service<' in service_page
    assert f'href="{_profile_url(profile)}">Report this freelancer<' in profile_page


@pytest.mark.parametrize("who", ["anonymous", "freelancer"])
def test_no_report_link_for_visitors_signed_out_or_on_their_own_pages(
    client, request, service, who
):
    if who == "freelancer":
        client.force_login(request.getfixturevalue("freelancer"))

    service_page = client.get(service.get_absolute_url()).content.decode()
    profile_page = client.get(service.freelancer.get_absolute_url()).content.decode()

    assert "Report this service" not in service_page
    assert "Report this freelancer" not in profile_page


def test_a_signed_in_user_reports_a_service_with_a_category(client, stranger, service):
    client.force_login(stranger)

    page = client.get(_service_url(service))
    response = client.post(_service_url(service), {"category": "fake", "reason": REASON})

    assert page.status_code == 200
    assert "What is wrong with this service?" in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == service.get_absolute_url()
    report = Report.objects.get()
    assert (report.service, report.review, report.profile) == (service, None, None)
    assert (report.reporter, report.category, report.reason) == (stranger, "fake", REASON)
    assert report.status == Report.Status.OPEN


def test_a_signed_in_user_reports_a_freelancer(client, stranger, freelancer):
    client.force_login(stranger)

    response = client.post(_profile_url(freelancer.profile), {"reason": REASON})

    assert response.status_code == 302
    assert response["Location"] == freelancer.profile.get_absolute_url()
    report = Report.objects.get()
    assert (report.profile, report.reporter, report.category) == (
        freelancer.profile,
        stranger,
        Report.Category.OTHER,
    )


def test_a_second_open_report_of_the_same_service_answers_a_clear_error(client, stranger, service):
    client.force_login(stranger)
    client.post(_service_url(service), {"reason": REASON})

    response = client.post(_service_url(service), {"reason": "Still copied, word for word."})

    assert response.status_code == 200
    assert "You have already reported this service." in visible_text(response.content.decode())
    assert Report.objects.count() == 1


def test_freelancers_cannot_report_their_own_service_or_profile(client, freelancer, service):
    client.force_login(freelancer)

    on_service = client.post(_service_url(service), {"reason": REASON})
    on_profile = client.post(_profile_url(freelancer.profile), {"reason": REASON})

    assert "You cannot report your own service." in visible_text(on_service.content.decode())
    assert "You cannot report yourself." in visible_text(on_profile.content.decode())
    assert not Report.objects.exists()


def test_a_too_short_reason_stands_next_to_its_field(client, stranger, service):
    client.force_login(stranger)

    response = client.post(_service_url(service), {"reason": "Bad."})

    assert response.status_code == 200
    assert "at least 10 characters" in field_block(response, "What is wrong with this service?")
    assert not Report.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, service):
    response = client.post(_service_url(service), {"reason": REASON})

    assert response.status_code == 302
    assert response["Location"] == login_url(_service_url(service))
    assert not Report.objects.exists()


def test_services_and_profiles_that_are_not_public_cannot_be_reported(
    client, stranger, service, freelancer
):
    Service.objects.filter(pk=service.pk).update(status=Service.Status.SUSPENDED)
    client.force_login(stranger)

    assert client.post(_service_url(service), {"reason": REASON}).status_code == 404
    Profile.objects.filter(pk=freelancer.profile.pk).update(status=Profile.Status.SUSPENDED)
    assert client.post(_profile_url(freelancer.profile), {"reason": REASON}).status_code == 404
    assert not Report.objects.exists()


def test_reports_are_limited_per_hour_with_a_designed_429(client, stranger, settings):
    settings.REPORTS_PER_HOUR = 2
    client.force_login(stranger)
    targets = [ProfileFactory() for _ in range(3)]

    answers = [client.post(_profile_url(p), {"reason": REASON}).status_code for p in targets]

    assert answers == [302, 302, 429]
    assert Report.objects.count() == 2
