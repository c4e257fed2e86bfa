"""The engagement page says whose move it is: the freelancer delivers, the client confirms."""

import pytest
from django.urls import reverse

from tests.services.engagement_pages import S, visible_text
from tests.services.factories import engagement_in

pytestmark = pytest.mark.django_db


# (status, party viewing) -> the sentence they read
NEXT_MOVE = {
    (S.REQUESTED, "freelancer"): "Your move: accept or decline this request.",
    (S.REQUESTED, "client"): "Waiting for the freelancer to answer.",
    (S.ACCEPTED, "freelancer"): "Your move: mark the work delivered when it is done.",
    (S.ACCEPTED, "client"): "Waiting for the freelancer to deliver.",
    (S.DELIVERED, "freelancer"): "Waiting for the client to confirm delivery.",
    (S.DELIVERED, "client"): "Your move: confirm the work was delivered.",
}


@pytest.fixture
def cast(freelancer, client_user):
    return {"freelancer": freelancer, "client": client_user}


@pytest.mark.parametrize(("status", "party"), list(NEXT_MOVE))
def test_the_page_says_whose_move_it_is(client, cast, fran_service, status, party):
    engagement = engagement_in(status, service=fran_service, client=cast["client"])
    client.force_login(cast[party])

    text = visible_text(client.get(engagement.get_absolute_url()))

    assert NEXT_MOVE[(status, party)] in text
    others = {sentence for key, sentence in NEXT_MOVE.items() if key != (status, party)}
    assert not [sentence for sentence in others if sentence in text]


@pytest.mark.parametrize("status", [S.COMPLETED, S.DECLINED, S.CANCELLED])
@pytest.mark.parametrize("party", ["client", "freelancer"])
def test_a_finished_request_waits_on_nobody(client, cast, fran_service, status, party):
    engagement = engagement_in(status, service=fran_service, client=cast["client"])
    client.force_login(cast[party])

    text = visible_text(client.get(engagement.get_absolute_url()))

    assert "Your move" not in text
    assert "Waiting for" not in text


def test_the_client_confirms_a_delivered_job_from_its_page(client, client_user, fran_service):
    engagement = engagement_in(S.DELIVERED, service=fran_service, client=client_user)
    client.force_login(client_user)

    html = client.get(engagement.get_absolute_url()).content.decode()

    url = reverse("services:engagement_complete", kwargs={"pk": engagement.pk})
    form = html[html.index(f'action="{url}"') :]
    assert "Confirm delivery and complete the job" in form[: form.index("</form>")]


def test_a_freelancer_posting_complete_is_refused_and_the_job_stays_delivered(
    client, freelancer, client_user, fran_service
):
    engagement = engagement_in(S.DELIVERED, service=fran_service, client=client_user)
    client.force_login(freelancer)

    response = client.post(
        reverse("services:engagement_complete", kwargs={"pk": engagement.pk}), follow=True
    )

    engagement.refresh_from_db()
    assert engagement.status == S.DELIVERED
    assert engagement.completed_at is None
    assert "Only the client can do that." in visible_text(response)
