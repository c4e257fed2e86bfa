"""The audit trail of moderation: every decision needs a reason, leaves a log entry shown on the
object's page, and the log entry list filters by moderator and by kind of object.
"""

import html

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from profiles.models import Profile, User
from reviews import actions as review_actions
from reviews.models import Report, Review
from services.models import Service
from tests.marketplace.moderation import (
    REASON,
    S,
    act,
    appoint,
    change_url,
    changelist_url,
    decide,
    entries_of,
    page_text,
    pending_service,
    published_service,
)
from tests.profiles.factories import ProfileFactory, UserFactory
from tests.reviews.factories import ReviewFactory, review_publish
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _reasoned_cases(freelancer):
    """(model, action, the object, how to tell it is unchanged) for each reasoned decision."""
    pending = pending_service(freelancer, "Pending piece")
    published = published_service(freelancer, "Published piece")
    review = review_publish(service=published, rating=2)
    report = review_actions.review_report(review=review, reporter=UserFactory(), reason="Abusive.")
    user = UserFactory(email="victim@example.com")
    return {
        "reject": (Service, pending, lambda: Service.objects.get(pk=pending.pk).status),
        "suspend-service": (
            Service,
            published,
            lambda: Service.objects.get(pk=published.pk).status,
        ),
        "suspend-freelancer": (
            Profile,
            freelancer.profile,
            lambda: Profile.objects.get(pk=freelancer.profile.pk).status,
        ),
        "deactivate": (User, user, lambda: User.objects.get(pk=user.pk).is_active),
        "hide": (Review, review, lambda: Review.objects.get(pk=review.pk).is_hidden),
        "resolve": (
            Report,
            report,
            lambda: Report.objects.get(pk=report.pk).status,
        ),
    }


ACTIONS = {
    "reject": "reject",
    "suspend-service": "suspend",
    "suspend-freelancer": "suspend",
    "deactivate": "deactivate",
    "hide": "hide",
    "resolve": "resolve",
}


@pytest.mark.parametrize("case", list(ACTIONS))
@pytest.mark.parametrize("reason", ["", "   "])
def test_a_decision_without_a_reason_shows_the_form_again_and_changes_nothing(
    mod_client, freelancer, case, reason
):
    model, obj, state = _reasoned_cases(freelancer)[case]
    before = state()

    response = act(
        mod_client, model, ACTIONS[case], [obj], apply="1", reason=reason, outcome="dismiss"
    )

    assert response.status_code == 200
    assert response.templates[0].name == "admin/decision_reason.html"
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert "This field is required." in page_text(response)
    assert f"<li>{html.escape(str(obj))}</li>" in page_text(response)
    assert state() == before
    assert entries_of(obj) == []


def _audited_cases(client, freelancer):
    """Each decision made through the admin: (object, the decision's words, the reason)."""

    def approve():
        service = pending_service(freelancer)
        act(client, Service, "approve", [service])
        return service, "Approved", ""

    def reject():
        service = pending_service(freelancer)
        decide(client, Service, "reject", [service])
        return service, "Rejected", REASON

    def suspend_service():
        service = published_service(freelancer)
        decide(client, Service, "suspend", [service])
        return service, "Suspended", REASON

    def restore_service():
        service = ServiceFactory(freelancer=freelancer.profile, status=S.SUSPENDED)
        act(client, Service, "restore", [service])
        return service, "Restored", ""

    def suspend_freelancer():
        decide(client, Profile, "suspend", [freelancer.profile])
        return freelancer.profile, "Suspended", REASON

    def restore_freelancer():
        profile = ProfileFactory(status=Profile.Status.SUSPENDED)
        act(client, Profile, "restore", [profile])
        return profile, "Restored", ""

    def deactivate():
        user = UserFactory(email="victim@example.com")
        decide(client, User, "deactivate", [user])
        return user, "Deactivated", REASON

    def hide():
        review = review_publish(service=published_service(freelancer), rating=1)
        decide(client, Review, "hide", [review])
        return review, "Hidden", REASON

    def unhide():
        review = ReviewFactory(
            is_hidden=True, hidden_reason="Spam.", hidden_category="spam", hidden_at=timezone.now()
        )
        act(client, Review, "unhide", [review])
        return review, "Shown again", ""

    def resolve():
        review = review_publish(service=published_service(freelancer), rating=1)
        report = review_actions.review_report(review=review, reporter=UserFactory(), reason="x")
        decide(client, Report, "resolve", [report], outcome="dismiss")
        return report, "Dismiss the report", REASON

    return {
        fn.__name__: fn
        for fn in (
            approve,
            reject,
            suspend_service,
            restore_service,
            suspend_freelancer,
            restore_freelancer,
            deactivate,
            hide,
            unhide,
            resolve,
        )
    }


AUDITED = [
    "approve",
    "reject",
    "suspend_service",
    "restore_service",
    "suspend_freelancer",
    "restore_freelancer",
    "deactivate",
    "hide",
    "unhide",
    "resolve",
]


@pytest.mark.parametrize("case", AUDITED)
def test_every_decision_leaves_an_audit_entry_shown_on_the_objects_page(
    mod_client, mod, freelancer, case
):
    obj, decision, reason = _audited_cases(mod_client, freelancer)[case]()

    [entry] = entries_of(obj)
    assert entry.user == mod
    assert entry.content_type == ContentType.objects.get_for_model(obj)
    assert entry.object_id == str(obj.pk)
    assert entry.object_repr == str(obj)[:200]
    assert entry.change_message == (f"{decision}: {reason}" if reason else decision)
    page = mod_client.get(change_url(obj))
    assert page.status_code == 200
    content = page_text(page)
    assert "Moderation history" in content
    assert html.escape(f"{mod.email} · {entry.change_message}") in content


def test_the_log_entry_list_filters_by_moderator_and_by_kind_of_object(
    mod_client, mod, freelancer
):
    colleague = appoint("max@example.com", "Max Moderator")
    service = published_service(freelancer)
    decide(mod_client, Service, "suspend", [service])
    decide(mod_client, Profile, "suspend", [freelancer.profile])
    other = Client()
    other.force_login(colleague)
    pending = pending_service(freelancer, "Airship photo essays")
    act(other, Service, "approve", [pending])
    service_type = ContentType.objects.get_for_model(Service)

    everything = mod_client.get(changelist_url(LogEntry))
    by_mia = mod_client.get(changelist_url(LogEntry), {"user__id__exact": mod.pk})
    by_max = mod_client.get(changelist_url(LogEntry), {"user__id__exact": colleague.pk})
    on_services = mod_client.get(
        changelist_url(LogEntry), {"content_type__id__exact": service_type.pk}
    )

    def shown(response):
        assert response.status_code == 200
        return sorted(
            (e.user.email, e.object_repr, e.change_message)
            for e in response.context["cl"].result_list
        )

    assert len(shown(everything)) == 3
    assert shown(by_mia) == [
        ("mia@example.com", "Fran Freelancer", f"Suspended: {REASON}"),
        ("mia@example.com", "Zeppelin history features", f"Suspended: {REASON}"),
    ]
    assert shown(by_max) == [("max@example.com", "Airship photo essays", "Approved")]
    assert shown(on_services) == [
        ("max@example.com", "Airship photo essays", "Approved"),
        ("mia@example.com", "Zeppelin history features", f"Suspended: {REASON}"),
    ]
    assert html.escape(REASON) in page_text(by_mia)
