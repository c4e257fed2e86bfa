"""Threads and inboxes at scale, in pinned queries: a thread of 1,000 messages shows its
latest 50 and pages back by keyset (created_at, id); an inbox of 10,000 threads shows 20
a page with each thread's last message and unread state."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from services.models import Engagement, Message, MessageAttachment, ThreadRead
from tests.services.factories import engagement_in
from tests.services.threads import message_texts, thread_url

pytestmark = pytest.mark.django_db

# The session, its user; the engagement with the viewer's marker; 51 messages with their
# authors; their attachments; the header's unread count.
THREAD_QUERIES = 6
# ... and the unread viewer's marker cleared.
THREAD_QUERIES_UNREAD = THREAD_QUERIES + 1
# The session, its user; the inbox's count and its page of 20 (with the last messages and
# markers as subqueries); the header's unread count.
INBOX_QUERIES = 5
START = timezone.now() - timedelta(days=30)


def _messages(engagement, count, *, with_files=True):
    """`count` messages, alternately by each party, one a minute, every tenth with a file."""
    parties = [engagement.client_id, engagement.freelancer.user_id]
    Message.objects.bulk_create(
        Message(
            engagement=engagement,
            author_id=parties[n % 2],
            text=f"Message {n:04d}.",
            created_at=START + timedelta(minutes=n),
        )
        for n in range(count)
    )
    if with_files:
        MessageAttachment.objects.bulk_create(
            MessageAttachment(
                message=message,
                file="messages/x.txt",
                name="x.txt",
                content_type="text/plain",
                size=1,
            )
            for message in Message.objects.filter(engagement=engagement)[::10]
        )


@pytest.mark.parametrize("count", [3, 1000])
def test_a_thread_page_takes_the_same_queries_however_long_the_thread(
    client, client_user, thread, count, django_assert_num_queries
):
    _messages(thread, count)
    client.force_login(client_user)

    with django_assert_num_queries(THREAD_QUERIES):
        response = client.get(thread_url(thread))

    texts = message_texts(response)
    assert len(texts) == min(count, 50)
    assert f"Message {count - 1:04d}." in texts[-1]  # newest at the bottom
    assert ("Earlier messages" in response.content.decode()) is (count > 50)


def test_opening_an_unread_thread_adds_one_write(
    client, client_user, thread, django_assert_num_queries
):
    _messages(thread, 3)
    ThreadRead.objects.create(engagement=thread, user=client_user, unread_since=START)
    client.force_login(client_user)

    with django_assert_num_queries(THREAD_QUERIES_UNREAD):
        client.get(thread_url(thread))

    assert not ThreadRead.objects.get(engagement=thread, user=client_user).unread_since


def test_earlier_pages_walk_back_through_all_1000_messages_once(client, client_user, thread):
    Engagement.objects.filter(pk=thread.pk).update(created_at=START - timedelta(minutes=1))
    _messages(thread, 1000, with_files=False)
    # Ties on created_at are broken by id: the keyset must not skip or repeat them.
    Message.objects.filter(engagement=thread, text__endswith="7.").update(
        created_at=START + timedelta(days=1)
    )
    client.force_login(client_user)
    seen, url, pages = [], thread_url(thread), 0

    while url:
        response = client.get(url)
        page = response.context["page"]
        seen = [e.message.pk for e in page.entries if e.message] + seen
        url = thread_url(thread, before=page.earlier_before) if page.earlier_before else None
        pages += 1

    expected = list(
        Message.objects.filter(engagement=thread)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)
    )
    assert seen == expected
    assert pages == 20
    assert "Requested" in [e.label for e in page.entries]  # the oldest page opens with the request


def test_a_before_id_from_another_thread_is_a_404(client, client_user, thread, fran_service):
    other = engagement_in("requested", service=fran_service, client=client_user)
    _messages(other, 2, with_files=False)
    client.force_login(client_user)

    response = client.get(
        thread_url(thread, before=Message.objects.filter(engagement=other).first().pk)
    )

    assert response.status_code == 404


def _inbox(client_user, freelancer, service, count):
    """`count` hire requests by Casey, a day apart; every third has replies, every fifth
    waits unread for Casey."""
    Engagement.objects.bulk_create(
        Engagement(
            service=service,
            freelancer=freelancer.profile,
            client=client_user,
            message=f"Request {n:05d}: a feature, please.",
        )
        for n in range(count)
    )
    engagements = list(Engagement.objects.filter(client=client_user).order_by("pk"))
    Engagement.objects.bulk_update(
        [
            setattr(e, "created_at", START - timedelta(hours=n)) or e
            for n, e in enumerate(engagements)
        ],
        ["created_at"],
        batch_size=2000,
    )
    Message.objects.bulk_create(
        Message(
            engagement=e,
            author_id=freelancer.pk,
            text=f"Reply to request {n:05d}.",
            created_at=START + timedelta(minutes=n),
        )
        for n, e in enumerate(engagements)
        if n % 3 == 0
    )
    ThreadRead.objects.bulk_create(
        ThreadRead(engagement=e, user=client_user, unread_since=START)
        for n, e in enumerate(engagements)
        if n % 5 == 0
    )
    return engagements


@pytest.mark.parametrize("count", [3, 10_000])
def test_the_inbox_takes_the_same_queries_however_many_threads(
    client, client_user, freelancer, fran_service, count, django_assert_num_queries
):
    engagements = _inbox(client_user, freelancer, fran_service, count)
    client.force_login(client_user)

    with django_assert_num_queries(INBOX_QUERIES):
        response = client.get(reverse("services:hires"))

    rows = response.context["page"].object_list
    assert len(rows) == min(count, 20)
    assert rows[0].pk == engagements[0].pk  # the newest request first
    assert rows[0].last_message_preview == "Reply to request 00000."
    assert rows[0].unread_since is not None
    assert rows[1].last_message_preview == "Request 00001: a feature, please."
    assert rows[1].unread_since is None
    if count > 20:
        assert response.context["page"].paginator.num_pages == 500
