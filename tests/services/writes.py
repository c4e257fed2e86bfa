"""Services written through the actions, as the service action tests set them up."""

from decimal import Decimal

from django.contrib.postgres.search import SearchQuery

from services import actions
from services.models import Service
from tests.services.factories import leaf_category

S = Service.Status


def create_service(freelancer, **overrides):
    """service_create with a complete, valid set of arguments for Fran."""
    arguments = {
        "freelancer": freelancer.profile,
        "title": "News writing",
        "description": "Reported, sourced, on deadline.",
        "category": leaf_category(),
        "hourly_rate": Decimal("30"),
    }
    return actions.service_create(**(arguments | overrides))


def search_for(word):
    return Service.objects.filter(search_document=SearchQuery(word, config="english"))
