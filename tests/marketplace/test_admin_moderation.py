"""Moderators decide through the admin as a browser does, and the public site follows at once.

Each decision is posted to the changelist like the admin's action form: `action` and
`_selected_action`; decisions with a reason first show the intermediate page, then post
again with `apply=1` and the `reason`. Also: the audit trail, the moderation queues on the
index, the CSV exports and the changelists' query counts.
"""

import csv
import html
import io
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import constants
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from common.audit import record_decision
from profiles.actions import moderator_appoint
from profiles.markdown import render_markdown
from profiles.models import Profile, User
from reviews import actions as review_actions
from reviews.models import Review, ReviewReport
from services.models import Engagement, Service
from tests.profiles.factories import (
    DEFAULT_PASSWORD,
    ArticleFactory,
    ProfileFactory,
    UserFactory,
)
from tests.reviews.factories import ReviewFactory, review_publish
from tests.services.engagement_factories import EngagementFactory
from tests.services.factories import ServiceFactory, leaf_category

pytestmark = pytest.mark.django_db

S = Service.Status
REASON = "Copies another freelancer's listing word for word."


# --- The cast and the browser -----------------------------------------------------------


def _appoint(email, name):
    return moderator_appoint(user=UserFactory(email=email, name=name, second_factor=True))


@pytest.fixture
def mod(db):
    """A real moderator: staff in the Moderators group, not a superuser."""
    return _appoint("mia@example.com", "Mia Moderator")


@pytest.fixture
def mod_client(client, mod):
    client.force_login(mod)
    return client


@pytest.fixture
def visitor():
    """An anonymous browser of the public site, apart from the moderator's."""
    return Client()


def _changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _change_page(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _act(client, model, action, objects, **data):
    """Post the changelist's action form with these objects ticked."""
    return client.post(
        _changelist(model),
        {"action": action, "index": "0", "_selected_action": [o.pk for o in objects], **data},
    )


def _decide(client, model, action, objects, *, reason=REASON, **data):
    """A decision with a reason: the intermediate page, then the form sent with `apply`."""
    page = _act(client, model, action, objects)
    assert page.status_code == 200
    assert page.templates[0].name == "admin/decision_reason.html"
    return _act(client, model, action, objects, apply="1", reason=reason, **data)


def _messages(response):
    return [(str(m), m.level) for m in response.context["messages"]]


def _html(response):
    return response.content.decode()


def _public_titles(client, q=""):
    """Titles of the services the browse page finds (all of them, or for the query `q`)."""
    response = client.get(reverse("services:list"), {"q": q} if q else {})
    assert response.status_code == 200
    return {service.title for service in response.context["results"].page.object_list}


def _sitemap(client, section):
    response = client.get(f"/sitemap-{section}.xml")
    assert response.status_code == 200
    return set(re.findall(r"<loc>([^<]*)</loc>", _html(response)))


def _loc(obj):
    return f"http://testserver{obj.get_absolute_url()}"


def _pending(freelancer, title="Zeppelin history features"):
    return ServiceFactory(
        freelancer=freelancer.profile, title=title, status=S.PENDING, published_at=None
    )


def _published(freelancer, title="Zeppelin history features"):
    return ServiceFactory(freelancer=freelancer.profile, title=title)


def _entries(obj):
    """The audit entries on `obj`, oldest first."""
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        ).order_by("action_time", "pk")
    )


# --- Services ---------------------------------------------------------------------------


def test_approving_a_pending_service_puts_it_on_search_and_its_page(
    mod_client, visitor, freelancer, mod, django_capture_on_commit_callbacks, mailoutbox
):
    service = _pending(freelancer)
    assert visitor.get(service.get_absolute_url()).status_code == 404
    assert _public_titles(visitor, "zeppelin") == set()

    with django_capture_on_commit_callbacks(execute=True):
        response = _act(mod_client, Service, "approve", [service])

    assert response.status_code == 302
    assert response["Location"] == _changelist(Service)
    service.refresh_from_db()
    assert service.status == S.PUBLISHED
    assert visitor.get(service.get_absolute_url()).status_code == 200
    assert _public_titles(visitor, "zeppelin") == {"Zeppelin history features"}
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (
            ["fran@example.com"],
            "[Freelance Marketplace] Your service “Zeppelin history features” is live",
        )
    ]


def test_rejecting_asks_for_a_reason_on_a_page_listing_the_services(mod_client, freelancer):
    first = _pending(freelancer, "Zeppelin history features")
    second = _pending(freelancer, "Airship photo essays")

    response = _act(mod_client, Service, "reject", [first, second])

    assert response.status_code == 200
    page = _html(response)
    assert "<li>Zeppelin history features</li>" in page
    assert "<li>Airship photo essays</li>" in page
    assert '<textarea name="reason"' in page
    assert f'name="_selected_action" value="{first.pk}"' in page
    assert f'name="_selected_action" value="{second.pk}"' in page
    assert Service.objects.filter(status=S.PENDING).count() == 2


def test_rejecting_with_a_reason_tells_the_freelancer_on_the_dashboard_and_by_mail(
    mod_client, freelancer, django_capture_on_commit_callbacks, mailoutbox
):
    service = _pending(freelancer)

    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(mod_client, Service, "reject", [service], reason=REASON)

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.status == S.REJECTED
    assert service.moderation_note == REASON
    owner = Client()
    owner.force_login(freelancer)
    dashboard = owner.get(reverse("services:dashboard_list"))
    assert html.escape(REASON) in _html(dashboard)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["fran@example.com"]
    assert "not approved" in mailoutbox[0].subject
    assert f"Why: {REASON}" in mailoutbox[0].body


def test_suspending_a_published_service_takes_it_off_the_public_site(
    mod_client, visitor, freelancer, django_capture_on_commit_callbacks, mailoutbox
):
    service = _published(freelancer)
    other = _published(freelancer, "Airship photo essays")
    assert visitor.get(service.get_absolute_url()).status_code == 200
    assert _public_titles(visitor) == {"Zeppelin history features", "Airship photo essays"}

    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(mod_client, Service, "suspend", [service])

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.status == S.SUSPENDED
    assert visitor.get(service.get_absolute_url()).status_code == 404
    assert _public_titles(visitor) == {"Airship photo essays"}
    assert _public_titles(visitor, "zeppelin") == set()
    assert _sitemap(visitor, "services") == {_loc(other)}
    assert [m.to for m in mailoutbox] == [["fran@example.com"]]
    assert f"Why: {REASON}" in mailoutbox[0].body


def test_a_suspended_service_leaves_a_sitemap_already_served(mod_client, visitor, freelancer):
    service = _published(freelancer)
    other = _published(freelancer, "Airship photo essays")
    assert _sitemap(visitor, "services") == {_loc(service), _loc(other)}

    _decide(mod_client, Service, "suspend", [service])

    assert _sitemap(visitor, "services") == {_loc(other)}


def test_restoring_a_suspended_service_puts_it_back(mod_client, visitor, freelancer, mod):
    service = _published(freelancer)
    _decide(mod_client, Service, "suspend", [service])
    assert visitor.get(service.get_absolute_url()).status_code == 404

    response = _act(mod_client, Service, "restore", [service])

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.status == S.PUBLISHED
    assert service.moderation_note == ""
    assert visitor.get(service.get_absolute_url()).status_code == 200
    assert _public_titles(visitor, "zeppelin") == {"Zeppelin history features"}
    assert _sitemap(visitor, "services") == {_loc(service)}


def test_approving_a_service_that_is_not_pending_is_refused_with_a_warning(mod_client, freelancer):
    draft = ServiceFactory(
        freelancer=freelancer.profile, title="Unfinished", status=S.DRAFT, published_at=None
    )

    response = mod_client.post(
        _changelist(Service),
        {"action": "approve", "index": "0", "_selected_action": [draft.pk]},
        follow=True,
    )

    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    assert _messages(response) == [
        ("Unfinished: A service that is draft cannot be approved.", constants.WARNING)
    ]
    assert _entries(draft) == []


# --- Freelancers ------------------------------------------------------------------------


def test_suspending_a_freelancer_hides_their_profile_and_every_service_at_once(
    mod_client, visitor, freelancer, other_freelancer
):
    profile = freelancer.profile
    first = _published(freelancer, "Zeppelin history features")
    second = _published(freelancer, "Airship photo essays")
    olgas = _published(other_freelancer, "Balloon race reports")
    assert visitor.get(profile.get_absolute_url()).status_code == 200
    assert visitor.get(first.get_absolute_url()).status_code == 200
    assert _public_titles(visitor) == {
        "Zeppelin history features",
        "Airship photo essays",
        "Balloon race reports",
    }

    response = _decide(mod_client, Profile, "suspend", [profile])

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.status == Profile.Status.SUSPENDED
    assert visitor.get(profile.get_absolute_url()).status_code == 404
    assert visitor.get(first.get_absolute_url()).status_code == 404
    assert visitor.get(second.get_absolute_url()).status_code == 404
    assert _public_titles(visitor) == {"Balloon race reports"}
    assert _public_titles(visitor, "zeppelin") == set()
    assert _sitemap(visitor, "services") == {_loc(olgas)}
    assert _sitemap(visitor, "freelancers") == {_loc(other_freelancer.profile)}


def test_a_suspended_freelancer_leaves_sitemaps_already_served(
    mod_client, visitor, freelancer, other_freelancer
):
    service = _published(freelancer)
    assert _sitemap(visitor, "services") == {_loc(service)}
    assert _sitemap(visitor, "freelancers") == {
        _loc(freelancer.profile),
        _loc(other_freelancer.profile),
    }

    _decide(mod_client, Profile, "suspend", [freelancer.profile])

    assert _sitemap(visitor, "services") == set()
    assert _sitemap(visitor, "freelancers") == {_loc(other_freelancer.profile)}


def test_restoring_a_freelancer_brings_back_their_profile_and_services(
    mod_client, visitor, freelancer
):
    profile = freelancer.profile
    service = _published(freelancer)
    _decide(mod_client, Profile, "suspend", [profile])
    assert visitor.get(profile.get_absolute_url()).status_code == 404

    response = _act(mod_client, Profile, "restore", [profile])

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.status == Profile.Status.ACTIVE
    assert visitor.get(profile.get_absolute_url()).status_code == 200
    assert visitor.get(service.get_absolute_url()).status_code == 200
    assert _public_titles(visitor, "zeppelin") == {"Zeppelin history features"}
    assert _sitemap(visitor, "services") == {_loc(service)}
    assert _sitemap(visitor, "freelancers") == {_loc(profile)}


# --- Accounts ---------------------------------------------------------------------------


def test_a_deactivated_user_cannot_sign_in_and_their_profile_disappears(
    mod_client, visitor, freelancer
):
    signed_in = Client()
    signed_in.force_login(freelancer)
    assert signed_in.get(reverse("home")).context["user"] == freelancer
    assert visitor.get(freelancer.profile.get_absolute_url()).status_code == 200

    response = _decide(mod_client, User, "deactivate", [freelancer])

    assert response.status_code == 302
    freelancer.refresh_from_db()
    assert not freelancer.is_active
    assert visitor.get(freelancer.profile.get_absolute_url()).status_code == 404
    # The session they had ends with their next request.
    assert not signed_in.get(reverse("home")).context["user"].is_authenticated
    login = visitor.post(
        reverse("account_login"), {"login": "fran@example.com", "password": DEFAULT_PASSWORD}
    )
    assert login.status_code == 302
    assert login["Location"] == reverse("account_inactive")
    assert not visitor.get(reverse("home")).context["user"].is_authenticated


def test_an_active_user_signs_in_with_the_same_form(visitor, freelancer):
    """The other side of the test above: the login it posts works for an active user."""
    login = visitor.post(
        reverse("account_login"), {"login": "fran@example.com", "password": DEFAULT_PASSWORD}
    )

    assert login.status_code == 302
    assert login["Location"] == reverse("home")
    assert visitor.get(reverse("home")).context["user"] == freelancer


def test_a_moderator_cannot_deactivate_staff_or_themselves(mod_client, mod):
    colleague = _appoint("max@example.com", "Max Moderator")
    root = UserFactory(email="root@example.com", is_staff=True, is_superuser=True)

    response = mod_client.post(
        _changelist(User),
        {
            "action": "deactivate",
            "index": "0",
            "_selected_action": [colleague.pk, root.pk, mod.pk],
            "apply": "1",
            "reason": REASON,
        },
        follow=True,
    )

    assert response.status_code == 200
    assert sorted(_messages(response)) == [
        ("max@example.com: Only a superuser can deactivate a staff account.", constants.WARNING),
        ("mia@example.com: You cannot deactivate your own account.", constants.WARNING),
        ("root@example.com: Only a superuser can deactivate a staff account.", constants.WARNING),
    ]
    assert User.objects.filter(pk__in=[colleague.pk, root.pk, mod.pk], is_active=True).count() == 3
    assert LogEntry.objects.count() == 0


# --- Reviews ----------------------------------------------------------------------------


@pytest.fixture
def reviewed_service(freelancer):
    """A published service of Fran with a five-star and a one-star review."""
    service = _published(freelancer)
    review_publish(service=service, rating=5, text="Superb reporting, delivered early.")
    review_publish(service=service, rating=1, text="Useless rubbish from a scammer.")
    service.refresh_from_db()
    assert (service.rating_average, service.review_count) == (Decimal("3.00"), 2)
    return service


def _ratings(obj):
    obj.refresh_from_db()
    return obj.rating_average, obj.review_count


def test_hiding_a_review_changes_the_ratings_and_the_pages_at_once(
    mod_client, visitor, freelancer, reviewed_service
):
    bad = Review.objects.get(rating=1)
    assert "Useless rubbish" in _html(visitor.get(reviewed_service.get_absolute_url()))

    response = _decide(mod_client, Review, "hide", [bad], reason="Insults the freelancer.")

    assert response.status_code == 302
    bad.refresh_from_db()
    assert bad.is_hidden
    assert bad.hidden_reason == "Insults the freelancer."
    assert _ratings(reviewed_service) == (Decimal("5.00"), 1)
    assert _ratings(freelancer.profile) == (Decimal("5.00"), 1)
    service_page = _html(visitor.get(reviewed_service.get_absolute_url()))
    assert "Useless rubbish" not in service_page
    assert "Superb reporting" in service_page
    assert "1 Review<" in service_page
    assert "Useless rubbish" not in _html(visitor.get(freelancer.profile.get_absolute_url()))


def test_showing_a_hidden_review_again_restores_the_ratings(
    mod_client, visitor, freelancer, reviewed_service
):
    bad = Review.objects.get(rating=1)
    _decide(mod_client, Review, "hide", [bad], reason="Insults the freelancer.")

    response = _act(mod_client, Review, "unhide", [bad])

    assert response.status_code == 302
    bad.refresh_from_db()
    assert not bad.is_hidden
    assert _ratings(reviewed_service) == (Decimal("3.00"), 2)
    assert _ratings(freelancer.profile) == (Decimal("3.00"), 2)
    service_page = _html(visitor.get(reviewed_service.get_absolute_url()))
    assert "Useless rubbish" in service_page
    assert "2 Reviews<" in service_page


# --- Reports ----------------------------------------------------------------------------


@pytest.fixture
def reports(reviewed_service, stranger, client_user):
    """Two open reports on the one-star review, one on the five-star review."""
    bad = Review.objects.get(rating=1)
    good = Review.objects.get(rating=5)
    return {
        "first": review_actions.review_report(review=bad, reporter=stranger, reason="Abusive."),
        "second": review_actions.review_report(
            review=bad, reporter=client_user, reason="Name-calling."
        ),
        "elsewhere": review_actions.review_report(
            review=good, reporter=stranger, reason="Looks fake."
        ),
    }


def _status(report):
    report.refresh_from_db()
    return report.status


def test_resolving_a_report_asks_for_a_decision_and_a_reason(mod_client, reports):
    response = _act(mod_client, ReviewReport, "resolve", [reports["first"]])

    assert response.status_code == 200
    page = _html(response)
    assert f"<li>{html.escape(str(reports['first']))}</li>" in page
    assert '<textarea name="reason"' in page
    assert page.count('name="outcome"') == 3
    assert 'value="hide_review"' in page
    assert 'value="suspend_service"' in page
    assert 'value="dismiss"' in page
    assert _status(reports["first"]) == ReviewReport.Status.OPEN


def test_resolving_a_report_by_hiding_the_review_closes_every_report_on_it(
    mod_client, reports, reviewed_service
):
    response = _decide(
        mod_client, ReviewReport, "resolve", [reports["first"]], outcome="hide_review"
    )

    assert response.status_code == 302
    bad = Review.objects.get(rating=1)
    assert bad.is_hidden
    assert bad.hidden_reason == REASON
    assert _status(reports["first"]) == ReviewReport.Status.RESOLVED
    assert _status(reports["second"]) == ReviewReport.Status.RESOLVED
    assert reports["second"].resolved_at is not None
    assert _status(reports["elsewhere"]) == ReviewReport.Status.OPEN
    assert _ratings(reviewed_service) == (Decimal("5.00"), 1)


def test_resolving_a_report_by_suspending_the_service(mod_client, visitor, reports):
    response = _decide(
        mod_client, ReviewReport, "resolve", [reports["first"]], outcome="suspend_service"
    )

    assert response.status_code == 302
    service = Review.objects.get(rating=1).service
    assert service.status == S.SUSPENDED
    assert service.moderation_note == REASON
    assert visitor.get(service.get_absolute_url()).status_code == 404
    assert _status(reports["first"]) == ReviewReport.Status.RESOLVED
    assert not Review.objects.get(rating=1).is_hidden


def test_dismissing_a_report_leaves_the_review_alone(mod_client, reports, reviewed_service):
    response = _decide(mod_client, ReviewReport, "resolve", [reports["first"]], outcome="dismiss")

    assert response.status_code == 302
    assert _status(reports["first"]) == ReviewReport.Status.DISMISSED
    assert _status(reports["second"]) == ReviewReport.Status.DISMISSED
    assert _status(reports["elsewhere"]) == ReviewReport.Status.OPEN
    assert not Review.objects.get(rating=1).is_hidden
    assert _ratings(reviewed_service) == (Decimal("3.00"), 2)
    reviewed_service.refresh_from_db()
    assert reviewed_service.status == S.PUBLISHED


def test_resolving_a_report_without_a_decision_shows_the_form_again(mod_client, reports):
    response = _act(
        mod_client, ReviewReport, "resolve", [reports["first"]], apply="1", reason=REASON
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"outcome": ["This field is required."]}
    assert _status(reports["first"]) == ReviewReport.Status.OPEN
    assert not Review.objects.get(rating=1).is_hidden


# --- A decision needs its reason --------------------------------------------------------


def _reasoned_cases(freelancer):
    """(model, action, the object, how to tell it is unchanged) for each reasoned decision."""
    pending = _pending(freelancer, "Pending piece")
    published = _published(freelancer, "Published piece")
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
            ReviewReport,
            report,
            lambda: ReviewReport.objects.get(pk=report.pk).status,
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

    response = _act(
        mod_client, model, ACTIONS[case], [obj], apply="1", reason=reason, outcome="dismiss"
    )

    assert response.status_code == 200
    assert response.templates[0].name == "admin/decision_reason.html"
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert "This field is required." in _html(response)
    assert f"<li>{html.escape(str(obj))}</li>" in _html(response)
    assert state() == before
    assert _entries(obj) == []


# --- The audit trail --------------------------------------------------------------------


def _audited_cases(client, freelancer):
    """Each decision made through the admin: (object, the decision's words, the reason)."""

    def approve():
        service = _pending(freelancer)
        _act(client, Service, "approve", [service])
        return service, "Approved", ""

    def reject():
        service = _pending(freelancer)
        _decide(client, Service, "reject", [service])
        return service, "Rejected", REASON

    def suspend_service():
        service = _published(freelancer)
        _decide(client, Service, "suspend", [service])
        return service, "Suspended", REASON

    def restore_service():
        service = ServiceFactory(freelancer=freelancer.profile, status=S.SUSPENDED)
        _act(client, Service, "restore", [service])
        return service, "Restored", ""

    def suspend_freelancer():
        _decide(client, Profile, "suspend", [freelancer.profile])
        return freelancer.profile, "Suspended", REASON

    def restore_freelancer():
        profile = ProfileFactory(status=Profile.Status.SUSPENDED)
        _act(client, Profile, "restore", [profile])
        return profile, "Restored", ""

    def deactivate():
        user = UserFactory(email="victim@example.com")
        _decide(client, User, "deactivate", [user])
        return user, "Deactivated", REASON

    def hide():
        review = review_publish(service=_published(freelancer), rating=1)
        _decide(client, Review, "hide", [review])
        return review, "Hidden", REASON

    def unhide():
        review = ReviewFactory(is_hidden=True, hidden_reason="Spam.", hidden_at=timezone.now())
        _act(client, Review, "unhide", [review])
        return review, "Shown again", ""

    def resolve():
        review = review_publish(service=_published(freelancer), rating=1)
        report = review_actions.review_report(review=review, reporter=UserFactory(), reason="x")
        _decide(client, ReviewReport, "resolve", [report], outcome="dismiss")
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

    [entry] = _entries(obj)
    assert entry.user == mod
    assert entry.content_type == ContentType.objects.get_for_model(obj)
    assert entry.object_id == str(obj.pk)
    assert entry.object_repr == str(obj)[:200]
    assert entry.change_message == (f"{decision}: {reason}" if reason else decision)
    page = mod_client.get(_change_page(obj))
    assert page.status_code == 200
    content = _html(page)
    assert "Moderation history" in content
    assert html.escape(f"{mod.email} · {entry.change_message}") in content


def test_the_log_entry_list_filters_by_moderator_and_by_kind_of_object(
    mod_client, mod, freelancer
):
    colleague = _appoint("max@example.com", "Max Moderator")
    service = _published(freelancer)
    _decide(mod_client, Service, "suspend", [service])
    _decide(mod_client, Profile, "suspend", [freelancer.profile])
    other = Client()
    other.force_login(colleague)
    pending = _pending(freelancer, "Airship photo essays")
    _act(other, Service, "approve", [pending])
    service_type = ContentType.objects.get_for_model(Service)

    everything = mod_client.get(_changelist(LogEntry))
    by_mia = mod_client.get(_changelist(LogEntry), {"user__id__exact": mod.pk})
    by_max = mod_client.get(_changelist(LogEntry), {"user__id__exact": colleague.pk})
    on_services = mod_client.get(
        _changelist(LogEntry), {"content_type__id__exact": service_type.pk}
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
    assert html.escape(REASON) in _html(by_mia)


# --- The queues on the index ------------------------------------------------------------


def _queues(response):
    """(label, count, url) for each queue row on the admin index."""
    rows = re.findall(
        r'<tr><th scope="row"><a href="([^"]*)">([^<]*)</a></th><td><strong>(\d+)</strong>',
        _html(response),
    )
    return [(html.unescape(label), int(count), html.unescape(url)) for url, label, count in rows]


def test_the_index_shows_each_queue_with_its_count_and_a_link_to_exactly_those(
    mod_client, mod, freelancer, stranger, client_user
):
    waiting = {_pending(freelancer, "Waiting one"), _pending(freelancer, "Waiting two")}
    ServiceFactory(freelancer=freelancer.profile, status=S.DRAFT, published_at=None)
    _published(freelancer, "Already live")
    service = _published(freelancer, "Reviewed work")
    reviews = [review_publish(service=service, rating=n) for n in (1, 2, 3, 4)]
    open_reports = {
        review_actions.review_report(review=reviews[0], reporter=stranger, reason="a"),
        review_actions.review_report(review=reviews[0], reporter=client_user, reason="b"),
        review_actions.review_report(review=reviews[1], reporter=stranger, reason="c"),
    }
    closed = review_actions.review_report(review=reviews[2], reporter=stranger, reason="d")
    ReviewReport.objects.filter(pk=closed.pk).update(status=ReviewReport.Status.DISMISSED)
    recently = review_actions.review_hide(review=reviews[2], moderator=mod, reason="Spam.")
    long_ago = review_actions.review_hide(review=reviews[3], moderator=mod, reason="Old.")
    Review.objects.filter(pk=long_ago.pk).update(hidden_at=timezone.now() - timedelta(days=8))

    response = mod_client.get(reverse("admin:index"))

    assert response.status_code == 200
    queues = _queues(response)
    assert [(label, count) for label, count, _url in queues] == [
        ("Services waiting for review", 2),
        ("Open review reports", 3),
        ("Reviews hidden in the last 7 days", 1),
    ]
    expected = [
        {s.pk for s in waiting},
        {r.pk for r in open_reports},
        {recently.pk},
    ]
    for (_label, count, url), pks in zip(queues, expected, strict=True):
        listing = mod_client.get(url)
        assert listing.status_code == 200
        assert {obj.pk for obj in listing.context["cl"].result_list} == pks
        assert listing.context["cl"].result_count == count


# --- CSV exports ------------------------------------------------------------------------


def _csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


PUBLISHED_AT = datetime(2025, 3, 1, 12, 30, tzinfo=UTC)


def test_exporting_selected_services_gives_a_csv_attachment_of_exactly_those(
    mod_client, freelancer
):
    first = ServiceFactory(
        freelancer=freelancer.profile,
        title="Zeppelin history features",
        slug="zeppelin-history-features",
        category=leaf_category("articles-news"),
        hourly_rate=Decimal("30"),
        starting_price=Decimal("25"),
        published_at=PUBLISHED_AT,
    )
    second = ServiceFactory(
        freelancer=freelancer.profile,
        title='=HYPERLINK("http://evil.example","Click")',
        slug="evil",
        category=leaf_category("logo-branding"),
        hourly_rate=Decimal("27.50"),
        starting_price=Decimal("0"),
        engagement=Service.Engagement.ONE_OFF,
        status=S.PENDING,
        published_at=None,
    )
    _published(freelancer, "Not selected")

    response = _act(mod_client, Service, "export_csv", [second, first])

    assert response["Content-Disposition"].startswith('attachment; filename="services-')
    assert response["Content-Disposition"].endswith('.csv"')
    assert _csv(response) == [
        [
            "id",
            "title",
            "url",
            "freelancer",
            "freelancer email",
            "category",
            "status",
            "hourly rate",
            "starting at",
            "engagement",
            "rating",
            "reviews",
            "published at",
        ],
        [
            str(first.pk),
            "Zeppelin history features",
            "http://testserver/services/zeppelin-history-features/",
            "Fran Freelancer",
            "fran@example.com",
            "Writing & Translation › Articles & News",
            "Published",
            "30.00",
            "25.00",
            "Ongoing",
            "0.00",
            "0",
            "2025-03-01T12:30:00+00:00",
        ],
        [
            str(second.pk),
            '\'=HYPERLINK("http://evil.example","Click")',
            "http://testserver/services/evil/",
            "Fran Freelancer",
            "fran@example.com",
            "Design & Art › Logo & Branding",
            "Pending review",
            "27.50",
            "0.00",
            "One-off",
            "0.00",
            "0",
            "",
        ],
    ]


def test_exporting_selected_freelancers_gives_a_csv_attachment_of_exactly_those(
    mod_client, freelancer, other_freelancer
):
    fran = freelancer.profile
    Profile.objects.filter(pk=fran.pk).update(
        headline="Features and news", city="Leeds", country="UK", hourly_rate=Decimal("45")
    )
    olga = other_freelancer.profile
    Profile.objects.filter(pk=olga.pk).update(
        display_name="@SUM(A1:A9)", headline="+44 1234", city="", country="", hourly_rate=None
    )
    ProfileFactory(display_name="Not selected")
    fran.refresh_from_db()
    olga.refresh_from_db()

    response = _act(mod_client, Profile, "export_csv", [olga, fran])

    assert response["Content-Disposition"].startswith('attachment; filename="freelancers-')
    assert _csv(response) == [
        [
            "id",
            "name",
            "email",
            "url",
            "headline",
            "location",
            "hourly rate",
            "availability",
            "status",
            "rating",
            "reviews",
            "joined",
        ],
        [
            str(fran.pk),
            "Fran Freelancer",
            "fran@example.com",
            "http://testserver/freelancers/fran-freelancer/",
            "Features and news",
            "Leeds, UK",
            "45.00",
            "Available",
            "Active",
            "0.00",
            "0",
            fran.created_at.date().isoformat(),
        ],
        [
            str(olga.pk),
            "'@SUM(A1:A9)",
            "olga@example.com",
            "http://testserver/freelancers/olga-other/",
            "'+44 1234",
            "",
            "",
            "Available",
            "Active",
            "0.00",
            "0",
            olga.created_at.date().isoformat(),
        ],
    ]


# --- Changelist query counts ------------------------------------------------------------


def _services(n):
    leaves = ["articles-news", "logo-branding", "data-entry"]
    for i in range(n):
        ServiceFactory(title=f"Row {i}", category=leaf_category(leaves[i % 3]))


def _profiles(n):
    for i in range(n):
        ProfileFactory(display_name=f"Row {i}")


def _users(n):
    for i in range(n):
        UserFactory(email=f"row{i}@example.com")


def _reviews(n):
    for i in range(n):
        ReviewFactory(text=f"Row {i}")


def _reports(n):
    for i in range(n):
        review_actions.review_report(
            review=ReviewFactory(), reporter=UserFactory(), reason=f"Row {i}"
        )


def _engagements(n):
    statuses = [Engagement.Status.REQUESTED, Engagement.Status.ACCEPTED]
    for i in range(n):
        EngagementFactory(status=statuses[i % 2], message=f"Row {i}")


def _log_entries(n):
    makers = [ServiceFactory, ProfileFactory, ReviewFactory]
    for i in range(n):
        record_decision(
            moderator=UserFactory(is_staff=True),
            obj=makers[i % 3](),
            decision="Row",
            reason=str(i),
        )


# Every changelist, seen by a moderator. Five queries come first on each: the session, the
# user, their permissions (own, then the group's), and whether they have a second factor.
# Then each page counts its rows twice (filtered and in all) and reads one page of them with
# the related rows it shows; filters that list values from the database and a date
# hierarchy add their own. None of these
# numbers may grow with the rows.
CHANGELISTS = {
    # + the category filter's choices, and the date hierarchy's range and days
    "services": (Service, _services, 5 + 1 + 2 + 1 + 2),
    "profiles": (Profile, _profiles, 5 + 2 + 1),
    # + the groups filter's choices
    "users": (User, _users, 5 + 1 + 2 + 1),
    # + the ratings filter's values, and the date hierarchy's range and days
    "reviews": (Review, _reviews, 5 + 2 + 1 + 1 + 2),
    "reports": (ReviewReport, _reports, 5 + 2 + 1),
    # + the date hierarchy's range and days
    "engagements": (Engagement, _engagements, 5 + 2 + 1 + 2),
    # + the content type and moderator filters' choices, and the date hierarchy
    "log-entries": (LogEntry, _log_entries, 5 + 2 + 2 + 1 + 2),
}


@pytest.mark.parametrize("rows", [3, 6])
@pytest.mark.parametrize("name", list(CHANGELISTS))
def test_changelist_query_count_does_not_grow_with_rows(
    mod_client, django_assert_num_queries, name, rows
):
    model, make, queries = CHANGELISTS[name]
    make(rows)
    total = model.objects.count()
    assert total >= rows

    with django_assert_num_queries(queries):
        response = mod_client.get(_changelist(model))

    assert response.status_code == 200
    assert response.context["cl"].result_count == total
    assert len(response.context["cl"].result_list) == total


def test_resolving_reports_on_two_reviews_of_one_service_by_suspending_it(
    mod_client, freelancer, stranger
):
    service = _published(freelancer)
    first = review_publish(service=service, rating=1)
    second = review_publish(service=service, rating=2)
    reports = [
        review_actions.review_report(review=first, reporter=stranger, reason="Fake."),
        review_actions.review_report(review=second, reporter=stranger, reason="Fake too."),
    ]

    response = mod_client.post(
        _changelist(ReviewReport),
        {
            "action": "resolve",
            "index": "0",
            "_selected_action": [r.pk for r in reports],
            "apply": "1",
            "reason": REASON,
            "outcome": "suspend_service",
        },
        follow=True,
    )

    service.refresh_from_db()
    assert service.status == S.SUSPENDED
    assert [_status(r) for r in reports] == [ReviewReport.Status.RESOLVED] * 2
    assert [level for _text, level in _messages(response)] == [constants.SUCCESS]


def test_an_article_saved_in_the_admin_shows_the_public_what_its_body_says(
    mod_client, visitor, freelancer
):
    article = ArticleFactory(
        profile=freelancer.profile,
        title="Story",
        body="Old **words**.",
        body_html="<p>Old <strong>words</strong>.</p>",
    )

    response = mod_client.post(
        _change_page(article),
        {
            "profile": freelancer.profile.pk,
            "title": "Story",
            "body": "New **words**.",
            "status": "published",
            "published_at_0": "2025-03-01",
            "published_at_1": "12:30:00",
        },
    )

    assert response.status_code == 302
    article.refresh_from_db()
    # Either the body stays the freelancer's, or what the public sees follows the new one.
    assert article.body_html == render_markdown(article.body)
    page = _html(visitor.get(article.get_absolute_url()))
    assert ("New <strong>words</strong>" in page) == (article.body == "New **words**.")
