"""Staff and message threads in the admin: messages read-only, hidden with a reason (the
thread then shows the reason), reports resolved by hiding or dismissing, each decision in
the audit trail and each reporter told the outcome by mail."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from services import actions
from services.models import Message, MessageReport
from tests.marketplace.moderation import REASON, act, change_url, changelist_url, decide
from tests.services.factories import ServiceFactory, engagement_in
from tests.services.threads import thread_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def engagement(freelancer, client_user):
    service = ServiceFactory(freelancer=freelancer.profile, title="Baltic reporting")
    return engagement_in("accepted", service=service, client=client_user)


@pytest.fixture
def rude(engagement, freelancer):
    return actions.message_send(
        engagement=engagement, author=freelancer, text="Pay me in cash, outside the site."
    )


def _log_messages(obj):
    return list(
        LogEntry.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name)
        .order_by("action_time")
        .values_list("change_message", flat=True)
    )


def test_a_moderator_reads_a_message_but_cannot_edit_or_delete_it(mod_client, rude):
    listing = mod_client.get(changelist_url(Message))
    page = mod_client.get(change_url(rude))

    assert listing.status_code == 200
    assert "Pay me in cash, outside the site." in page.content.decode()
    assert 'name="text"' not in page.content.decode()
    mod_client.post(change_url(rude), {"text": "Edited."})
    rude.refresh_from_db()
    assert rude.text == "Pay me in cash, outside the site."
    assert mod_client.get(change_url(rude).replace("/change/", "/delete/")).status_code == 403


def test_hiding_a_message_takes_a_reason_logs_it_and_the_thread_shows_it(
    mod_client, mod, rude, client, client_user
):
    decide(mod_client, Message, "hide", [rude], reason="Off-site payment is against the rules.")

    rude.refresh_from_db()
    assert (rude.is_hidden, rude.hidden_reason, rude.hidden_by) == (
        True,
        "Off-site payment is against the rules.",
        mod,
    )
    assert _log_messages(rude) == ["Hidden: Off-site payment is against the rules."]
    client.force_login(client_user)
    html = client.get(thread_url(rude.engagement)).content.decode()
    assert "Hidden by staff: Off-site payment is against the rules." in html
    assert "Pay me in cash" not in html


def test_a_hidden_message_can_be_shown_again(mod_client, mod, rude):
    actions.message_hide(message=rude, moderator=mod, reason=REASON)

    act(mod_client, Message, "unhide", [rude])

    rude.refresh_from_db()
    assert not rude.is_hidden
    assert _log_messages(rude)[-1] == "Shown again"


@pytest.fixture
def report(rude, client_user):
    return actions.message_report(
        message=rude, reporter=client_user, reason="Asks to be paid off the site."
    )


def test_open_message_reports_are_a_queue_on_the_admin_index(mod_client, report):
    response = mod_client.get(reverse("admin:index"))

    assert "Open message reports" in response.content.decode()
    url = changelist_url(MessageReport) + "?status__exact=open"
    assert url.replace("&", "&amp;") in response.content.decode()
    listing = mod_client.get(url)
    assert [r.pk for r in listing.context["cl"].result_list] == [report.pk]


def test_resolving_a_report_by_hiding_hides_logs_and_mails_the_reporter(
    mod_client, report, rude, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decide(
            mod_client, MessageReport, "resolve", [report], reason=REASON, outcome="hide_message"
        )

    report.refresh_from_db()
    rude.refresh_from_db()
    assert report.status == MessageReport.Status.RESOLVED
    assert report.resolved_at is not None
    assert (rude.is_hidden, rude.hidden_reason) == (True, REASON)
    assert _log_messages(report) == [f"Hide the message: {REASON}"]
    assert _log_messages(rude) == [f"Hidden: {REASON}"]
    [mail] = mailoutbox
    assert mail.to == ["casey@example.com"]
    assert "the message is hidden" in mail.subject
    assert "hid the message" in mail.body


def test_dismissing_a_report_leaves_the_message_and_tells_the_reporter(
    mod_client, report, rude, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decide(mod_client, MessageReport, "resolve", [report], reason=REASON, outcome="dismiss")

    report.refresh_from_db()
    rude.refresh_from_db()
    assert report.status == MessageReport.Status.DISMISSED
    assert not rude.is_hidden
    assert _log_messages(report) == [f"Dismiss the report: {REASON}"]
    [mail] = mailoutbox
    assert "no action taken" in mail.subject


def test_a_decision_without_a_reason_changes_nothing(mod_client, report, rude):
    act(mod_client, MessageReport, "resolve", [report], apply="1", reason="", outcome="dismiss")

    report.refresh_from_db()
    assert report.status == MessageReport.Status.OPEN
    assert _log_messages(report) == []
