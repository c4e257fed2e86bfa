"""/sitemap.xml: public services, categories, freelancer profiles and articles."""

from django.contrib.sitemaps import Sitemap

from profiles.models import Article, Profile
from services.models import Category, Service


class ServiceSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 10_000

    def items(self):
        return Service.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, service):
        return service.updated_at


class CategorySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Category.objects.select_related("parent").order_by("pk")

    def lastmod(self, category):
        return category.updated_at


class ProfileSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    limit = 10_000

    def items(self):
        return Profile.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, profile):
        return profile.updated_at


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4
    limit = 10_000

    def items(self):
        return (
            Article.objects.public()
            .select_related("profile")
            .only("slug", "updated_at", "profile__slug")
            .order_by("pk")
        )

    def lastmod(self, article):
        return article.updated_at


SITEMAPS = {
    "services": ServiceSitemap,
    "categories": CategorySitemap,
    "freelancers": ProfileSitemap,
    "articles": ArticleSitemap,
}
