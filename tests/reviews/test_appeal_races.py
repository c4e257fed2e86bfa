"""Appeals under concurrency, in real transactions: the same appeal sent twice at once is
stored once."""

import pytest

from reviews import actions
from reviews.models import Appeal
from services.actions import service_suspend
from tests.marketplace.moderation import appoint, entries_of, published_service
from tests.races import race

pytestmark = pytest.mark.django_db(transaction=True)

WHY = "The samples are my own work; here are the drafts with their dates."


def test_two_identical_appeals_at_once_make_one_row(freelancer):
    service = published_service(freelancer)
    service_suspend(
        service=service, moderator=appoint("mia@example.com", "Mia"), note="Copied text."
    )
    (entry,) = entries_of(service)

    outcome = race(
        lambda: actions.appeal_submit(decision_id=entry.pk, appellant=freelancer, text=WHY),
        [{}, {}],
    )

    assert outcome.errors == []
    assert len(outcome.results) == 1
    assert [r.messages for r in outcome.refusals] == [["You have already appealed this decision."]]
    assert Appeal.objects.count() == 1
