"""Moderators decide where they read: every decision of a list's action menu is also on the
object's own admin page (Django's change-form actions), with the same reason form and the
same actions behind it; staff without the right to change see none."""

import html

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import constants
from django.test import Client

from common.admin import CHANGE_FORM_ACTION
from reviews import actions as review_actions
from reviews.actions import appeals as appeal_actions
from reviews.models import Appeal, Report, Review
from services import actions as service_actions
from tests.marketplace.moderation import (
    REASON,
    S,
    appoint,
    change_url,
    entries_of,
    messages_of,
    page_text,
    pending_service,
    published_service,
)
from tests.profiles.factories import ArticleFactory, SkillFactory, UserFactory
from tests.races import race

pytestmark = pytest.mark.django_db


def on_page(client, obj, action, **data):
    """Post the action bar of `obj`'s own admin page."""
    return client.post(
        change_url(obj),
        {CHANGE_FORM_ACTION: action, "index": "0", "_selected_action": obj.pk, **data},
    )


def decide_on_page(client, obj, action, *, reason=REASON, **data):
    """A decision with a reason from the object's page: the reason page, then `apply`."""
    page = on_page(client, obj, action)
    assert page.status_code == 200
    assert page.templates[0].name == "admin/decision_reason.html"
    return on_page(client, obj, action, apply="1", reason=reason, **data)


def offered(client, obj):
    """The decisions the object's page offers: {action name: label}."""
    response = client.get(change_url(obj))
    assert response.status_code == 200
    form = response.context["action_form"]
    return dict(form.fields["action"].choices[1:]) if form else {}


def test_a_service_page_offers_the_decisions_of_the_list_in_the_singular(mod_client, freelancer):
    service = pending_service(freelancer)

    assert offered(mod_client, service) == {
        "approve": "Approve this service",
        "reject": "Reject this service…",
        "suspend": "Suspend this service…",
        "restore": "Restore this service",
    }


def test_every_moderated_object_offers_its_decisions_on_its_own_page(
    mod_client, freelancer, client_user, stranger, reviewed_service
):
    review = Review.objects.get(rating=1)
    report = review_actions.review_report(review=review, reporter=stranger, reason="Abusive.")
    pages = {
        freelancer: {"deactivate"},
        freelancer.profile: {"suspend", "restore"},
        ArticleFactory(profile=freelancer.profile): {"unpublish"},
        review: {"clear", "hide", "unhide"},
        report: {"resolve"},
    }
    for obj, decisions in pages.items():
        assert set(offered(mod_client, obj)) == decisions, type(obj).__name__


def test_an_appeal_is_upheld_from_its_own_page(mod_client, mod, freelancer):
    service = published_service(freelancer)
    service_actions.service_suspend(service=service, moderator=mod, note=REASON)
    (entry,) = entries_of(service)
    appeal = appeal_actions.appeal_submit(
        decision_id=entry.pk, appellant=freelancer, text="The listing is my own work."
    )
    assert set(offered(mod_client, appeal)) == {"uphold", "overturn"}

    decide_on_page(mod_client, appeal, "uphold", reason="It copies another listing.")

    appeal.refresh_from_db()
    assert (appeal.status, appeal.decision_reason) == (
        Appeal.Status.UPHELD,
        "It copies another listing.",
    )


def test_a_superuser_approves_a_skill_from_its_own_page(client):
    admin_user = UserFactory(
        email="root@example.com", name="Root", is_staff=True, is_superuser=True
    )
    client.force_login(admin_user)
    skill = SkillFactory(name="Zeppelin lore", approved=False)

    on_page(client, skill, "approve")

    skill.refresh_from_db()
    assert skill.approved


def test_rejecting_from_the_page_asks_for_a_reason_there_and_comes_back(mod_client, freelancer):
    service = pending_service(freelancer)

    page = on_page(mod_client, service, "reject")

    text = page_text(page)
    assert "<li>Zeppelin history features</li>" in text
    assert '<textarea name="reason"' in text
    assert f'name="{CHANGE_FORM_ACTION}" value="reject"' in text
    # Cancel goes back to the service's page, not to the list.
    assert f'href="{change_url(service)}" class="button cancel-link"' in text
    service.refresh_from_db()
    assert service.status == S.PENDING

    response = on_page(mod_client, service, "reject", apply="1", reason=REASON)

    assert response.status_code == 302
    assert response["Location"] == change_url(service)
    service.refresh_from_db()
    assert (service.status, service.moderation_note) == (S.REJECTED, REASON)
    assert [e.change_message for e in entries_of(service)] == [f"Rejected: {REASON}"]


def test_a_decision_from_the_page_without_a_reason_shows_the_form_again(mod_client, freelancer):
    service = published_service(freelancer)

    response = on_page(mod_client, service, "suspend", apply="1", reason="  ")

    assert response.status_code == 200
    assert "This field is required." in page_text(response)
    service.refresh_from_db()
    assert service.status == S.PUBLISHED
    assert entries_of(service) == []


def test_a_decision_that_does_not_fit_the_state_is_refused_with_a_warning(mod_client, freelancer):
    service = published_service(freelancer)

    response = on_page(mod_client, service, "approve")

    assert response.status_code == 302
    follow = mod_client.get(response["Location"])
    assert [level for _text, level in messages_of(follow)] == [constants.WARNING]
    service.refresh_from_db()
    assert service.status == S.PUBLISHED


def test_hiding_a_review_from_its_page_updates_the_ratings(mod_client, reviewed_service):
    review = Review.objects.get(rating=1)

    decide_on_page(mod_client, review, "hide", category="abuse")

    review.refresh_from_db()
    assert (review.is_hidden, review.hidden_reason) == (True, REASON)
    reviewed_service.refresh_from_db()
    assert reviewed_service.review_count == 1


def test_resolving_a_report_from_its_page_offers_only_its_target_s_decisions(
    mod_client, reviewed_service, stranger
):
    review = Review.objects.get(rating=1)
    report = review_actions.review_report(review=review, reporter=stranger, reason="Abusive.")

    page = page_text(on_page(mod_client, report, "resolve"))
    assert f"<li>{html.escape(str(report))}</li>" in page
    assert 'value="hide_review"' in page

    decide_on_page(mod_client, report, "resolve", outcome="hide_review", category="abuse")

    report.refresh_from_db()
    review.refresh_from_db()
    assert (report.status, review.is_hidden) == (Report.Status.RESOLVED, True)


def test_staff_who_may_only_view_get_no_decisions_and_cannot_post_one(freelancer):
    viewer = UserFactory(email="vic@example.com", name="Vic Viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_service"))
    browser = Client()
    browser.force_login(viewer)
    service = pending_service(freelancer)

    assert offered(browser, service) == {}
    response = on_page(browser, service, "approve")

    assert response.status_code == 403
    service.refresh_from_db()
    assert service.status == S.PENDING
    assert entries_of(service) == []


def test_another_object_s_id_in_the_form_is_a_bad_request(mod_client, freelancer):
    service = pending_service(freelancer)
    other = pending_service(freelancer, "Airship photo essays")

    response = mod_client.post(
        change_url(service),
        {CHANGE_FORM_ACTION: "approve", "index": "0", "_selected_action": other.pk},
    )

    assert response.status_code == 400
    other.refresh_from_db()
    assert other.status == S.PENDING


DONE = "Rejected: 1."
ALREADY = "Zeppelin history features: A service that is rejected cannot be rejected."


@pytest.mark.django_db(transaction=True)
def test_two_moderators_rejecting_one_service_at_once_decide_it_once(freelancer):
    service = pending_service(freelancer)
    moderators = [appoint("mia@example.com", "Mia"), appoint("max@example.com", "Max")]

    def reject(moderator):
        browser = Client()
        browser.force_login(moderator)
        response = on_page(browser, service, "reject", apply="1", reason=REASON)
        assert response.status_code == 302
        # The page's text, not its context: the test client's context capture is shared
        # between threads.
        shown = html.unescape(page_text(browser.get(response["Location"])))
        return [message for message in (DONE, ALREADY) if message in shown]

    outcome = race(reject, [{"moderator": m} for m in moderators])

    assert outcome.errors == []
    # One decides; the other is told, on the service's page, that it was decided already.
    assert sorted(outcome.results) == [[DONE], [ALREADY]]
    service.refresh_from_db()
    assert service.status == S.REJECTED
    assert [e.change_message for e in entries_of(service)] == [f"Rejected: {REASON}"]
