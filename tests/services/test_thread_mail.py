"""Mail about new messages: the other party is told, at most once per thread every 15
minutes while they have not read it; reading resets that, and a setting turns it off."""

from datetime import timedelta

import pytest
from django.urls import reverse

from services import actions
from services.models import ThreadRead
from tests.services.factories import engagement_in
from tests.services.threads import thread_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Send a message as if its transaction committed (mail waits for the commit)."""

    def send(engagement, author, text="Here is the outline."):
        with django_capture_on_commit_callbacks(execute=True):
            return actions.message_send(engagement=engagement, author=author, text=text)

    return send


def _age_the_last_mail(engagement, user, minutes):
    marker = ThreadRead.objects.get(engagement=engagement, user=user)
    ThreadRead.objects.filter(pk=marker.pk).update(
        mailed_at=marker.mailed_at - timedelta(minutes=minutes)
    )


def test_a_message_mails_the_other_party_with_its_start_and_a_link(
    send, thread, freelancer, client_user, mailoutbox
):
    send(thread, client_user, "Could you add a section on the ports? " + "More detail. " * 40)

    [mail] = mailoutbox
    assert mail.to == ["fran@example.com"]
    assert (
        mail.subject
        == "[Freelance Marketplace] New message from Casey Client about “Baltic reporting”"
    )
    assert "Could you add a section on the ports?" in mail.body
    assert "More detail. " * 40 not in mail.body  # only its start
    assert f"?next={thread_url(thread)}" in mail.body


def test_two_messages_within_15_minutes_make_one_mail(
    send, thread, freelancer, client_user, mailoutbox
):
    send(thread, client_user, "First.")
    send(thread, client_user, "Second.")
    _age_the_last_mail(thread, freelancer, minutes=14)
    send(thread, client_user, "Third, 14 minutes on.")

    assert len(mailoutbox) == 1


def test_after_15_minutes_unread_the_next_message_mails_again(
    send, thread, freelancer, client_user, mailoutbox
):
    send(thread, client_user, "First.")
    _age_the_last_mail(thread, freelancer, minutes=15)
    send(thread, client_user, "Second, 15 minutes on.")

    assert len(mailoutbox) == 2
    assert "Second, 15 minutes on." in mailoutbox[1].body


def test_reading_the_thread_resets_the_wait(
    client, send, thread, freelancer, client_user, mailoutbox
):
    send(thread, client_user, "First.")
    client.force_login(freelancer)
    client.get(thread_url(thread))
    send(thread, client_user, "Second, a minute on, after Fran read the first.")

    assert len(mailoutbox) == 2


def test_each_party_and_each_thread_has_its_own_wait(
    send, thread, freelancer, client_user, fran_service, mailoutbox
):
    other = engagement_in("accepted", service=fran_service, client=client_user)
    send(thread, client_user, "To Fran in the first thread.")
    send(other, client_user, "To Fran in the second thread.")
    send(thread, freelancer, "To Casey.")

    assert sorted(m.to[0] for m in mailoutbox) == [
        "casey@example.com",
        "fran@example.com",
        "fran@example.com",
    ]


def test_the_request_mail_counts_for_the_first_15_minutes(
    thread, freelancer, client_user, fran_service, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        engagement = actions.engagement_request(
            service=fran_service, client=client_user, message="A long feature on Baltic ports."
        )
        actions.message_send(engagement=engagement, author=client_user, text="And a photo?")

    assert [m.subject for m in mailoutbox] == [
        "[Freelance Marketplace] New hire request for “Baltic reporting”"
    ]


def test_turning_message_mail_off_stops_it_and_the_thread_still_turns_unread(
    client, send, thread, freelancer, client_user, mailoutbox
):
    client.force_login(freelancer)
    response = client.post(reverse("services:notifications"), {})  # the box unticked
    assert response.status_code == 302

    send(thread, client_user, "Are you there?")

    freelancer.refresh_from_db()
    assert freelancer.message_mail is False
    assert mailoutbox == []
    assert ThreadRead.objects.get(engagement=thread, user=freelancer).unread_since is not None


def test_the_notifications_page_shows_the_setting_and_turns_it_back_on(client, freelancer):
    freelancer.message_mail = False
    freelancer.save()
    client.force_login(freelancer)

    page = client.get(reverse("services:notifications"))
    client.post(reverse("services:notifications"), {"message_mail": "on"})

    assert "Email me about new messages" in page.content.decode()
    assert 'name="message_mail"' in page.content.decode()
    freelancer.refresh_from_db()
    assert freelancer.message_mail is True


def test_the_notifications_page_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("services:notifications"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
