"""The service page's selector: a ServiceDetail, loaded in full before the template runs."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from reviews.actions import ratings_recompute_all
from services import selectors, views
from tests.reviews.factories import ReviewFactory
from tests.services.factories import EngagementFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(freelancer):
    """Fran's service with three reviews (the rows' figures kept as actions keep them)."""
    service = ServiceFactory(freelancer=freelancer.profile, title="Feature writing")
    for stars in (5, 4, 4):
        ReviewFactory(engagement__service=service, rating=stars)
    ratings_recompute_all()
    service.refresh_from_db()
    assert (service.rating_average, service.review_count) == (Decimal("4.33"), 3)
    return service


def test_the_detail_is_a_frozen_service_detail_with_every_part_of_the_page(service, freelancer):
    others = [ServiceFactory(freelancer=freelancer.profile, title=f"Other {n}") for n in range(3)]

    detail = selectors.service_get_for_detail(slug=service.slug, viewer=AnonymousUser())

    assert isinstance(detail, selectors.ServiceDetail)
    assert detail.service == service
    assert {s.pk for s in detail.other_services} == {s.pk for s in others}
    assert len(detail.reviews.page.object_list) == 3
    assert detail.reviews.distribution[:2] == [(5, 1, 33), (4, 2, 67)]
    assert detail.reviewable_engagement is None
    with pytest.raises(AttributeError):
        detail.service = None  # frozen
    assert not hasattr(detail.service, "reviews_page")  # nothing stuck on the model


def test_the_client_of_a_completed_job_gets_it_as_the_reviewable_engagement(service, client_user):
    job = EngagementFactory(completed=True, service=service, client=client_user)

    detail = selectors.service_get_for_detail(slug=service.slug, viewer=client_user)

    assert detail.reviewable_engagement == job


def test_the_service_page_template_runs_no_query(service, monkeypatch, django_assert_num_queries):
    request = RequestFactory().get(service.get_absolute_url())
    request.user = AnonymousUser()
    detail = selectors.service_get_for_detail(slug=service.slug, viewer=request.user)
    # The view gets the detail already read: what is left is the page around it.
    monkeypatch.setattr(selectors, "service_get_for_detail", lambda **kwargs: detail)

    with django_assert_num_queries(0):
        response = views.service_detail(request, slug=service.slug)

    assert response.content.decode().count('class="review card"') == 3
