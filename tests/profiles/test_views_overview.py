"""The overview each side lands on after signing in: its counts, its links, its queries."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from profiles.models import Profile
from services.actions import message_send
from services.models import Service
from tests.profiles.factories import DEFAULT_PASSWORD, ProfileFactory
from tests.services.factories import ServiceFactory, engagement_in

pytestmark = pytest.mark.django_db

OVERVIEW_URL = reverse("profiles:dashboard")


def _figures(response) -> dict[str, str]:
    """The overview's tiles as {label: count}, as the page shows them (to a screen reader:
    the stars' icons left out)."""
    html = re.sub(
        r'<span class="stars__icons" aria-hidden="true">.*?</span></span>',
        "",
        response.content.decode(),
    )
    tiles = re.findall(
        r'<span class="stat__count">(.*?)</span>\s*<span class="stat__label">(.*?)</span>\s*</a>',
        html,
        re.S,
    )
    return {" ".join(re.sub(r"<[^>]+>", " ", label).split()): count for count, label in tiles}


@pytest.fixture
def busy_fran(freelancer, client_user, stranger):
    """Fran's side: two requests waiting, one job to deliver, a finished and a declined job,
    one service in review; Casey wrote twice in one thread. Fran also hired Sam once."""
    profile = freelancer.profile
    service = ServiceFactory(freelancer=profile, title="Baltic reporting")
    ServiceFactory(freelancer=profile, title="Draft one", status=Service.Status.PENDING)
    ServiceFactory(freelancer=profile, title="Draft two", status=Service.Status.DRAFT)
    waiting = engagement_in("requested", service=service, client=client_user)
    engagement_in("requested", service=service, client=stranger)
    engagement_in("accepted", service=service, client=client_user)
    engagement_in("completed", service=service, client=client_user)
    engagement_in("declined", service=service, client=client_user)
    message_send(engagement=waiting, author=client_user, text="Are you free on Friday?")
    message_send(engagement=waiting, author=client_user, text="And on Saturday?")
    Profile.objects.filter(pk=profile.pk).update(rating_average=Decimal("4.5"), review_count=2)
    sam = ProfileFactory(user=stranger, display_name="Sam Stranger", slug="sam-stranger")
    engagement_in("delivered", service=ServiceFactory(freelancer=sam), client=freelancer)
    return freelancer


def test_signing_in_lands_on_the_overview(client, freelancer):
    response = client.post(
        reverse("account_login"), {"login": freelancer.email, "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == OVERVIEW_URL


def test_a_freelancer_sees_what_waits_on_each_side(client, busy_fran):
    client.force_login(busy_fran)

    response = client.get(OVERVIEW_URL)

    assert response.status_code == 200
    overview = response.context["overview"]
    assert overview.requests_waiting == 2
    assert overview.jobs_to_deliver == 1
    assert overview.services_in_review == 1
    assert overview.hires_open == 1
    assert overview.hires_to_complete == 1
    figures = _figures(response)
    assert figures["requests waiting for your answer"] == "2"
    assert figures["conversation with unread messages"] == "1"
    assert figures["job to deliver"] == "1"
    assert figures["service in review"] == "1"
    assert figures["4.5 out of 5 rating from 2 reviews"] == "4.5"
    assert figures["open hire request"] == "1"
    assert figures["job delivered, waiting for you"] == "1"
    html = response.content.decode()
    assert f'href="{reverse("services:requests")}?status=requested"' in html
    assert f'href="{reverse("services:hires")}?status=delivered"' in html


def test_a_client_lands_on_their_hiring(client, client_user, freelancer):
    service = ServiceFactory(freelancer=freelancer.profile)
    engagement_in("requested", service=service, client=client_user)
    engagement_in("accepted", service=service, client=client_user)
    engagement_in("delivered", service=service, client=client_user)
    engagement_in("completed", service=service, client=client_user)
    engagement_in("requested", service=service)  # someone else's
    client.force_login(client_user)

    response = client.get(OVERVIEW_URL)

    overview = response.context["overview"]
    assert overview.profile is None
    assert (overview.hires_open, overview.hires_to_complete) == (3, 1)
    figures = _figures(response)
    assert figures == {
        "open hire requests": "3",
        "conversations with unread messages": "0",
        "job delivered, waiting for you": "1",
    }
    assert b"Become a freelancer" in response.content


def test_a_freelancer_without_reviews_has_no_rating_yet(fran):
    response = fran.get(OVERVIEW_URL)

    assert response.context["overview"].rating_average is None
    assert _figures(response)["no rating yet"] == "–"


def test_the_overview_takes_the_same_queries_however_busy(
    client, busy_fran, django_assert_num_queries
):
    """Session, user, the header's unread count, the profile and its skills, the published
    article check, the hires as a client, the requests from clients, the services in review."""
    client.force_login(busy_fran)
    client.get(OVERVIEW_URL)  # warm the site-wide caches (category tree, ...)

    with django_assert_num_queries(9):
        response = client.get(OVERVIEW_URL)

    assert response.status_code == 200
