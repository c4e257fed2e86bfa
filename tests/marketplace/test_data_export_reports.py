"""The reports and appeals a user filed are in their export: their own words and what
staff decided, never who decided, and nothing anyone else filed."""

import pytest

from reviews import actions as review_actions
from reviews.models import Report
from services import actions as service_actions
from tests.marketplace.exports import archive_of, build, document_of
from tests.services.factories import EngagementFactory, ServiceFactory
from tests.services.threads import MessageFactory

pytestmark = pytest.mark.django_db

ON_SERVICE = "This listing copies my own page, word for word."
ON_MESSAGE = "The client asks me to take payment outside the site."
APPEAL = "The samples are my own work; here are the drafts with their dates."
SUSPENSION = "The samples look copied from another portfolio."
CASEYS = "Casey's own report on Olga, which is not Fran's to export."


@pytest.fixture
def filed(freelancer, client_user, other_freelancer, moderator):
    """Fran reported Olga's service (staff dismissed it, with a reason) and a message of
    Casey's; she appealed the suspension of her own service. Casey reported Olga too."""
    olgas = ServiceFactory(freelancer=other_freelancer.profile, title="Copy editing")
    report = review_actions.service_report(
        service=olgas, reporter=freelancer, reason=ON_SERVICE, category=Report.Category.FAKE
    )
    review_actions.report_resolve(
        report=report,
        moderator=moderator,
        outcome=Report.Outcome.DISMISS,
        reason="The text is Olga's own: she wrote both pages.",
    )
    review_actions.profile_report(
        profile=other_freelancer.profile, reporter=client_user, reason=CASEYS
    )
    frans = ServiceFactory(freelancer=freelancer.profile, title="News writing")
    job = EngagementFactory(service=frans, client=client_user)
    caseys = MessageFactory(engagement=job, author=client_user, text="Pay me on another site.")
    service_actions.message_report(message=caseys, reporter=freelancer, reason=ON_MESSAGE)
    service_actions.service_suspend(service=frans, moderator=moderator, note=SUSPENSION)
    entry = _last_decision_on(frans)
    review_actions.appeal_submit(decision_id=entry.pk, appellant=freelancer, text=APPEAL)
    return {"job": job}


def _last_decision_on(service):
    from django.contrib.admin.models import LogEntry

    return LogEntry.objects.filter(object_id=str(service.pk)).latest("action_time")


@pytest.fixture
def document(freelancer, filed, django_capture_on_commit_callbacks):
    return document_of(archive_of(build(freelancer, django_capture_on_commit_callbacks)))


def test_the_reports_the_user_filed_are_there_with_what_staff_decided(document, filed):
    on_service, on_message = document["reports_made"]

    assert on_service == on_service | {
        "about": "the service “Copy editing”",
        "category": "Fake or misleading",
        "reason": ON_SERVICE,
        "status": "dismissed",
        "decision": "Dismiss the report",
        "decision_reason": "The text is Olga's own: she wrote both pages.",
    }
    assert on_message == on_message | {
        "about": f"a message in hire request {filed['job'].pk}",
        "reason": ON_MESSAGE,
        "status": "open",
    }


def test_the_appeals_the_user_filed_are_there(document):
    [appeal] = document["appeals"]

    assert appeal == appeal | {
        "about": "your service “News writing”",
        "text": APPEAL,
        "status": "open",
        "decision_reason": "",
    }
    assert SUSPENSION in appeal["decision_contested"]


def test_nothing_anyone_else_filed_and_no_moderator_is_in_it(document, moderator):
    text = str(document)

    assert CASEYS not in text
    assert "Pay me on another site." in text  # Fran's thread shows it to her...
    assert [report["about"] for report in document["reports_made"]].count(
        "the freelancer profile of Olga Other"
    ) == 0
    assert moderator.email not in text
    assert "Mo Moderator" not in text


def test_a_user_who_filed_nothing_has_empty_lists(
    stranger, filed, django_capture_on_commit_callbacks
):
    document = document_of(archive_of(build(stranger, django_capture_on_commit_callbacks)))

    assert document["reports_made"] == document["appeals"] == []


def test_more_reports_and_appeals_cost_no_more_queries(freelancer, filed, other_freelancer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from marketplace.exports.content import export_content
    from tests.reviews.factories import review_publish

    def queries():
        with CaptureQueriesContext(connection) as captured:
            export_content(user=freelancer)
        return len(captured)

    before = queries()
    for n in range(3):
        service = ServiceFactory(freelancer=other_freelancer.profile, title=f"Other {n}")
        review_actions.service_report(service=service, reporter=freelancer, reason=ON_SERVICE)
        review_actions.review_report(
            review=review_publish(service=service), reporter=freelancer, reason=ON_SERVICE
        )

    assert queries() == before
