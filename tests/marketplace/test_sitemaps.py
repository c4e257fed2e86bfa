"""The sitemaps: an index of sections, each listing public pages only."""

import re

import pytest

from profiles.models import Article, Profile
from tests.profiles.factories import ArticleFactory, ProfileFactory
from tests.services.browsing import page_text

pytestmark = pytest.mark.django_db


def _locs(response):
    return re.findall(r"<loc>([^<]*)</loc>", page_text(response))


def test_the_sitemap_index_links_every_section(client):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert "<sitemapindex" in page_text(response)
    assert sorted(_locs(response)) == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-categories.xml",
        "http://testserver/sitemap-freelancers.xml",
        "http://testserver/sitemap-services.xml",
    ]


def test_the_services_sitemap_lists_public_services_only(client, mixed_visibility):
    response = client.get("/sitemap-services.xml")

    assert response.status_code == 200
    assert _locs(response) == [f"http://testserver{mixed_visibility.get_absolute_url()}"]


def test_the_categories_sitemap_lists_every_category_at_its_full_url(client):
    locs = _locs(client.get("/sitemap-categories.xml"))

    assert "http://testserver/categories/writing-translation/" in locs
    assert "http://testserver/categories/writing-translation/articles-news/" in locs
    assert "http://testserver/categories/articles-news/" not in locs
    assert len(locs) == 49  # 9 top categories and their 40 subcategories


def test_the_freelancers_sitemap_lists_public_profiles_only(client, freelancer, mixed_visibility):
    locs = _locs(client.get("/sitemap-freelancers.xml"))

    assert locs == ["http://testserver/freelancers/fran-freelancer/"]


def test_the_articles_sitemap_lists_public_articles_only(client, freelancer):
    ArticleFactory(profile=freelancer.profile, title="Public story")
    ArticleFactory(
        profile=freelancer.profile,
        title="Draft story",
        status=Article.Status.DRAFT,
        published_at=None,
    )
    ArticleFactory(
        profile=ProfileFactory(status=Profile.Status.SUSPENDED), title="Suspended story"
    )

    locs = _locs(client.get("/sitemap-articles.xml"))

    assert locs == ["http://testserver/freelancers/fran-freelancer/articles/public-story/"]
