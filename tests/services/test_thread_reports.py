"""Reporting a message from the thread: only its recipient may, with a reason, once."""

import pytest
from django.urls import reverse

from services import actions
from services.models import MessageReport
from tests.services.threads import thread_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def rude(thread, freelancer):
    return actions.message_send(engagement=thread, author=freelancer, text="Pay me in cash.")


def report_url(message):
    return reverse(
        "services:message_report", kwargs={"pk": message.engagement_id, "message_pk": message.pk}
    )


def test_the_recipient_reports_a_message_with_a_reason(client, client_user, rude):
    client.force_login(client_user)

    page = client.get(report_url(rude))
    response = client.post(report_url(rude), {"reason": "Asks to be paid off the site."})

    assert "Pay me in cash." in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == thread_url(rude.engagement)
    report = MessageReport.objects.get()
    assert (report.message, report.reporter, report.reason, report.status) == (
        rude,
        client_user,
        "Asks to be paid off the site.",
        MessageReport.Status.OPEN,
    )


def test_the_thread_offers_the_report_link_on_received_messages_only(
    client, client_user, freelancer, rude
):
    mine = actions.message_send(engagement=rude.engagement, author=client_user, text="No.")

    client.force_login(client_user)
    casey_sees = client.get(thread_url(rude.engagement)).content.decode()
    client.force_login(freelancer)
    fran_sees = client.get(thread_url(rude.engagement)).content.decode()

    assert report_url(rude) in casey_sees
    assert report_url(mine) not in casey_sees
    assert report_url(mine) in fran_sees


@pytest.mark.parametrize("who", ["freelancer", "stranger", "other_freelancer", "moderator"])
def test_nobody_but_the_recipient_may_report(client, request, rude, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(report_url(rude)).status_code == 404
    assert client.post(report_url(rude), {"reason": "I just do not like it."}).status_code == 404
    assert not MessageReport.objects.exists()


def test_anonymous_visitors_get_a_404(client, rude):
    assert client.get(report_url(rude)).status_code == 404


def test_a_reason_is_needed_and_one_open_report_per_message(client, client_user, rude):
    client.force_login(client_user)

    empty = client.post(report_url(rude), {"reason": ""})
    client.post(report_url(rude), {"reason": "Asks to be paid off the site."})
    again = client.post(report_url(rude), {"reason": "And again, the same message."})

    assert "This field is required." in empty.content.decode()
    assert "You have already reported this message." in again.content.decode()
    assert MessageReport.objects.count() == 1
