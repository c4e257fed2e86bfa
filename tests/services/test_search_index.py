"""The search query uses the GIN index on its own once the table is big enough to matter."""

import itertools
import random
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.utils import timezone

from services.models import SEARCH_CONFIG, Service
from tests.profiles.factories import ProfileFactory
from tests.services.factories import leaf_category

pytestmark = pytest.mark.django_db

ROWS = 3000
RARE_ROWS = 3
WORDS = [
    "news",
    "writing",
    "logo",
    "design",
    "website",
    "editing",
    "translation",
    "marketing",
    "research",
    "audio",
    "video",
    "spreadsheet",
    "accounting",
    "tutoring",
    "contract",
    "resume",
    "branding",
    "illustration",
    "support",
    "analysis",
]


@pytest.fixture
def big_table():
    """ROWS published services of varied text; RARE_ROWS of them mention "zeppelin"."""
    rng = random.Random(1234)
    profile = ProfileFactory()
    category = leaf_category()
    now = timezone.now()
    counter = itertools.count()

    def words(n):
        return " ".join(rng.choice(WORDS) for _ in range(n))

    services = []
    for n in range(ROWS):
        title = words(4).capitalize()
        description = f"{words(30)}. {words(20)}."
        if n % (ROWS // RARE_ROWS) == 0:
            description = f"{description} Zeppelin tours too."
        services.append(
            Service(
                freelancer=profile,
                category=category,
                title=title,
                slug=f"bulk-{next(counter)}",
                description=description,
                hourly_rate=Decimal(10 + n % 90),
                status=Service.Status.PUBLISHED,
                published_at=now - timedelta(minutes=n),
            )
        )
    Service.objects.bulk_create(services, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE services_service")


def test_a_rare_word_search_uses_the_gin_index(big_table):
    # The public services matching the query, as search filters them.
    queryset = Service.objects.public().filter(
        search_document=SearchQuery("zeppelin", search_type="websearch", config=SEARCH_CONFIG)
    )

    plan = queryset.explain()

    assert queryset.count() == RARE_ROWS
    # Either GIN index on the words (services_cat_search_gin holds the published rows').
    assert re.search(r"Bitmap Index Scan on services_(cat_)?search_gin", plan), plan
