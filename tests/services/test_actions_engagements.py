"""Hire requests: who may make which move from which state, the hourly limit, and the mail
that goes out only once the move is committed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from profiles.models import Profile
from services import actions
from services.models import Engagement, Service
from tests.services.factories import EngagementFactory, ServiceFactory, engagement_in

pytestmark = pytest.mark.django_db

S = Engagement.Status
MESSAGE = "Please write a 1,200-word piece on the Baltic ports, due in two weeks."
TIMESTAMPS = ("accepted_at", "delivered_at", "completed_at", "closed_at")

# move -> (action, the party who may make it, the states it leaves, the state it reaches,
#          the timestamp it writes). The freelancer delivers; only the client completes,
#          from delivered or straight from accepted.
MOVES = {
    "accept": (actions.engagement_accept, "freelancer", (S.REQUESTED,), S.ACCEPTED, "accepted_at"),
    "decline": (actions.engagement_decline, "freelancer", (S.REQUESTED,), S.DECLINED, "closed_at"),
    "cancel": (actions.engagement_cancel, "client", (S.REQUESTED,), S.CANCELLED, "closed_at"),
    "deliver": (
        actions.engagement_deliver,
        "freelancer",
        (S.ACCEPTED,),
        S.DELIVERED,
        "delivered_at",
    ),
    "complete": (
        actions.engagement_complete,
        "client",
        (S.ACCEPTED, S.DELIVERED),
        S.COMPLETED,
        "completed_at",
    ),
}


@pytest.fixture
def fran_service(freelancer):
    return ServiceFactory(
        freelancer=freelancer.profile, title="Baltic reporting", slug="baltic-reporting"
    )


@pytest.fixture
def cast(freelancer, client_user, stranger):
    return {"freelancer": freelancer, "client": client_user, "stranger": stranger}


def _row(engagement):
    """The engagement's status and timestamps as the database holds them."""
    return Engagement.objects.filter(pk=engagement.pk).values("status", *TIMESTAMPS, "updated_at")[
        0
    ]


# --- The transition table ---------------------------------------------------------------


@pytest.mark.parametrize("move", list(MOVES))
@pytest.mark.parametrize("party", ["client", "freelancer", "stranger"])
@pytest.mark.parametrize("status", list(S.values))
def test_each_move_is_only_for_its_party_and_only_from_its_state(
    cast, client_user, fran_service, status, party, move
):
    action, allowed_party, allowed_from, reaches, timestamp = MOVES[move]
    engagement = engagement_in(status, service=fran_service, client=client_user)
    before = _row(engagement)
    actor = cast[party]

    if party != allowed_party:
        with pytest.raises(PermissionDenied):
            action(engagement=engagement, actor=actor)
        assert _row(engagement) == before
    elif status not in allowed_from:
        with pytest.raises(ValidationError):
            action(engagement=engagement, actor=actor)
        assert _row(engagement) == before
    else:
        start = timezone.now()
        returned = action(engagement=engagement, actor=actor)
        after = _row(engagement)
        assert after["status"] == reaches
        assert returned.status == reaches
        assert start <= after[timestamp] <= timezone.now()
        for other in TIMESTAMPS:
            if other != timestamp:
                assert after[other] == before[other], other


def test_a_move_reads_the_state_afresh_instead_of_trusting_a_stale_copy(
    freelancer, client_user, fran_service
):
    stale = engagement_in(S.REQUESTED, service=fran_service, client=client_user)
    actions.engagement_cancel(engagement=Engagement.objects.get(pk=stale.pk), actor=client_user)

    with pytest.raises(ValidationError):
        actions.engagement_accept(engagement=stale, actor=freelancer)
    assert _row(stale)["status"] == S.CANCELLED
    assert _row(stale)["accepted_at"] is None


def test_completing_keeps_the_date_the_job_was_accepted(client_user, fran_service):
    accepted_at = timezone.now() - timedelta(days=3)
    engagement = engagement_in(
        S.ACCEPTED, service=fran_service, client=client_user, accepted_at=accepted_at
    )

    actions.engagement_complete(engagement=engagement, actor=client_user)

    assert _row(engagement)["accepted_at"] == accepted_at


def test_confirming_a_delivery_keeps_the_date_it_was_delivered(client_user, fran_service):
    delivered_at = timezone.now() - timedelta(days=1)
    engagement = engagement_in(
        S.DELIVERED, service=fran_service, client=client_user, delivered_at=delivered_at
    )

    actions.engagement_complete(engagement=engagement, actor=client_user)

    assert _row(engagement)["delivered_at"] == delivered_at
    assert _row(engagement)["status"] == S.COMPLETED


@pytest.mark.parametrize("status", [S.ACCEPTED, S.DELIVERED])
def test_a_freelancer_can_never_complete_their_own_job(
    freelancer, client_user, fran_service, status
):
    engagement = engagement_in(status, service=fran_service, client=client_user)

    with pytest.raises(PermissionDenied, match="Only the client"):
        actions.engagement_complete(engagement=engagement, actor=freelancer)

    assert _row(engagement)["status"] == status
    assert _row(engagement)["completed_at"] is None


# --- engagement_request -----------------------------------------------------------------


def test_a_client_requests_to_hire_a_freelancer_for_a_public_service(
    freelancer, client_user, fran_service
):
    engagement = actions.engagement_request(
        service=fran_service, client=client_user, message=f"  {MESSAGE}\n", budget=Decimal("450")
    )

    saved = Engagement.objects.get()
    assert saved.pk == engagement.pk
    assert saved.status == S.REQUESTED
    assert saved.service == fran_service
    assert saved.freelancer == freelancer.profile
    assert saved.client == client_user
    assert saved.message == MESSAGE
    assert saved.budget == Decimal("450")
    assert (saved.accepted_at, saved.completed_at, saved.closed_at) == (None, None, None)


def test_a_request_without_a_budget_is_fine(client_user, fran_service):
    actions.engagement_request(service=fran_service, client=client_user, message=MESSAGE)

    assert Engagement.objects.get().budget is None


def test_the_engagement_keeps_the_freelancer_of_the_service(
    client_user, other_freelancer, fran_service
):
    other = ServiceFactory(freelancer=other_freelancer.profile)

    engagement = actions.engagement_request(service=other, client=client_user, message=MESSAGE)

    assert Engagement.objects.get(pk=engagement.pk).freelancer == other_freelancer.profile


def test_nobody_can_hire_themselves(freelancer, fran_service):
    with pytest.raises(ValidationError, match="cannot hire yourself"):
        actions.engagement_request(service=fran_service, client=freelancer, message=MESSAGE)

    assert not Engagement.objects.exists()


@pytest.mark.parametrize(
    "status", [status for status in Service.Status if status != Service.Status.PUBLISHED]
)
def test_a_service_that_is_not_published_cannot_be_hired(freelancer, client_user, status):
    service = ServiceFactory(freelancer=freelancer.profile, status=status, published_at=None)

    with pytest.raises(ValidationError, match="not available"):
        actions.engagement_request(service=service, client=client_user, message=MESSAGE)

    assert not Engagement.objects.exists()


def test_a_service_of_a_suspended_freelancer_cannot_be_hired(
    freelancer, client_user, fran_service
):
    Profile.objects.filter(user=freelancer).update(status=Profile.Status.SUSPENDED)
    fran_service.refresh_from_db()

    with pytest.raises(ValidationError, match="not available"):
        actions.engagement_request(service=fran_service, client=client_user, message=MESSAGE)

    assert not Engagement.objects.exists()


def test_a_service_of_a_deactivated_freelancer_cannot_be_hired(
    freelancer, client_user, fran_service
):
    freelancer.is_active = False
    freelancer.save()

    with pytest.raises(ValidationError, match="not available"):
        actions.engagement_request(service=fran_service, client=client_user, message=MESSAGE)

    assert not Engagement.objects.exists()


def test_the_request_past_the_hourly_limit_is_refused_and_saves_nothing(
    settings, client_user, fran_service
):
    settings.HIRE_REQUESTS_PER_HOUR = 3
    for _ in range(3):
        actions.engagement_request(service=fran_service, client=client_user, message=MESSAGE)

    with pytest.raises(actions.TooManyRequests):
        actions.engagement_request(service=fran_service, client=client_user, message=MESSAGE)

    assert Engagement.objects.count() == 3


def test_requests_older_than_an_hour_do_not_count_towards_the_limit(
    settings, client_user, fran_service
):
    settings.HIRE_REQUESTS_PER_HOUR = 3
    for _ in range(3):
        actions.engagement_request(service=fran_service, client=client_user, message=MESSAGE)
    Engagement.objects.update(created_at=timezone.now() - timedelta(minutes=61))

    actions.engagement_request(service=fran_service, client=client_user, message=MESSAGE)

    assert Engagement.objects.count() == 4


def test_other_clients_requests_do_not_count_towards_the_limit(
    settings, client_user, stranger, fran_service
):
    settings.HIRE_REQUESTS_PER_HOUR = 3
    EngagementFactory.create_batch(3, service=fran_service, client=stranger)

    actions.engagement_request(service=fran_service, client=client_user, message=MESSAGE)

    assert Engagement.objects.filter(client=client_user).count() == 1


@pytest.mark.parametrize("budget", [Decimal("0"), Decimal("-5"), Decimal("0.50")])
def test_a_budget_given_must_be_positive(client_user, fran_service, budget):
    with pytest.raises(ValidationError) as error:
        actions.engagement_request(
            service=fran_service, client=client_user, message=MESSAGE, budget=budget
        )

    assert "budget" in error.value.message_dict
    assert not Engagement.objects.exists()


@pytest.mark.parametrize("message", ["", "   \n  ", "x" * 3001], ids=["empty", "blank", "long"])
def test_the_message_must_be_given_and_not_too_long(client_user, fran_service, message):
    with pytest.raises(ValidationError) as error:
        actions.engagement_request(service=fran_service, client=client_user, message=message)

    assert "message" in error.value.message_dict
    assert not Engagement.objects.exists()


def test_a_message_of_the_longest_length_is_accepted(client_user, fran_service):
    actions.engagement_request(service=fran_service, client=client_user, message="x" * 3000)

    assert len(Engagement.objects.get().message) == 3000


# --- Mail after commit ------------------------------------------------------------------

# move -> (who receives the mail, a phrase its subject names the event with)
MAIL = {
    "request": ("freelancer", "New hire request for “Baltic reporting”"),
    "accept": ("client", "Fran Freelancer accepted your hire request"),
    "decline": ("client", "Fran Freelancer declined your hire request"),
    "cancel": ("freelancer", "Casey Client cancelled a hire request"),
    "deliver": ("client", "Fran Freelancer delivered your job: please confirm it"),
    "complete": ("freelancer", "Casey Client confirmed your job is completed"),
}


def _prepare(move, cast, fran_service):
    """A function that makes `move` as its rightful party, on an engagement already saved in
    the state the move starts from."""
    if move == "request":
        return lambda: actions.engagement_request(
            service=fran_service, client=cast["client"], message=MESSAGE
        )
    action, party, allowed_from, _, _ = MOVES[move]
    engagement = engagement_in(allowed_from[0], service=fran_service, client=cast["client"])
    return lambda: action(engagement=engagement, actor=cast[party])


@pytest.mark.parametrize("move", list(MAIL))
def test_each_move_emails_the_other_party_once_committed(
    cast, fran_service, mailoutbox, django_capture_on_commit_callbacks, move
):
    recipient, subject = MAIL[move]
    make_move = _prepare(move, cast, fran_service)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        engagement = make_move()
        assert mailoutbox == []  # nothing before the commit

    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [cast[recipient].email]
    assert subject in mail.subject
    assert engagement.get_absolute_url() in mail.body


def test_the_mail_subject_is_plain_text_not_html_escaped(
    freelancer, client_user, mailoutbox, django_capture_on_commit_callbacks
):
    service = ServiceFactory(freelancer=freelancer.profile, title="Logos & icons for O'Neil's")

    with django_capture_on_commit_callbacks(execute=True):
        actions.engagement_request(service=service, client=client_user, message=MESSAGE)

    assert "Logos & icons for O'Neil's" in mailoutbox[0].subject


@pytest.mark.parametrize("move", list(MAIL))
def test_no_mail_is_sent_when_the_surrounding_transaction_rolls_back(
    cast, fran_service, mailoutbox, django_capture_on_commit_callbacks, move
):
    make_move = _prepare(move, cast, fran_service)
    before = list(Engagement.objects.values("pk", "status", *TIMESTAMPS))

    def move_then_fail():
        with transaction.atomic():
            make_move()
            raise RuntimeError("something later in the request failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        move_then_fail()

    assert callbacks == []
    assert mailoutbox == []
    assert list(Engagement.objects.values("pk", "status", *TIMESTAMPS)) == before


@pytest.mark.parametrize("move", list(MOVES))
def test_no_mail_is_sent_when_the_move_is_refused(
    cast, fran_service, mailoutbox, django_capture_on_commit_callbacks, move
):
    action, _, _, _, _ = MOVES[move]
    engagement = engagement_in(S.COMPLETED, service=fran_service, client=cast["client"])

    with django_capture_on_commit_callbacks(execute=True):
        for actor in cast.values():
            with pytest.raises((PermissionDenied, ValidationError)):
                action(engagement=engagement, actor=actor)

    assert mailoutbox == []


def test_no_mail_is_sent_when_a_request_is_refused(
    settings, cast, fran_service, mailoutbox, django_capture_on_commit_callbacks
):
    settings.HIRE_REQUESTS_PER_HOUR = 1
    EngagementFactory(service=fran_service, client=cast["client"])
    draft = ServiceFactory(status=Service.Status.DRAFT, published_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(actions.TooManyRequests):
            actions.engagement_request(
                service=fran_service, client=cast["client"], message=MESSAGE
            )
        with pytest.raises(ValidationError):
            actions.engagement_request(
                service=fran_service, client=cast["freelancer"], message=MESSAGE
            )
        with pytest.raises(ValidationError):
            actions.engagement_request(service=draft, client=cast["stranger"], message=MESSAGE)

    assert mailoutbox == []
