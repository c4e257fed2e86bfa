"""/sitemap.xml: public services, categories that have any, freelancer profiles, articles
and reviews' own pages.

The large sections page by id range, not by OFFSET: page n lists the public rows whose
id is in ((n-1)*limit, n*limit], read by one range scan of the primary key however deep
the page, and the number of pages comes from the highest id (one index lookup) instead
of a count. A page may list fewer than `limit` (ids of rows gone or not public), never
more. The index gives no lastmod for them: Django computes it from every item.
"""

from math import ceil

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Exists, Max, OuterRef
from django.utils.functional import cached_property

from profiles.models import Article, Profile
from reviews.models import Review
from services.models import Category, Service


class _IdRangePage:
    def __init__(self, object_list):
        self.object_list = object_list


class _IdRanges:
    """The paginator of a large section (see the module's docstring)."""

    def __init__(self, items, per_page: int):
        self.items, self.per_page = items, per_page

    @cached_property
    def num_pages(self) -> int:
        top = self.items.model.objects.aggregate(top=Max("pk"))["top"] or 0
        return max(1, ceil(top / self.per_page))

    def page(self, number) -> _IdRangePage:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if not 1 <= number <= self.num_pages:
            raise EmptyPage("That page contains no results")
        first, last = (number - 1) * self.per_page, number * self.per_page
        return _IdRangePage(list(self.items.filter(pk__gt=first, pk__lte=last)))


class LargeSitemap(Sitemap):
    limit = 10_000

    @property
    def paginator(self):
        return _IdRanges(self.items(), self.limit)

    def get_latest_lastmod(self):
        return None

    def lastmod(self, item):
        return item.updated_at


class ServiceSitemap(LargeSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Service.objects.public().only("slug", "updated_at").order_by("pk")


class CategorySitemap(Sitemap):
    """Categories that have public services: an empty one is no page worth a search
    engine's visit (its page lists nothing). A top category counts when any of its
    subcategories does; each subcategory is one index probe, stopping at its first row."""

    changefreq = "daily"
    priority = 0.6

    def items(self):
        return self._live_categories

    @cached_property
    def _live_categories(self) -> list[Category]:
        # Cached: the index reads the items twice (their lastmod, their number of pages).
        has_services = Service.objects.public().filter(category=OuterRef("pk"))
        categories = list(
            Category.objects.select_related("parent")
            .annotate(live=Exists(has_services))
            .order_by("pk")
        )
        live_parents = {category.parent_id for category in categories if category.live}
        return [c for c in categories if c.live or c.pk in live_parents]

    def lastmod(self, category):
        return category.updated_at


class ProfileSitemap(LargeSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Profile.objects.public().only("slug", "updated_at").order_by("pk")


class ArticleSitemap(LargeSitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return (
            Article.objects.public()
            .select_related("profile")
            .only("slug", "updated_at", "profile__slug")
            .order_by("pk")
        )


class ReviewSitemap(LargeSitemap):
    """Each review's own page, for those that have one (the page's own rule)."""

    changefreq = "monthly"
    priority = 0.3

    def items(self):
        return Review.objects.with_public_page().only("updated_at").order_by("pk")


SITEMAPS = {
    "services": ServiceSitemap,
    "categories": CategorySitemap,
    "freelancers": ProfileSitemap,
    "articles": ArticleSitemap,
    "reviews": ReviewSitemap,
}
