"""Services with the values a listing test asserts on, and what a listing page shows of them.

The order and content of a list are read from the view's context; `card_titles` reads the
markup, for the one check per page that the list is rendered.
"""

import html as html_lib
import re
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from services.models import Service
from tests.profiles.factories import SkillFactory
from tests.services.factories import ServiceFactory, leaf_category

LIST_URL = "/services/"


HIDDEN_STATUSES = [
    Service.Status.DRAFT,
    Service.Status.PENDING,
    Service.Status.REJECTED,
    Service.Status.SUSPENDED,
]


def ago(days=0, minutes=0):
    return timezone.now() - timedelta(days=days, minutes=minutes)


def listed_service(title, *, leaf="articles-news", days=0, **fields):
    """A published service with the values a test asserts on passed in explicitly."""
    fields.setdefault("description", "A plain description.")
    fields.setdefault("published_at", ago(days=days))
    return ServiceFactory(title=title, category=leaf_category(leaf), **fields)


def page_text(response):
    return response.content.decode()


def card_titles(response):
    """Titles of the service cards in the page's markup, in the order shown."""
    found = re.findall(
        r'<h3 class="service-card__title"><a href="[^"]*">(.*?)</a></h3>', page_text(response)
    )
    return [html_lib.unescape(title) for title in found]


def result_titles(response):
    """Titles of the services a browse page lists, in order: its `results`."""
    return [service.title for service in response.context["results"].page.object_list]


def listed_titles(response):
    """Titles of the services a listing page lists, in order: a browse page's `results`,
    or the home page's `recent_services`."""
    context = response.context
    if "results" in context:
        return result_titles(response)
    return [service.title for service in context["recent_services"]]


def result_total(response):
    """The number of matches a browse page counts (its results summary says it)."""
    return response.context["results"].total


def empty_state(response):
    match = re.search(r'<div class="empty-state">(.*?)</div>', page_text(response), re.S)
    return match.group(1) if match else None


def gigs_with_skills(n, *, start=0):
    journalism = SkillFactory(name="Journalism")
    editing = SkillFactory(name="Editing")
    for i in range(start, start + n):
        listed_service(
            f"Gig {i}",
            skills=[journalism, editing],
            hourly_rate=Decimal("30"),
            rating_average=Decimal("4.50"),
            review_count=2,
            days=i,
        )
