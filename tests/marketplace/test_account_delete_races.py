"""Deleting an account while the other party writes, hires or reviews, in real concurrent
transactions: no error but a refusal, and no row left pointing at what went (no unread
marker or mail for the former member, no live hire request on a removed service, no
review of a removed profile)."""

import pytest

from marketplace.accounts.actions import account_delete
from profiles.models import Profile, User
from reviews.actions import profile_report, review_submit
from reviews.models import Report, Review
from services import actions as service_actions
from services.models import Engagement, Message, Service, ThreadRead
from tests.profiles.factories import ProfileFactory, UserFactory
from tests.races import race
from tests.services.factories import ServiceFactory, engagement_in

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 4


def _leaver():
    user = UserFactory(name="Dee Departing")
    ProfileFactory(user=user, display_name="Dee Departing")
    return user


def _run(work):
    """race() target: each thread runs its own callable."""
    return work()


def _both(delete, other) -> list:
    outcome = race(_run, [{"work": delete}, {"work": other}])
    assert outcome.errors == []
    return outcome.refusals


def test_deleting_while_the_other_party_writes(mailoutbox):
    for _ in range(ROUNDS):
        dee, casey = _leaver(), UserFactory()
        job = engagement_in(
            "accepted", service=ServiceFactory(freelancer=dee.profile), client=casey
        )
        mailoutbox.clear()

        _both(
            lambda dee=dee: account_delete(user=dee),
            lambda job=job, casey=casey: service_actions.message_send(
                engagement=job, author=casey, text="Any news?"
            ),
        )

        dee = User.objects.get(pk=dee.pk)
        assert dee.deleted_at is not None
        assert not ThreadRead.objects.filter(user=dee).exists()
        assert Engagement.objects.get(pk=job.pk).status == Engagement.Status.CANCELLED
        # A message that came first was mailed to Dee's real address, never to the tombstone.
        assert all(mail.to != [dee.email] for mail in mailoutbox)
        # Either it was sent before the deletion, or refused after it.
        assert Message.objects.filter(engagement=job).count() <= 1


def test_deleting_while_a_client_hires():
    for _ in range(ROUNDS):
        dee, casey = _leaver(), UserFactory()
        service = ServiceFactory(freelancer=dee.profile)

        refusals = _both(
            lambda dee=dee: account_delete(user=dee),
            lambda service=service, casey=casey: service_actions.engagement_request(
                service=service, client=casey, message="Can you start on Monday?"
            ),
        )

        hires = list(Engagement.objects.filter(client=casey))
        if hires:  # the hire came first: cancelled, and the service kept, emptied
            assert refusals == []
            assert hires[0].status == Engagement.Status.CANCELLED
            assert Service.objects.get(pk=service.pk).status == Service.Status.DELETED
        else:  # the deletion came first: refused, the service gone
            assert len(refusals) == 1
            assert not Service.objects.filter(pk=service.pk).exists()
        assert Profile.objects.get(pk=dee.profile.pk).status == Profile.Status.DELETED


def test_deleting_while_the_client_reviews():
    for _ in range(ROUNDS):
        dee, casey = _leaver(), UserFactory()
        job = engagement_in(
            "completed", service=ServiceFactory(freelancer=dee.profile), client=casey
        )

        refusals = _both(
            lambda dee=dee: account_delete(user=dee),
            lambda job=job, casey=casey: review_submit(
                engagement=job,
                author=casey,
                rating=5,
                communication=5,
                quality=5,
                value=5,
                text="Clean copy, on time.",
            ),
        )

        # A review that came first went with the profile; one that came after was refused.
        assert not Review.objects.filter(freelancer=dee.profile).exists()
        assert len(refusals) <= 1
        service = Service.objects.get(pk=job.service_id)
        assert (service.rating_average, service.review_count) == (0, 0)


def test_deleting_a_client_while_the_freelancer_accepts_their_request(freelancer):
    for _ in range(ROUNDS):
        casey = UserFactory()
        job = engagement_in(
            "requested", service=ServiceFactory(freelancer=freelancer.profile), client=casey
        )

        _both(
            lambda casey=casey: account_delete(user=casey),
            lambda job=job: service_actions.engagement_accept(engagement=job, actor=freelancer),
        )

        assert Engagement.objects.get(pk=job.pk).status == Engagement.Status.CANCELLED


def test_deleting_while_someone_reports_the_profile():
    for _ in range(ROUNDS):
        dee, sam = _leaver(), UserFactory()

        refusals = _both(
            lambda dee=dee: account_delete(user=dee),
            lambda dee=dee, sam=sam: profile_report(
                profile=dee.profile, reporter=sam, reason="Looks like a fake profile."
            ),
        )

        # A report that came first went with the profile; one that came after was refused.
        assert not Report.objects.filter(reporter=sam).exists()
        assert len(refusals) <= 1
