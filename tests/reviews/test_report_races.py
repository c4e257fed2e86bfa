"""Reports under concurrency, in real transactions: twin reports make one row, and the
hourly limit holds exactly."""

import pytest

from reviews import actions
from reviews.models import Report
from tests.profiles.factories import ProfileFactory, UserFactory
from tests.races import race
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db(transaction=True)

REASON = "It copies another freelancer's listing word for word."


@pytest.mark.parametrize("kind", ["service", "profile"])
def test_two_identical_reports_at_once_make_one_row(kind):
    reporter = UserFactory()
    target = ServiceFactory() if kind == "service" else ProfileFactory()
    report = getattr(actions, f"{kind}_report")

    outcome = race(lambda: report(**{kind: target}, reporter=reporter, reason=REASON), [{}, {}])

    assert outcome.errors == []
    assert len(outcome.results) == 1
    what = "service" if kind == "service" else "freelancer"
    assert [r.messages for r in outcome.refusals] == [[f"You have already reported this {what}."]]
    assert Report.objects.count() == 1


def test_many_reports_at_once_store_exactly_the_hourly_limit(settings):
    settings.REPORTS_PER_HOUR = 3
    reporter = UserFactory()
    services = [ServiceFactory() for _ in range(6)]

    outcome = race(
        lambda service: actions.service_report(service=service, reporter=reporter, reason=REASON),
        [{"service": service} for service in services],
        refusals=(actions.TooManyReports,),
    )

    assert outcome.errors == []
    assert (len(outcome.results), len(outcome.refusals)) == (3, 3)
    assert Report.objects.count() == 3
