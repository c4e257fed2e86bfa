"""The two inboxes: the client's hires and the freelancer's requests, filtered by status."""

import pytest
from django.urls import reverse

from tests.services.engagement_pages import S, visible_text
from tests.services.factories import engagement_in

pytestmark = pytest.mark.django_db


# ... plus the header's count of unread threads.
INBOX_QUERIES = 5


@pytest.fixture
def casey_hires(client_user):
    """Casey's three hire requests, each with a different freelancer, plus one of Sam's."""
    hires = [
        engagement_in(S.REQUESTED, client=client_user, service__title="Hire one"),
        engagement_in(S.ACCEPTED, client=client_user, service__title="Hire two"),
        engagement_in(S.COMPLETED, client=client_user, service__title="Hire three"),
    ]
    engagement_in(S.ACCEPTED, service__title="Someone else's hire")
    return hires


@pytest.fixture
def fran_requests(freelancer):
    """Three requests to Fran from different clients, plus one to another freelancer."""
    requests = [
        engagement_in(
            S.REQUESTED, service__freelancer=freelancer.profile, service__title="Request one"
        ),
        engagement_in(
            S.ACCEPTED, service__freelancer=freelancer.profile, service__title="Request two"
        ),
        engagement_in(
            S.DECLINED, service__freelancer=freelancer.profile, service__title="Request three"
        ),
    ]
    engagement_in(S.ACCEPTED, service__title="Someone else's request")
    return requests


def test_the_hires_inbox_lists_the_clients_own_requests(client, client_user, casey_hires):
    client.force_login(client_user)

    response = client.get(reverse("services:hires"))

    text = visible_text(response)
    assert response.status_code == 200
    for engagement in casey_hires:
        assert engagement.service.title in text
        assert engagement.freelancer.display_name in text
        assert f'href="{engagement.get_absolute_url()}"' in response.content.decode()
    assert "Someone else's hire" not in text


def test_the_requests_inbox_lists_the_requests_the_freelancer_received(
    client, freelancer, fran_requests
):
    client.force_login(freelancer)

    response = client.get(reverse("services:requests"))

    text = visible_text(response)
    assert response.status_code == 200
    for engagement in fran_requests:
        assert engagement.service.title in text
        assert engagement.client.display_name in text
    assert "Someone else's request" not in text


def test_the_hires_inbox_filters_by_status(client, client_user, casey_hires):
    client.force_login(client_user)

    response = client.get(reverse("services:hires"), {"status": "accepted"})

    text = visible_text(response)
    assert "Hire two" in text
    assert "Hire one" not in text
    assert "Hire three" not in text


def test_the_requests_inbox_filters_by_status(client, freelancer, fran_requests):
    client.force_login(freelancer)

    response = client.get(reverse("services:requests"), {"status": "accepted"})

    text = visible_text(response)
    assert "Request two" in text
    assert "Request one" not in text
    assert "Request three" not in text


@pytest.mark.parametrize(
    ("url_name", "user_fixture", "titles_fixture"),
    [
        ("services:hires", "client_user", "casey_hires"),
        ("services:requests", "freelancer", "fran_requests"),
    ],
)
def test_an_unknown_status_filter_shows_every_engagement(
    request, client, url_name, user_fixture, titles_fixture
):
    engagements = request.getfixturevalue(titles_fixture)
    client.force_login(request.getfixturevalue(user_fixture))

    response = client.get(reverse(url_name), {"status": "bogus"})

    assert response.status_code == 200
    text = visible_text(response)
    for engagement in engagements:
        assert engagement.service.title in text


def test_the_inboxes_need_a_signed_in_user(client):
    for url_name in ("services:hires", "services:requests"):
        url = reverse(url_name)
        response = client.get(url)
        assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("count", [3, 6])
def test_the_hires_inbox_query_count_does_not_grow_with_rows(
    client, client_user, django_assert_num_queries, count
):
    for status in [S.REQUESTED, S.ACCEPTED, S.COMPLETED] * (count // 3):
        engagement_in(status, client=client_user)
    client.force_login(client_user)

    with django_assert_num_queries(INBOX_QUERIES):
        response = client.get(reverse("services:hires"))

    assert len(response.context["page"].object_list) == count


@pytest.mark.parametrize("count", [3, 6])
def test_the_requests_inbox_query_count_does_not_grow_with_rows(
    client, freelancer, django_assert_num_queries, count
):
    for status in [S.REQUESTED, S.ACCEPTED, S.COMPLETED] * (count // 3):
        engagement_in(status, service__freelancer=freelancer.profile)
    client.force_login(freelancer)

    with django_assert_num_queries(INBOX_QUERIES):
        response = client.get(reverse("services:requests"))

    assert len(response.context["page"].object_list) == count
