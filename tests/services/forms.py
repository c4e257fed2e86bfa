"""What the service form is sent."""

from tests.services.factories import leaf_category


def service_data(**overrides):
    """A complete, valid service form submission."""
    data = {
        "title": "News writing",
        "category": str(leaf_category().pk),
        "description": "Reported, sourced, on deadline.",
        "hourly_rate": "30",
        "starting_price": "25",
        "engagement": "ongoing",
        "skills": "News Writing, Editing",
    }
    return data | overrides
