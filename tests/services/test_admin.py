"""Staff moderate services through the admin: the approve action and the changelist."""

import pytest
from django.contrib.messages import constants
from django.urls import reverse
from django.utils import timezone

from services.models import Service
from tests.profiles.factories import UserFactory
from tests.services.factories import ServiceFactory, leaf_category

pytestmark = pytest.mark.django_db

S = Service.Status
CHANGELIST = "admin:services_service_changelist"


@pytest.fixture
def admin_client(client):
    """The test client, signed in as a staff superuser."""
    client.force_login(UserFactory(email="root@example.com", is_staff=True, is_superuser=True))
    return client


def _approve(client, *services):
    return client.post(
        reverse(CHANGELIST),
        {"action": "approve", "index": "0", "_selected_action": [s.pk for s in services]},
        follow=True,
    )


def _messages(response):
    return [(str(m), m.level) for m in response.context["messages"]]


def test_approving_a_pending_service_publishes_it(admin_client):
    service = ServiceFactory(title="Pending one", status=S.PENDING, published_at=None)

    response = _approve(admin_client, service)

    assert response.status_code == 200
    assert response.redirect_chain == [(reverse(CHANGELIST), 302)]
    service.refresh_from_db()
    assert service.status == S.PUBLISHED
    assert service.published_at is not None
    assert service in Service.objects.public()
    assert ("Approved and published: 1.", constants.SUCCESS) in _messages(response)


def test_approving_a_draft_leaves_it_a_draft_with_a_warning(admin_client):
    draft = ServiceFactory(title="Still a draft", status=S.DRAFT, published_at=None)
    pending = ServiceFactory(title="Pending one", status=S.PENDING, published_at=None)

    response = _approve(admin_client, draft, pending)

    assert response.status_code == 200
    draft.refresh_from_db()
    pending.refresh_from_db()
    assert draft.status == S.DRAFT
    assert draft.published_at is None
    assert pending.status == S.PUBLISHED
    messages = _messages(response)
    assert (
        "Still a draft: A service that is draft cannot be approved.",
        constants.WARNING,
    ) in messages
    assert ("Approved and published: 1.", constants.SUCCESS) in messages


def test_a_moderator_without_change_permission_cannot_approve(client, moderator):
    client.force_login(moderator)
    service = ServiceFactory(status=S.PENDING, published_at=None)

    response = client.post(
        reverse(CHANGELIST),
        {"action": "approve", "index": "0", "_selected_action": [service.pk]},
    )

    assert response.status_code == 403
    service.refresh_from_db()
    assert service.status == S.PENDING


def test_an_ordinary_user_is_kept_out_of_the_service_admin(client, client_user):
    client.force_login(client_user)
    service = ServiceFactory(status=S.PENDING, published_at=None)

    response = client.post(
        reverse(CHANGELIST),
        {"action": "approve", "index": "0", "_selected_action": [service.pk]},
    )

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    service.refresh_from_db()
    assert service.status == S.PENDING


# session, user, whether they have a second factor, then per changelist: the top categories
# for their filter, the count, and the page of services with freelancer and category path
# (one count and no date hierarchy: common.admin.LargeTableAdminMixin)
CHANGELIST_QUERIES = 6


@pytest.mark.parametrize("count", [3, 6])
def test_service_changelist_query_count_does_not_grow_with_services(
    admin_client, django_assert_num_queries, count
):
    categories = ["articles-news", "logo-branding", "data-entry"]
    for n in range(count):
        ServiceFactory(
            title=f"Service number {n}",
            category=leaf_category(categories[n % 3]),
            published_at=timezone.now(),
        )

    with django_assert_num_queries(CHANGELIST_QUERIES):
        response = admin_client.get(reverse(CHANGELIST))

    assert response.status_code == 200
    assert response.context["cl"].result_count == count
    content = response.content.decode()
    assert all(f"Service number {n}" in content for n in range(count))
    assert "Design &amp; Art › Logo &amp; Branding" in content


def test_editing_a_service_in_the_admin_keeps_search_in_step(admin_client, freelancer):
    service = ServiceFactory(
        freelancer=freelancer.profile,
        title="News writing",
        slug="news-writing",
        description="Reported.",
        keywords="Articles & News Writing & Translation",
    )
    logo = leaf_category("logo-branding")

    response = admin_client.post(
        reverse("admin:services_service_change", args=[service.pk]),
        {
            "freelancer": freelancer.profile.pk,
            "category": logo.pk,
            "title": "News writing",
            "slug": "news-writing",
            "description": "Reported.",
            "hourly_rate": "30",
            "starting_price": "25",
            "engagement": "ongoing",
            "moderation_note": "",
            # The service's page lists its reviews in an (empty, read-only) inline.
            "reviews-TOTAL_FORMS": "0",
            "reviews-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.category == logo
    assert "Logo & Branding" in service.keywords
    assert "Articles & News" not in service.keywords
