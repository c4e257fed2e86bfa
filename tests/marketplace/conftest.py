"""The moderator of the admin tests, signed in, and an anonymous visitor beside them."""

from decimal import Decimal

import pytest
from django.test import Client

from tests.marketplace.moderation import appoint, published_service
from tests.reviews.factories import review_publish


@pytest.fixture
def mod(db):
    """A real moderator: staff in the Moderators group, not a superuser."""
    return appoint("mia@example.com", "Mia Moderator")


@pytest.fixture
def mod_client(client, mod):
    client.force_login(mod)
    return client


@pytest.fixture
def visitor():
    """An anonymous browser of the public site, apart from the moderator's."""
    return Client()


@pytest.fixture
def reviewed_service(freelancer):
    """A published service of Fran with a five-star and a one-star review."""
    service = published_service(freelancer)
    review_publish(service=service, rating=5, text="Superb reporting, delivered early.")
    review_publish(service=service, rating=1, text="Useless rubbish from a scammer.")
    service.refresh_from_db()
    assert (service.rating_average, service.review_count) == (Decimal("3.00"), 2)
    return service
