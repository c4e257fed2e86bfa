"""Message rate limits: per minute and per hour, per sender over all their threads, exact
under concurrency (sends queue up on the sender's user row), answered by the 429 page; and
each thread's message count, exact under concurrency too (sends queue up on the
engagement's row)."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from services import actions
from services.models import Message
from tests.races import race
from tests.services.factories import ServiceFactory, engagement_in
from tests.services.threads import MessageFactory, thread_url


@pytest.mark.django_db
@override_settings(MESSAGES_PER_MINUTE=3, MESSAGES_PER_HOUR=100)
def test_past_the_per_minute_limit_the_sender_gets_the_429_page(client, client_user, thread):
    client.force_login(client_user)
    for n in range(3):
        assert client.post(thread_url(thread), {"text": f"Message {n}."}).status_code == 302

    response = client.post(thread_url(thread), {"text": "One too many."})

    assert response.status_code == 429
    assert "templates/429.html" in [
        t.origin.name[-len("templates/429.html") :] for t in response.templates
    ]
    assert Message.objects.count() == 3


@pytest.mark.django_db
@override_settings(MESSAGES_PER_MINUTE=3, MESSAGES_PER_HOUR=100)
def test_the_minute_limit_counts_the_last_minute_only(client_user, thread):
    MessageFactory.create_batch(
        3, engagement=thread, author=client_user, created_at=timezone.now() - timedelta(seconds=61)
    )

    actions.message_send(engagement=thread, author=client_user, text="A fresh minute.")

    assert Message.objects.count() == 4


@pytest.mark.django_db
@override_settings(MESSAGES_PER_MINUTE=100, MESSAGES_PER_HOUR=5)
def test_the_hour_limit_counts_every_thread_of_the_sender(client_user, thread, fran_service):
    other = engagement_in("accepted", service=fran_service, client=client_user)
    MessageFactory.create_batch(
        5, engagement=other, author=client_user, created_at=timezone.now() - timedelta(minutes=59)
    )

    with pytest.raises(actions.TooManyMessages):
        actions.message_send(engagement=thread, author=client_user, text="Over the hour.")
    # The other party has limits of their own.
    actions.message_send(engagement=thread, author=thread.freelancer.user, text="Mine.")


@pytest.mark.django_db(transaction=True)
@override_settings(MESSAGES_PER_MINUTE=10, MESSAGES_PER_HOUR=100)
def test_twenty_five_sends_at_once_store_exactly_the_per_minute_limit(freelancer, client_user):
    service = ServiceFactory(freelancer=freelancer.profile)
    threads = [engagement_in("accepted", service=service, client=client_user) for _ in range(3)]
    arguments = [
        {"engagement": threads[n % 3], "author": client_user, "text": f"Race {n}."}
        for n in range(25)
    ]

    outcome = race(actions.message_send, arguments, refusals=(actions.TooManyMessages,))

    assert outcome.errors == []
    assert (len(outcome.results), len(outcome.refusals)) == (10, 15)
    assert Message.objects.filter(author=client_user).count() == 10
    # Each thread's count, kept on its engagement, is exactly its messages.
    for thread in threads:
        thread.refresh_from_db()
        assert thread.message_count == Message.objects.filter(engagement=thread).count()


@pytest.mark.django_db(transaction=True)
@override_settings(MESSAGES_PER_MINUTE=100, MESSAGES_PER_HOUR=100)
def test_both_parties_writing_at_once_are_each_counted_once(freelancer, client_user):
    thread = engagement_in(
        "accepted", service=ServiceFactory(freelancer=freelancer.profile), client=client_user
    )
    authors = [client_user, freelancer] * 6
    arguments = [
        {"engagement": thread, "author": author, "text": f"Race {n}."}
        for n, author in enumerate(authors)
    ]

    outcome = race(actions.message_send, arguments)

    assert (outcome.errors, outcome.refusals, len(outcome.results)) == ([], [], 12)
    thread.refresh_from_db()
    assert thread.message_count == 12 == Message.objects.filter(engagement=thread).count()
