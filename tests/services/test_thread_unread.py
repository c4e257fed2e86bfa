"""Unread threads: the header's count, each inbox's last message and unread state, and
opening a thread marks it read for its viewer only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services import actions, thread_selectors
from services.models import ThreadRead
from tests.services.factories import ServiceFactory, engagement_in
from tests.services.threads import thread_url, unread

pytestmark = pytest.mark.django_db


def _send(engagement, author, text="Hello there."):
    return actions.message_send(engagement=engagement, author=author, text=text)


def _header_count(client) -> str:
    html = client.get(reverse("services:hires")).content.decode()
    start = html.find('class="inbox-link"')
    return html[start : html.find("</a>", start)]


def test_a_new_request_is_unread_for_the_freelancer_only(freelancer, client_user, fran_service):
    engagement = actions.engagement_request(
        service=fran_service, client=client_user, message="Please write about the Baltic ports."
    )

    assert unread(engagement, freelancer)
    assert not unread(engagement, client_user)


def test_a_message_is_unread_for_its_recipient_not_its_author(thread, freelancer, client_user):
    _send(thread, freelancer)

    assert unread(thread, client_user)
    assert not unread(thread, freelancer)


def test_opening_the_thread_marks_it_read_for_the_viewer_only(
    client, thread, freelancer, client_user
):
    _send(thread, freelancer)
    _send(thread, client_user)  # the reply reads it for Casey, and leaves it unread for Fran
    _send(thread, client_user)
    client.force_login(freelancer)

    client.get(thread_url(thread))

    assert not unread(thread, freelancer)
    marker = ThreadRead.objects.get(engagement=thread, user=freelancer)
    assert marker.last_read_at is not None


def test_an_earlier_page_of_the_thread_does_not_mark_it_read(
    client, thread, freelancer, client_user, monkeypatch
):
    monkeypatch.setattr(thread_selectors, "THREAD_PAGE_SIZE", 2)
    sent = [_send(thread, client_user, f"Part {n}.") for n in range(3)]
    client.force_login(freelancer)

    response = client.get(thread_url(thread, before=sent[2].pk))

    assert "Part 0." in response.content.decode()
    assert "Part 2." not in response.content.decode()
    assert unread(thread, freelancer)


def test_the_header_counts_threads_with_unread_messages(
    client, freelancer, client_user, other_freelancer
):
    fran = ServiceFactory(freelancer=freelancer.profile)
    olga = ServiceFactory(freelancer=other_freelancer.profile)
    one, two, three = (
        engagement_in("accepted", service=s, client=client_user) for s in (fran, olga, fran)
    )
    _send(one, freelancer)
    _send(one, freelancer)  # two messages, one thread
    _send(two, other_freelancer)
    _send(three, client_user)  # Casey's own message is not unread for Casey
    client.force_login(client_user)

    assert ">2<" in _header_count(client).replace(
        '<span class="visually-hidden"> unread</span>', ""
    )


def test_the_header_links_a_freelancer_to_the_requests_inbox(
    client, thread, freelancer, client_user
):
    _send(thread, client_user)
    client.force_login(freelancer)

    link = _header_count(client)

    assert reverse("services:requests") in link
    assert "1" in link


def test_the_header_shows_no_count_when_nothing_is_unread(client, thread, client_user):
    client.force_login(client_user)

    assert "count-badge" not in _header_count(client)


def test_anonymous_pages_never_count(client, thread, freelancer, client_user):
    _send(thread, client_user)

    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("services:list")).content.decode()

    assert not any("threadread" in query["sql"] for query in captured.captured_queries)
    assert "count-badge" not in html


def test_each_inbox_shows_the_last_message_its_time_and_unread_state(
    client, thread, freelancer, client_user, fran_service
):
    quiet = engagement_in("accepted", service=fran_service, client=client_user)
    _send(thread, client_user, "First from Casey.")
    last = _send(thread, freelancer, "Latest from Fran: the outline is attached.")

    client.force_login(client_user)
    hires = client.get(reverse("services:hires"))
    rows = {e.pk: e for e in hires.context["page"].object_list}
    assert rows[thread.pk].last_message_preview == "Latest from Fran: the outline is attached."
    assert rows[thread.pk].last_message_at == last.created_at
    assert rows[thread.pk].unread_since is not None
    assert rows[quiet.pk].last_message_preview.startswith("I need a 1,500-word feature")
    assert rows[quiet.pk].unread_since is None
    html = hires.content.decode()
    assert 'class="row--unread"' in html
    assert "Latest from Fran: the outline is attached." in html

    client.force_login(freelancer)
    requests = client.get(reverse("services:requests"))
    row = {e.pk: e for e in requests.context["page"].object_list}[thread.pk]
    assert row.unread_since is None  # Fran wrote last
    assert "You: Latest from Fran" in requests.content.decode()


def test_a_hidden_last_message_is_not_previewed(
    client, thread, freelancer, client_user, moderator
):
    message = _send(thread, freelancer, "Pay me outside the site.")
    actions.message_hide(message=message, moderator=moderator, reason="Off-site payment.")
    client.force_login(client_user)

    html = client.get(reverse("services:hires")).content.decode()

    assert "Pay me outside the site." not in html
    assert "Hidden by staff" in html


def test_the_header_links_a_client_with_unread_replies_to_the_hires_inbox(
    client, thread, freelancer, client_user
):
    _send(thread, freelancer)
    client.force_login(client_user)

    assert reverse("services:hires") in _header_count(client)
    assert ThreadRead.objects.get(engagement=thread, user=client_user).is_client
    assert not ThreadRead.objects.get(engagement=thread, user=freelancer).is_client
