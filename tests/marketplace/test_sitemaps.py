"""The sitemaps: an index of sections, each listing public pages only."""

import re

import pytest

from profiles.models import Article, Profile
from services.models import Service
from tests.profiles.factories import ArticleFactory, ProfileFactory
from tests.services.browsing import page_text
from tests.services.factories import ServiceFactory, leaf_category

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
        "http://testserver/sitemap-reviews.xml",
        "http://testserver/sitemap-services.xml",
    ]


def test_the_services_sitemap_lists_public_services_only(client, mixed_visibility):
    response = client.get("/sitemap-services.xml")

    assert response.status_code == 200
    assert _locs(response) == [f"http://testserver{mixed_visibility.get_absolute_url()}"]


def test_the_categories_sitemap_lists_the_categories_with_public_services_at_full_urls(
    client, mixed_visibility
):
    # Services that no one may see leave their categories out.
    ServiceFactory(category=leaf_category("logo-branding"), status="draft", published_at=None)
    suspended = ProfileFactory(status=Profile.Status.SUSPENDED)
    ServiceFactory(freelancer=suspended, category=leaf_category("programming-software"))

    locs = _locs(client.get("/sitemap-categories.xml"))

    assert locs == [
        "http://testserver/categories/writing-translation/",
        "http://testserver/categories/writing-translation/articles-news/",
    ]


def test_with_no_public_service_the_categories_sitemap_is_empty(client):
    assert _locs(client.get("/sitemap-categories.xml")) == []


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


# --- Reviews' own pages -----------------------------------------------------------------


@pytest.fixture
def reviews_of_every_kind(freelancer, other_freelancer, moderator):
    """Reviews with a public page, and every kind that has none."""
    from reviews.actions import review_hide
    from tests.reviews.factories import review_publish

    service = ServiceFactory(freelancer=freelancer.profile)
    shown = [review_publish(service=service) for _ in range(3)]
    hidden = review_publish(service=service)
    review_hide(review=hidden, moderator=moderator, reason="Spam")
    suspended_service = ServiceFactory(freelancer=freelancer.profile, title="Suspended one")
    of_suspended_service = review_publish(service=suspended_service)
    Service.objects.filter(pk=suspended_service.pk).update(status=Service.Status.SUSPENDED)
    olgas = review_publish(service=ServiceFactory(freelancer=other_freelancer.profile))
    Profile.objects.filter(user=other_freelancer).update(status=Profile.Status.SUSPENDED)
    return {"shown": shown, "hidden": [hidden, of_suspended_service, olgas]}


def test_the_reviews_sitemap_lists_exactly_the_reviews_whose_page_answers(
    client, reviews_of_every_kind
):
    locs = _locs(client.get("/sitemap-reviews.xml"))

    assert locs == [f"http://testserver/reviews/{r.pk}/" for r in reviews_of_every_kind["shown"]]
    for review in reviews_of_every_kind["shown"]:
        assert client.get(review.get_absolute_url()).status_code == 200
    for review in reviews_of_every_kind["hidden"]:
        assert client.get(review.get_absolute_url()).status_code == 404


# --- Cheap at a million rows ------------------------------------------------------------


def test_the_index_reads_one_highest_id_per_large_section_and_no_rows(
    client, mixed_visibility, reviews_of_every_kind, django_assert_num_queries
):
    ArticleFactory(profile=mixed_visibility.freelancer, title="Public story")

    # services, categories, freelancers, articles, reviews: one query each.
    with django_assert_num_queries(5) as captured:
        client.get("/sitemap.xml")

    large = [q["sql"] for q in captured.captured_queries if "services_category" not in q["sql"]]
    assert all(sql.startswith("SELECT MAX(") for sql in large)


@pytest.mark.parametrize("section", ["services", "freelancers", "articles", "reviews"])
def test_a_section_page_is_two_queries_however_many_rows(
    client, section, mixed_visibility, reviews_of_every_kind, django_assert_num_queries
):
    ArticleFactory(profile=mixed_visibility.freelancer, title="Public story")

    with django_assert_num_queries(2):
        assert client.get(f"/sitemap-{section}.xml").status_code == 200


def test_the_categories_page_is_one_query(client, mixed_visibility, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get("/sitemap-categories.xml")


def test_pages_are_id_ranges_and_a_page_past_the_end_is_a_404(
    client, freelancer, reviews_of_every_kind, monkeypatch
):
    from marketplace.sitemaps import ReviewSitemap

    monkeypatch.setattr(ReviewSitemap, "limit", 2)
    shown = reviews_of_every_kind["shown"]
    top = max(r.pk for r in shown + reviews_of_every_kind["hidden"])
    pages = -(-top // 2)

    index = _locs(client.get("/sitemap.xml"))
    listed = []
    for page in range(1, pages + 1):
        locs = _locs(client.get(f"/sitemap-reviews.xml?p={page}"))
        assert len(locs) <= 2
        ids = [int(loc.rstrip("/").rsplit("/", 1)[1]) for loc in locs]
        assert all((page - 1) * 2 < pk <= page * 2 for pk in ids)
        listed += ids

    assert listed == [r.pk for r in shown]
    assert f"http://testserver/sitemap-reviews.xml?p={pages}" in index
    assert f"http://testserver/sitemap-reviews.xml?p={pages + 1}" not in index
    assert client.get(f"/sitemap-reviews.xml?p={pages + 1}").status_code == 404
    assert client.get("/sitemap-reviews.xml?p=x").status_code == 404
