"""Shared by the services tests: listed services, premoderation on or off, a service to hire."""

from decimal import Decimal

import pytest

from tests.services.browsing import listed_service
from tests.services.factories import ServiceFactory, engagement_in


@pytest.fixture
def two_services():
    listed_service("News feature", hourly_rate=Decimal("20"), days=1)
    listed_service("Logo design", leaf="logo-branding", hourly_rate=Decimal("40"), days=2)


@pytest.fixture
def premoderation(settings):
    settings.SERVICES_PREMODERATION = True


@pytest.fixture
def no_premoderation(settings):
    settings.SERVICES_PREMODERATION = False


@pytest.fixture
def fran_service(freelancer):
    return ServiceFactory(
        freelancer=freelancer.profile, title="Baltic reporting", slug="baltic-reporting"
    )


@pytest.fixture
def thread(client_user, fran_service):
    """Casey's requested hire of Fran's "Baltic reporting": a thread with no replies yet."""
    return engagement_in("requested", service=fran_service, client=client_user)
