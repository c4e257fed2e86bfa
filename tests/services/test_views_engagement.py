"""The engagement page: its timeline, the buttons of each party, and the moves made from it."""

import re

import pytest
from django.urls import reverse

from tests.services.engagement_pages import S, messages_of, visible_text
from tests.services.factories import engagement_in

pytestmark = pytest.mark.django_db


DETAIL_QUERIES = 4  # with the header's count of unread threads


MOVE_URLS = {
    "accept": "services:engagement_accept",
    "decline": "services:engagement_decline",
    "cancel": "services:engagement_cancel",
    "deliver": "services:engagement_deliver",
    "complete": "services:engagement_complete",
}


# move -> (the party who may make it, the states it leaves, the state it reaches, the message)
MOVES = {
    "accept": ("freelancer", (S.REQUESTED,), S.ACCEPTED, "You accepted the job."),
    "decline": ("freelancer", (S.REQUESTED,), S.DECLINED, "You declined the request."),
    "cancel": ("client", (S.REQUESTED,), S.CANCELLED, "Your request is cancelled."),
    "deliver": ("freelancer", (S.ACCEPTED,), S.DELIVERED, "You marked the work delivered."),
    "complete": ("client", (S.ACCEPTED, S.DELIVERED), S.COMPLETED, "The job is completed."),
}


@pytest.fixture
def cast(freelancer, client_user, stranger, other_freelancer):
    return {
        "freelancer": freelancer,
        "client": client_user,
        "stranger": stranger,
        "other_freelancer": other_freelancer,
    }


def _timeline_labels(response):
    html = response.content.decode()
    timeline = html[html.index('aria-label="Timeline"') :]
    timeline = timeline[: timeline.index("</aside>")]
    return re.findall(r"<strong>(.*?)</strong>", timeline)


@pytest.mark.parametrize("party", ["client", "freelancer"])
def test_both_parties_see_the_engagement_with_its_timeline_in_order(
    client, cast, fran_service, party
):
    engagement = engagement_in(S.COMPLETED, service=fran_service, client=cast["client"])
    client.force_login(cast[party])

    response = client.get(engagement.get_absolute_url())

    assert response.status_code == 200
    assert _timeline_labels(response) == ["Requested", "Accepted", "Completed"]
    text = visible_text(response)
    assert "Hire request: Baltic reporting" in text
    assert engagement.message in text


@pytest.mark.parametrize(
    ("status", "labels"),
    [
        (S.REQUESTED, ["Requested"]),
        (S.ACCEPTED, ["Requested", "Accepted"]),
        (S.DELIVERED, ["Requested", "Accepted", "Delivered"]),
        (S.DECLINED, ["Requested", "Declined"]),
        (S.CANCELLED, ["Requested", "Cancelled"]),
    ],
)
def test_the_timeline_shows_only_the_steps_that_happened(
    client, client_user, fran_service, status, labels
):
    engagement = engagement_in(status, service=fran_service, client=client_user)
    client.force_login(client_user)

    response = client.get(engagement.get_absolute_url())

    assert _timeline_labels(response) == labels


@pytest.mark.parametrize("party", ["client", "freelancer"])
@pytest.mark.parametrize("status", list(S.values))
def test_each_party_sees_only_the_buttons_of_the_moves_they_may_make(
    client, cast, fran_service, status, party
):
    engagement = engagement_in(status, service=fran_service, client=cast["client"])
    client.force_login(cast[party])

    response = client.get(engagement.get_absolute_url())

    html = response.content.decode()
    for move, (allowed_party, allowed_from, _, _) in MOVES.items():
        url = reverse(MOVE_URLS[move], kwargs={"pk": engagement.pk})
        shown = f'action="{url}"' in html
        assert shown == (party == allowed_party and status in allowed_from), move


@pytest.mark.parametrize("party", ["stranger", "other_freelancer"])
def test_anyone_but_the_two_parties_gets_a_404(client, cast, fran_service, party):
    engagement = engagement_in(S.REQUESTED, service=fran_service, client=cast["client"])
    client.force_login(cast[party])

    response = client.get(engagement.get_absolute_url())

    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]


def test_the_engagement_page_needs_a_signed_in_user(client, client_user, fran_service):
    engagement = engagement_in(S.REQUESTED, service=fran_service, client=client_user)
    url = engagement.get_absolute_url()

    response = client.get(url)

    assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("party", ["client", "freelancer"])
def test_the_engagement_page_query_count(
    client, cast, fran_service, django_assert_num_queries, party
):
    engagement = engagement_in(S.COMPLETED, service=fran_service, client=cast["client"])
    client.force_login(cast[party])

    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(engagement.get_absolute_url())

    assert response.status_code == 200


def test_the_completed_engagement_page_invites_the_client_to_review(
    client, client_user, fran_service
):
    engagement = engagement_in(S.COMPLETED, service=fran_service, client=client_user)
    client.force_login(client_user)

    response = client.get(engagement.get_absolute_url())

    review_url = reverse("reviews:create", kwargs={"engagement_pk": engagement.pk})
    assert re.search(
        rf'<a [^>]*href="{review_url}"[^>]*>Write your review</a>', response.content.decode()
    )


@pytest.mark.parametrize("status", [S.REQUESTED, S.ACCEPTED, S.DELIVERED, S.DECLINED, S.CANCELLED])
def test_no_review_invitation_before_the_job_is_completed(
    client, client_user, fran_service, status
):
    engagement = engagement_in(status, service=fran_service, client=client_user)
    client.force_login(client_user)

    response = client.get(engagement.get_absolute_url())

    assert "Write your review" not in response.content.decode()


def test_the_freelancer_is_not_invited_to_review_their_own_job(
    client, freelancer, client_user, fran_service
):
    engagement = engagement_in(S.COMPLETED, service=fran_service, client=client_user)
    client.force_login(freelancer)

    response = client.get(engagement.get_absolute_url())

    assert "Write your review" not in response.content.decode()


@pytest.mark.parametrize("move", list(MOVES))
def test_a_move_url_does_not_answer_get(client, cast, fran_service, move):
    party, allowed_from, _, _ = MOVES[move]
    engagement = engagement_in(allowed_from[-1], service=fran_service, client=cast["client"])
    client.force_login(cast[party])

    response = client.get(reverse(MOVE_URLS[move], kwargs={"pk": engagement.pk}))

    assert response.status_code == 405
    engagement.refresh_from_db()
    assert engagement.status == allowed_from[-1]


@pytest.mark.parametrize("move", list(MOVES))
def test_the_right_party_makes_the_move_and_is_told(client, cast, fran_service, move):
    party, allowed_from, reaches, message = MOVES[move]
    engagement = engagement_in(allowed_from[-1], service=fran_service, client=cast["client"])
    client.force_login(cast[party])

    response = client.post(reverse(MOVE_URLS[move], kwargs={"pk": engagement.pk}), follow=True)

    assert response.redirect_chain == [(engagement.get_absolute_url(), 302)]
    assert response.status_code == 200
    engagement.refresh_from_db()
    assert engagement.status == reaches
    assert message in visible_text(response)


@pytest.mark.parametrize("move", list(MOVES))
def test_the_wrong_party_changes_nothing_and_is_told_why(client, cast, fran_service, move):
    party, allowed_from, _, _ = MOVES[move]
    wrong = "client" if party == "freelancer" else "freelancer"
    engagement = engagement_in(allowed_from[-1], service=fran_service, client=cast["client"])
    client.force_login(cast[wrong])

    response = client.post(reverse(MOVE_URLS[move], kwargs={"pk": engagement.pk}), follow=True)

    assert response.status_code == 200
    engagement.refresh_from_db()
    assert engagement.status == allowed_from[-1]
    assert messages_of(response) == [("error", f"Only the {party} can do that.")]
    assert f"Only the {party} can do that." in visible_text(response)


def test_a_client_posting_accept_leaves_the_request_as_it_was(client, cast, fran_service):
    engagement = engagement_in(S.REQUESTED, service=fran_service, client=cast["client"])
    client.force_login(cast["client"])

    response = client.post(reverse("services:engagement_accept", kwargs={"pk": engagement.pk}))

    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.status == S.REQUESTED
    assert engagement.accepted_at is None


def test_accepting_twice_shows_an_error(client, freelancer, client_user, fran_service):
    engagement = engagement_in(S.REQUESTED, service=fran_service, client=client_user)
    client.force_login(freelancer)
    url = reverse("services:engagement_accept", kwargs={"pk": engagement.pk})
    client.post(url, follow=True)
    engagement.refresh_from_db()
    first_accepted_at = engagement.accepted_at

    response = client.post(url, follow=True)

    assert response.status_code == 200
    engagement.refresh_from_db()
    assert engagement.status == S.ACCEPTED
    assert engagement.accepted_at == first_accepted_at
    assert messages_of(response) == [
        ("error", "This request is accepted; that is no longer possible.")
    ]


@pytest.mark.parametrize("move", list(MOVES))
def test_a_move_from_the_wrong_state_shows_an_error(client, cast, fran_service, move):
    party, _, _, _ = MOVES[move]
    engagement = engagement_in(S.COMPLETED, service=fran_service, client=cast["client"])
    client.force_login(cast[party])

    response = client.post(reverse(MOVE_URLS[move], kwargs={"pk": engagement.pk}), follow=True)

    assert response.status_code == 200
    engagement.refresh_from_db()
    assert engagement.status == S.COMPLETED
    assert "no longer possible" in visible_text(response)


@pytest.mark.parametrize("party", ["stranger", "other_freelancer"])
@pytest.mark.parametrize("move", list(MOVES))
def test_anyone_else_posting_a_move_gets_a_404(client, cast, fran_service, move, party):
    _, allowed_from, _, _ = MOVES[move]
    engagement = engagement_in(allowed_from[-1], service=fran_service, client=cast["client"])
    client.force_login(cast[party])

    response = client.post(reverse(MOVE_URLS[move], kwargs={"pk": engagement.pk}))

    assert response.status_code == 404
    engagement.refresh_from_db()
    assert engagement.status == allowed_from[-1]
