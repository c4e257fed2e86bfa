"""Safety in threads: a calm notice on messages holding contact details, and a thread that
turns read-only 90 days after its request closed."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from services import actions
from services.models import Engagement, Message
from tests.services.factories import engagement_in
from tests.services.threads import thread_url

pytestmark = pytest.mark.django_db

NOTICE = "Keep the conversation here: it is your record if something goes wrong"


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Mail me at fran@example.org instead.", True),
        ("Call me on +1 415 555 0132.", True),
        ("Let's move to WhatsApp.", True),
        ("The draft is due on 2026-03-01.", False),
    ],
)
def test_the_contact_flag_is_stored_when_the_message_is_saved(thread, client_user, text, flagged):
    message = actions.message_send(engagement=thread, author=client_user, text=text)

    assert Message.objects.get(pk=message.pk).has_contact_details is flagged


@pytest.mark.parametrize("viewer", ["client_user", "freelancer"])
def test_both_parties_see_the_notice_on_that_message_only(
    client, request, thread, client_user, viewer
):
    actions.message_send(engagement=thread, author=client_user, text="My Telegram is @casey")
    actions.message_send(engagement=thread, author=client_user, text="No details here.")
    client.force_login(request.getfixturevalue(viewer))

    html = client.get(thread_url(thread)).content.decode()

    assert html.count(NOTICE) == 1


# --- Read-only 90 days after the request closed ----------------------------------------


def _closed(status, client_user, fran_service, *, days_ago):
    engagement = engagement_in(status, service=fran_service, client=client_user)
    when = timezone.now() - timedelta(days=days_ago)
    stamp = "completed_at" if status == "completed" else "closed_at"
    Engagement.objects.filter(pk=engagement.pk).update(**{stamp: when})
    return Engagement.objects.get(pk=engagement.pk)


@pytest.mark.parametrize("status", ["declined", "cancelled", "completed"])
def test_a_thread_takes_messages_until_90_days_after_its_request_closed(
    client, client_user, fran_service, status
):
    open_still = _closed(status, client_user, fran_service, days_ago=89)
    closed = _closed(status, client_user, fran_service, days_ago=90)
    client.force_login(client_user)

    open_page = client.get(thread_url(open_still)).content.decode()
    closed_page = client.get(thread_url(closed)).content.decode()
    client.post(thread_url(open_still), {"text": "Still here."})
    refused = client.post(thread_url(closed), {"text": "Too late."})

    assert "Send message" in open_page
    assert "Send message" not in closed_page
    assert "This conversation is closed" in closed_page
    assert refused.status_code == 200
    assert "This conversation is closed" in refused.content.decode()
    assert list(Message.objects.values_list("text", flat=True)) == ["Still here."]


def test_the_action_refuses_a_read_only_thread_too(client_user, fran_service):
    closed = _closed("completed", client_user, fran_service, days_ago=120)

    with pytest.raises(ValidationError, match="This conversation is closed"):
        actions.message_send(engagement=closed, author=client_user, text="Hello?")


def test_an_accepted_request_never_goes_read_only(client, client_user, fran_service):
    engagement = engagement_in("accepted", service=fran_service, client=client_user)
    Engagement.objects.filter(pk=engagement.pk).update(
        accepted_at=timezone.now() - timedelta(days=400)
    )
    client.force_login(client_user)

    assert "Send message" in client.get(thread_url(engagement)).content.decode()


def test_the_timeline_shows_the_requests_steps_among_the_messages(
    client, client_user, freelancer, fran_service
):
    engagement = actions.engagement_request(
        service=fran_service, client=client_user, message="Three pieces on the Baltic ports."
    )
    actions.message_send(engagement=engagement, author=freelancer, text="Happy to. Deadline?")
    actions.engagement_accept(engagement=engagement, actor=freelancer)
    actions.message_send(engagement=engagement, author=client_user, text="Friday, please.")
    client.force_login(client_user)

    html = client.get(thread_url(engagement)).content.decode()

    order = [
        html.index("<strong>Requested</strong>"),
        html.index("Three pieces on the Baltic ports."),
        html.index("Happy to. Deadline?"),
        html.index("<strong>Accepted</strong>"),
        html.index("Friday, please."),
    ]
    assert order == sorted(order)
