"""The home page's reads: top categories with their service counts, the newest services."""

from django.db.models import Count

from common.cache import cached_listing
from common.pagination import estimated_count
from services.models import Category, Service
from services.selectors import EXACT_LIMIT, category_tree, leaf_ids

HOME_RECENT = 8


def home_page_data() -> dict:
    """Top categories with their public service counts, and the newest services.

    Cached until public listings change: counting a million services per visit is the
    most expensive thing the home page would do.
    """
    return cached_listing("home", _home_page_data)


def _home_page_data() -> dict:
    """Each top category's public services are counted only when few; a large category
    shows the planner's estimate ("about 110,000"), as search does: counting a million
    services took over half a second each time a listing changed."""
    public = Service.objects.public()
    top = category_tree()
    for category in top:
        leaves = Service.objects.published().filter(category_id__in=leaf_ids(category))
        category.service_count = estimated_count(leaves)
        category.approximate = category.service_count > EXACT_LIMIT
    if small := [category for category in top if not category.approximate]:
        counts = dict(
            public.filter(category__parent__in=small)
            .values_list("category__parent_id")
            .annotate(n=Count("id"))
            .values_list("category__parent_id", "n")
        )
        for category in small:
            category.service_count = counts.get(category.pk, 0)
    recent = list(public.for_cards().order_by("-published_at", "-id")[:HOME_RECENT])
    return {"categories": top, "recent_services": recent}


def live_top_categories() -> list[Category]:
    """The top categories that have public services (from the home page's cached counts):
    the ones worth offering as a way forward from an empty result."""
    return [category for category in home_page_data()["categories"] if category.service_count]
