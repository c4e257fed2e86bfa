"""Reports of services and freelancers, end to end: the report form, the staff's decision
in the admin with a reason, and the mails to the reporter and the freelancer concerned."""

import pytest
from django.urls import reverse

from profiles.models import Profile
from reviews.models import Report
from tests.marketplace.moderation import (
    REASON,
    S,
    act,
    decide,
    entries_of,
    page_text,
    published_service,
)

pytestmark = pytest.mark.django_db

COMPLAINT = "The samples are copied from a newspaper's website."


def _report(client, user, url_name, slug, category="fake"):
    client.force_login(user)
    response = client.post(
        reverse(url_name, kwargs={"slug": slug}), {"category": category, "reason": COMPLAINT}
    )
    assert response.status_code == 302
    return Report.objects.latest("pk")


@pytest.fixture
def service(freelancer):
    return published_service(freelancer)


def test_the_decision_page_offers_only_decisions_that_fit_a_service(
    mod_client, visitor, stranger, service
):
    report = _report(visitor, stranger, "reviews:report_service", service.slug)

    page = page_text(act(mod_client, Report, "resolve", [report]))

    assert 'value="suspend_service"' in page
    assert 'value="suspend_profile"' in page
    assert 'value="dismiss"' in page
    assert 'value="hide_review"' not in page


def test_a_service_report_dismissed_tells_the_reporter_and_the_freelancer_why(
    mod_client, mod, visitor, stranger, service, django_capture_on_commit_callbacks, mailoutbox
):
    report = _report(visitor, stranger, "reviews:report_service", service.slug)

    with django_capture_on_commit_callbacks(execute=True):
        response = decide(
            mod_client, Report, "resolve", [report], outcome="dismiss", reason="Samples are hers."
        )

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.outcome, report.decided_by) == ("dismissed", "dismiss", mod)
    assert report.decision_reason == "Samples are hers."
    service.refresh_from_db()
    assert service.status == S.PUBLISHED
    mails = {m.to[0]: m for m in mailoutbox}
    assert set(mails) == {"sam@example.com", "fran@example.com"}
    assert "Dismiss the report" in mails["sam@example.com"].body
    assert "Why: Samples are hers." in mails["sam@example.com"].body
    assert f"the service “{service.title}”" in mails["fran@example.com"].body
    assert "Why: Samples are hers." in mails["fran@example.com"].body
    assert "sam@example.com" not in mails["fran@example.com"].body
    assert [e.change_message for e in entries_of(report)] == [
        "Dismiss the report: Samples are hers."
    ]


def test_a_service_report_upheld_suspends_the_service_and_tells_both(
    mod_client,
    visitor,
    stranger,
    client_user,
    service,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    first = _report(visitor, stranger, "reviews:report_service", service.slug)
    second = _report(visitor, client_user, "reviews:report_service", service.slug, "spam")

    with django_capture_on_commit_callbacks(execute=True):
        decide(mod_client, Report, "resolve", [first], outcome="suspend_service")

    service.refresh_from_db()
    assert service.status == S.SUSPENDED
    assert service.moderation_note == REASON
    for report in (first, second):
        report.refresh_from_db()
        assert (report.status, report.outcome) == ("resolved", "suspend_service")
    by_address = {}
    for mail in mailoutbox:
        by_address.setdefault(mail.to[0], []).append(mail)
    assert sorted(by_address) == ["casey@example.com", "fran@example.com", "sam@example.com"]
    assert f"Why: {REASON}" in by_address["sam@example.com"][0].body
    (to_freelancer,) = by_address["fran@example.com"]
    assert "suspended" in to_freelancer.subject
    assert f"Why: {REASON}" in to_freelancer.body
    assert visitor.get(service.get_absolute_url()).status_code == 404


def test_a_profile_report_upheld_suspends_the_freelancer(
    mod_client,
    visitor,
    stranger,
    freelancer,
    service,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    report = _report(visitor, stranger, "reviews:report_profile", freelancer.profile.slug)

    with django_capture_on_commit_callbacks(execute=True):
        decide(mod_client, Report, "resolve", [report], outcome="suspend_profile")

    freelancer.profile.refresh_from_db()
    assert freelancer.profile.status == Profile.Status.SUSPENDED
    report.refresh_from_db()
    assert (report.status, report.outcome, report.decision_reason) == (
        "resolved",
        "suspend_profile",
        REASON,
    )
    to_reporter = [m for m in mailoutbox if m.to == ["sam@example.com"]]
    assert len(to_reporter) == 1
    assert "Suspend the freelancer" in to_reporter[0].body
    assert f"Why: {REASON}" in to_reporter[0].body
    assert visitor.get(freelancer.profile.get_absolute_url()).status_code == 404


def test_the_index_counts_open_reports_of_every_kind(
    mod_client, visitor, stranger, freelancer, service, reviewed_service
):
    _report(visitor, stranger, "reviews:report_service", service.slug)
    _report(visitor, stranger, "reviews:report_profile", freelancer.profile.slug)

    queues = mod_client.get(reverse("admin:index")).context["queues"]

    assert {q["label"]: q["count"] for q in queues}["Open reports"] == 2
    listing = mod_client.get(reverse("admin:reviews_report_changelist") + "?kind=service")
    assert [r.service for r in listing.context["cl"].result_list] == [service]
