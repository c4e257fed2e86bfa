"""Moderating services in the admin: approve, reject, suspend, restore, export; the public
site follows at once."""

import html
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.contrib.messages import constants
from django.test import Client
from django.urls import reverse

from services.models import Service
from tests.marketplace.moderation import (
    REASON,
    S,
    act,
    changelist_url,
    csv_rows,
    decide,
    entries_of,
    loc,
    messages_of,
    page_text,
    pending_service,
    public_titles,
    published_service,
    sitemap_locs,
)
from tests.services.factories import ServiceFactory, leaf_category

pytestmark = pytest.mark.django_db


def test_approving_a_pending_service_puts_it_on_search_and_its_page(
    mod_client, visitor, freelancer, mod, django_capture_on_commit_callbacks, mailoutbox
):
    service = pending_service(freelancer)
    assert visitor.get(service.get_absolute_url()).status_code == 404
    assert public_titles(visitor, "zeppelin") == set()

    with django_capture_on_commit_callbacks(execute=True):
        response = act(mod_client, Service, "approve", [service])

    assert response.status_code == 302
    assert response["Location"] == changelist_url(Service)
    service.refresh_from_db()
    assert service.status == S.PUBLISHED
    assert visitor.get(service.get_absolute_url()).status_code == 200
    assert public_titles(visitor, "zeppelin") == {"Zeppelin history features"}
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (
            ["fran@example.com"],
            "[Freelance Marketplace] Your service “Zeppelin history features” is live",
        )
    ]


def test_rejecting_asks_for_a_reason_on_a_page_listing_the_services(mod_client, freelancer):
    first = pending_service(freelancer, "Zeppelin history features")
    second = pending_service(freelancer, "Airship photo essays")

    response = act(mod_client, Service, "reject", [first, second])

    assert response.status_code == 200
    page = page_text(response)
    assert "<li>Zeppelin history features</li>" in page
    assert "<li>Airship photo essays</li>" in page
    assert '<textarea name="reason"' in page
    assert f'name="_selected_action" value="{first.pk}"' in page
    assert f'name="_selected_action" value="{second.pk}"' in page
    assert Service.objects.filter(status=S.PENDING).count() == 2


def test_rejecting_with_a_reason_tells_the_freelancer_on_the_dashboard_and_by_mail(
    mod_client, freelancer, django_capture_on_commit_callbacks, mailoutbox
):
    service = pending_service(freelancer)

    with django_capture_on_commit_callbacks(execute=True):
        response = decide(mod_client, Service, "reject", [service], reason=REASON)

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.status == S.REJECTED
    assert service.moderation_note == REASON
    owner = Client()
    owner.force_login(freelancer)
    dashboard = owner.get(reverse("services:dashboard_list"))
    assert html.escape(REASON) in page_text(dashboard)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["fran@example.com"]
    assert "not approved" in mailoutbox[0].subject
    assert f"Why: {REASON}" in mailoutbox[0].body


def test_suspending_a_published_service_takes_it_off_the_public_site(
    mod_client, visitor, freelancer, django_capture_on_commit_callbacks, mailoutbox
):
    service = published_service(freelancer)
    other = published_service(freelancer, "Airship photo essays")
    assert visitor.get(service.get_absolute_url()).status_code == 200
    assert public_titles(visitor) == {"Zeppelin history features", "Airship photo essays"}

    with django_capture_on_commit_callbacks(execute=True):
        response = decide(mod_client, Service, "suspend", [service])

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.status == S.SUSPENDED
    assert visitor.get(service.get_absolute_url()).status_code == 404
    assert public_titles(visitor) == {"Airship photo essays"}
    assert public_titles(visitor, "zeppelin") == set()
    assert sitemap_locs(visitor, "services") == {loc(other)}
    assert [m.to for m in mailoutbox] == [["fran@example.com"]]
    assert f"Why: {REASON}" in mailoutbox[0].body


def test_a_suspended_service_leaves_a_sitemap_already_served(mod_client, visitor, freelancer):
    service = published_service(freelancer)
    other = published_service(freelancer, "Airship photo essays")
    assert sitemap_locs(visitor, "services") == {loc(service), loc(other)}

    decide(mod_client, Service, "suspend", [service])

    assert sitemap_locs(visitor, "services") == {loc(other)}


def test_restoring_a_suspended_service_puts_it_back(mod_client, visitor, freelancer, mod):
    service = published_service(freelancer)
    decide(mod_client, Service, "suspend", [service])
    assert visitor.get(service.get_absolute_url()).status_code == 404

    response = act(mod_client, Service, "restore", [service])

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.status == S.PUBLISHED
    assert service.moderation_note == ""
    assert visitor.get(service.get_absolute_url()).status_code == 200
    assert public_titles(visitor, "zeppelin") == {"Zeppelin history features"}
    assert sitemap_locs(visitor, "services") == {loc(service)}


def test_approving_a_service_that_is_not_pending_is_refused_with_a_warning(mod_client, freelancer):
    draft = ServiceFactory(
        freelancer=freelancer.profile, title="Unfinished", status=S.DRAFT, published_at=None
    )

    response = mod_client.post(
        changelist_url(Service),
        {"action": "approve", "index": "0", "_selected_action": [draft.pk]},
        follow=True,
    )

    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    assert messages_of(response) == [
        ("Unfinished: A service that is draft cannot be approved.", constants.WARNING)
    ]
    assert entries_of(draft) == []


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
        engagement=Service.EngagementType.ONE_OFF,
        status=S.PENDING,
        published_at=None,
    )
    published_service(freelancer, "Not selected")

    response = act(mod_client, Service, "export_csv", [second, first])

    assert response["Content-Disposition"].startswith('attachment; filename="services-')
    assert response["Content-Disposition"].endswith('.csv"')
    assert csv_rows(response) == [
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
