"""Hire requests over HTTP: hiring from the service page, the two inboxes, the engagement
page and the moves made from it."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from services.models import Engagement, Service
from tests.services.factories import EngagementFactory, ServiceFactory, engagement_in

pytestmark = pytest.mark.django_db

S = Engagement.Status
MESSAGE = "Please write a 1,200-word piece on the Baltic ports, due in two weeks."
INBOX_QUERIES = 4
DETAIL_QUERIES = 3

MOVE_URLS = {
    "accept": "services:engagement_accept",
    "decline": "services:engagement_decline",
    "cancel": "services:engagement_cancel",
    "complete": "services:engagement_complete",
}
# move -> (the party who may make it, the state it leaves, the state it reaches, the message)
MOVES = {
    "accept": ("freelancer", S.REQUESTED, S.ACCEPTED, "You accepted the job."),
    "decline": ("freelancer", S.REQUESTED, S.DECLINED, "You declined the request."),
    "cancel": ("client", S.REQUESTED, S.CANCELLED, "Your request is cancelled."),
    "complete": ("freelancer", S.ACCEPTED, S.COMPLETED, "The job is completed."),
}


@pytest.fixture
def fran_service(freelancer):
    return ServiceFactory(
        freelancer=freelancer.profile, title="Baltic reporting", slug="baltic-reporting"
    )


@pytest.fixture
def cast(freelancer, client_user, stranger, other_freelancer):
    return {
        "freelancer": freelancer,
        "client": client_user,
        "stranger": stranger,
        "other_freelancer": other_freelancer,
    }


def _text(response):
    """The page's visible text, tags removed and white space folded."""
    html = response.content.decode()
    html = re.sub(r"<(script|style|head)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _messages(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def _field_errors(response, field):
    """The text of the error block rendered next to `field`, or None."""
    html = response.content.decode()
    match = re.search(
        rf'<div class="field__errors" id="id_{field}_error"[^>]*>(.*?)</div>', html, re.S
    )
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split()) if match else None


def _hire_form_action(service):
    return f'action="{reverse("services:hire", kwargs={"slug": service.slug})}"'


# --- Hiring from the service page -------------------------------------------------------


def test_an_anonymous_visitor_posting_a_hire_request_is_sent_to_sign_in(client, fran_service):
    url = reverse("services:hire", kwargs={"slug": fran_service.slug})

    response = client.post(url, {"message": MESSAGE})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"
    assert not Engagement.objects.exists()


def test_a_signed_in_client_hires_a_freelancer_from_the_service_page(
    client, client_user, freelancer, fran_service
):
    client.force_login(client_user)

    response = client.post(
        reverse("services:hire", kwargs={"slug": fran_service.slug}),
        {"message": MESSAGE, "budget": "450"},
    )

    engagement = Engagement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == engagement.get_absolute_url()
    assert engagement.client == client_user
    assert engagement.freelancer == freelancer.profile
    assert engagement.service == fran_service
    assert engagement.status == S.REQUESTED
    assert engagement.message == MESSAGE
    assert engagement.budget == Decimal("450")
    assert _messages(response) == [
        ("success", "Your hire request is sent. You will hear back by email.")
    ]


def test_the_budget_is_optional(client, client_user, fran_service):
    client.force_login(client_user)

    response = client.post(
        reverse("services:hire", kwargs={"slug": fran_service.slug}), {"message": MESSAGE}
    )

    assert response.status_code == 302
    assert Engagement.objects.get().budget is None


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"message": "Too short."}, "message", "at least 20 characters"),
        ({"message": ""}, "message", "This field is required."),
        ({"message": MESSAGE, "budget": "abc"}, "budget", "Enter a number."),
        ({"message": MESSAGE, "budget": "0"}, "budget", "greater than or equal to 1"),
    ],
    ids=["message-too-short", "message-missing", "budget-not-a-number", "budget-zero"],
)
def test_bad_hire_input_shows_the_service_page_with_the_error_next_to_the_field(
    client, client_user, fran_service, data, field, error
):
    client.force_login(client_user)

    response = client.post(reverse("services:hire", kwargs={"slug": fran_service.slug}), data)

    assert response.status_code == 200
    assert "services/service_detail.html" in [t.name for t in response.templates]
    assert error in _field_errors(response, field)
    assert _hire_form_action(fran_service) in response.content.decode()
    assert not Engagement.objects.exists()


def test_the_owner_sees_no_hire_form_on_their_own_service(client, freelancer, fran_service):
    client.force_login(freelancer)

    response = client.get(fran_service.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert _hire_form_action(fran_service) not in html
    assert "Hire Fran Freelancer" not in html
    assert "Sign in to hire" not in html


def test_hiring_your_own_service_gives_a_clear_error_and_saves_nothing(
    client, freelancer, fran_service
):
    client.force_login(freelancer)

    response = client.post(
        reverse("services:hire", kwargs={"slug": fran_service.slug}),
        {"message": MESSAGE},
        follow=True,
    )

    assert response.status_code == 200
    assert "You cannot hire yourself." in _text(response)
    assert not Engagement.objects.exists()


def test_the_request_past_the_hourly_limit_answers_the_designed_429_page(
    client, client_user, fran_service, settings
):
    assert settings.HIRE_REQUESTS_PER_HOUR == 10
    EngagementFactory.create_batch(10, client=client_user)
    client.force_login(client_user)

    response = client.post(
        reverse("services:hire", kwargs={"slug": fran_service.slug}), {"message": MESSAGE}
    )

    assert response.status_code == 429
    assert "429.html" in [t.name for t in response.templates]
    assert "Too many requests" in _text(response)
    assert Engagement.objects.count() == 10


def test_the_tenth_request_within_the_hour_is_still_accepted(client, client_user, fran_service):
    EngagementFactory.create_batch(9, client=client_user)
    client.force_login(client_user)

    response = client.post(
        reverse("services:hire", kwargs={"slug": fran_service.slug}), {"message": MESSAGE}
    )

    assert response.status_code == 302
    assert Engagement.objects.count() == 10


@pytest.mark.parametrize(
    "status", [status for status in Service.Status if status != Service.Status.PUBLISHED]
)
def test_the_hire_url_of_a_service_that_is_not_public_is_404_for_a_stranger(
    client, stranger, freelancer, status
):
    service = ServiceFactory(freelancer=freelancer.profile, status=status, published_at=None)
    client.force_login(stranger)

    response = client.post(
        reverse("services:hire", kwargs={"slug": service.slug}), {"message": MESSAGE}
    )

    assert response.status_code == 404
    assert not Engagement.objects.exists()


def test_the_service_page_shows_the_hire_form_to_a_signed_in_non_owner(
    client, client_user, fran_service
):
    client.force_login(client_user)

    response = client.get(fran_service.get_absolute_url())

    html = response.content.decode()
    assert _hire_form_action(fran_service) in html
    assert 'name="message"' in html
    assert 'name="budget"' in html
    assert "Send hire request" in html
    assert "Sign in to hire" not in html


def test_the_service_page_asks_an_anonymous_visitor_to_sign_in_to_hire(client, fran_service):
    response = client.get(fran_service.get_absolute_url())

    html = response.content.decode()
    assert "Sign in to hire" in html
    assert f'href="{reverse("account_login")}?next={fran_service.get_absolute_url()}%23hire"' in (
        html
    )
    assert _hire_form_action(fran_service) not in html


# --- The inboxes ------------------------------------------------------------------------


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

    text = _text(response)
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

    text = _text(response)
    assert response.status_code == 200
    for engagement in fran_requests:
        assert engagement.service.title in text
        assert engagement.client.display_name in text
    assert "Someone else's request" not in text


def test_the_hires_inbox_filters_by_status(client, client_user, casey_hires):
    client.force_login(client_user)

    response = client.get(reverse("services:hires"), {"status": "accepted"})

    text = _text(response)
    assert "Hire two" in text
    assert "Hire one" not in text
    assert "Hire three" not in text


def test_the_requests_inbox_filters_by_status(client, freelancer, fran_requests):
    client.force_login(freelancer)

    response = client.get(reverse("services:requests"), {"status": "accepted"})

    text = _text(response)
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
    text = _text(response)
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


# --- The engagement page ----------------------------------------------------------------


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
    text = _text(response)
    assert "Hire request: Baltic reporting" in text
    assert engagement.message in text


@pytest.mark.parametrize(
    ("status", "labels"),
    [
        (S.REQUESTED, ["Requested"]),
        (S.ACCEPTED, ["Requested", "Accepted"]),
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
        assert shown == (party == allowed_party and status == allowed_from), move


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


@pytest.mark.parametrize("status", [S.REQUESTED, S.ACCEPTED, S.DECLINED, S.CANCELLED])
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


# --- The moves --------------------------------------------------------------------------


@pytest.mark.parametrize("move", list(MOVES))
def test_a_move_url_does_not_answer_get(client, cast, fran_service, move):
    party, allowed_from, _, _ = MOVES[move]
    engagement = engagement_in(allowed_from, service=fran_service, client=cast["client"])
    client.force_login(cast[party])

    response = client.get(reverse(MOVE_URLS[move], kwargs={"pk": engagement.pk}))

    assert response.status_code == 405
    engagement.refresh_from_db()
    assert engagement.status == allowed_from


@pytest.mark.parametrize("move", list(MOVES))
def test_the_right_party_makes_the_move_and_is_told(client, cast, fran_service, move):
    party, allowed_from, reaches, message = MOVES[move]
    engagement = engagement_in(allowed_from, service=fran_service, client=cast["client"])
    client.force_login(cast[party])

    response = client.post(reverse(MOVE_URLS[move], kwargs={"pk": engagement.pk}), follow=True)

    assert response.redirect_chain == [(engagement.get_absolute_url(), 302)]
    assert response.status_code == 200
    engagement.refresh_from_db()
    assert engagement.status == reaches
    assert message in _text(response)


@pytest.mark.parametrize("move", list(MOVES))
def test_the_wrong_party_changes_nothing_and_is_told_why(client, cast, fran_service, move):
    party, allowed_from, _, _ = MOVES[move]
    wrong = "client" if party == "freelancer" else "freelancer"
    engagement = engagement_in(allowed_from, service=fran_service, client=cast["client"])
    client.force_login(cast[wrong])

    response = client.post(reverse(MOVE_URLS[move], kwargs={"pk": engagement.pk}), follow=True)

    assert response.status_code == 200
    engagement.refresh_from_db()
    assert engagement.status == allowed_from
    assert _messages(response) == [("error", f"Only the {party} can do that.")]
    assert f"Only the {party} can do that." in _text(response)


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
    assert _messages(response) == [
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
    assert "no longer possible" in _text(response)


@pytest.mark.parametrize("party", ["stranger", "other_freelancer"])
@pytest.mark.parametrize("move", list(MOVES))
def test_anyone_else_posting_a_move_gets_a_404(client, cast, fran_service, move, party):
    _, allowed_from, _, _ = MOVES[move]
    engagement = engagement_in(allowed_from, service=fran_service, client=cast["client"])
    client.force_login(cast[party])

    response = client.post(reverse(MOVE_URLS[move], kwargs={"pk": engagement.pk}))

    assert response.status_code == 404
    engagement.refresh_from_db()
    assert engagement.status == allowed_from
