"""Who may read and write a hire request's thread: its client and its freelancer, in every
state of the request; everyone else (other freelancers, strangers, anonymous visitors,
staff on the site) gets a 404 and leaves nothing behind."""

import pytest
from django.urls import reverse

from services.models import Engagement, Message
from tests.services.factories import engagement_in
from tests.services.threads import MessageFactory, message_texts, thread_url

pytestmark = pytest.mark.django_db

STATUSES = [status.value for status in Engagement.Status]
OUTSIDERS = ["other_freelancer", "stranger", "moderator"]


@pytest.fixture
def party(request, freelancer, client_user):
    return {"client": client_user, "freelancer": freelancer}[request.param]


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("party", ["client", "freelancer"], indirect=True)
def test_both_parties_read_the_thread_in_every_state(
    client, party, fran_service, client_user, status
):
    engagement = engagement_in(status, service=fran_service, client=client_user)
    MessageFactory(engagement=engagement, text="When can you start?")
    client.force_login(party)

    response = client.get(thread_url(engagement))

    assert response.status_code == 200
    assert "I need a 1,500-word feature" in response.content.decode()  # the request opens it
    assert any("When can you start?" in text for text in message_texts(response))


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("party", ["client", "freelancer"], indirect=True)
def test_both_parties_write_in_every_state(client, party, fran_service, client_user, status):
    engagement = engagement_in(status, service=fran_service, client=client_user)
    client.force_login(party)

    response = client.post(thread_url(engagement), {"text": f"A note while {status}."})

    message = Message.objects.get(engagement=engagement)
    assert response.status_code == 302
    assert response["Location"] == thread_url(engagement) + f"#message-{message.pk}"
    assert (message.author, message.text) == (party, f"A note while {status}.")


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_get_a_404_for_reading_and_writing(
    client, request, fran_service, client_user, outsider, status
):
    thread = engagement_in(status, service=fran_service, client=client_user)
    MessageFactory(engagement=thread, text="Private words.")
    client.force_login(request.getfixturevalue(outsider))

    read = client.get(thread_url(thread))
    write = client.post(thread_url(thread), {"text": "Let me in."})

    assert (read.status_code, write.status_code) == (404, 404)
    assert "Private words." not in read.content.decode()
    assert Message.objects.filter(engagement=thread).count() == 1


def test_anonymous_visitors_get_a_404_not_a_sign_in_page(client, thread):
    MessageFactory(engagement=thread)

    assert client.get(thread_url(thread)).status_code == 404
    assert client.post(thread_url(thread), {"text": "Hello?"}).status_code == 404
    assert Message.objects.filter(engagement=thread).count() == 1


def test_a_thread_that_does_not_exist_is_the_same_404(client, stranger):
    client.force_login(stranger)

    assert client.get(reverse("services:thread", kwargs={"pk": 999_999})).status_code == 404


def test_the_request_page_links_to_its_thread(client, thread, client_user):
    client.force_login(client_user)

    response = client.get(thread.get_absolute_url())

    assert thread_url(thread) in response.content.decode()


def test_an_empty_message_is_refused_with_the_form_again(client, thread, client_user):
    client.force_login(client_user)

    response = client.post(thread_url(thread), {"text": "   "})

    assert response.status_code == 200
    assert "Write a message or attach a file." in response.content.decode()
    assert not Message.objects.exists()


def test_a_message_over_5000_characters_is_refused(client, thread, client_user):
    client.force_login(client_user)

    response = client.post(thread_url(thread), {"text": "x" * 5001})

    assert response.status_code == 200
    assert "at most 5000 characters" in response.content.decode()
    assert not Message.objects.exists()


def test_a_double_click_sends_once(client, thread, client_user):
    client.force_login(client_user)
    token = "5f0c6a3e-8a61-4d0c-9d3e-2f6b1c7d9a10"
    data = {"text": "Sent twice by a double click.", "submission_token": token}

    first = client.post(thread_url(thread), data)
    second = client.post(thread_url(thread), data)

    assert Message.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_html_in_a_message_is_shown_as_text_and_links_are_safe(client, thread, client_user):
    MessageFactory(
        engagement=thread,
        text=(
            "<script>alert(1)</script> see https://example.org/brief?a=1&b=2. javascript:alert(2)"
        ),
    )
    client.force_login(client_user)

    html = client.get(thread_url(thread)).content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<a href="https://example.org/brief?a=1&amp;b=2" rel="nofollow ugc noopener">' in html
    assert 'href="javascript' not in html
