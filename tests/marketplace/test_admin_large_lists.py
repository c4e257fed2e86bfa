"""The admin lists of the tables that reach a million rows (services, profiles, hire
requests, reviews) open newest first by id and filter without reading every row; their
query counts are pinned in test_admin_changelists.py."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.admin import CappedCountPaginator
from profiles.models import Profile
from reviews.models import Review
from reviews.selectors import review_signals
from services.models import Category, Engagement, Service
from tests.marketplace.moderation import changelist_url
from tests.profiles.factories import ProfileFactory
from tests.reviews.factories import ReviewFactory
from tests.services.factories import EngagementFactory, ServiceFactory, leaf_category

pytestmark = pytest.mark.django_db


def _listed(response):
    assert response.status_code == 200
    return [row.pk for row in response.context["cl"].result_list]


@pytest.mark.parametrize(
    ("model", "make"),
    [
        (Service, lambda n: ServiceFactory(published_at=timezone.now() - timedelta(days=n))),
        (Profile, lambda n: ProfileFactory(display_name=f"{'Zed' if n else 'Abe'} Writer")),
        (Engagement, lambda n: EngagementFactory()),
        (Review, lambda n: ReviewFactory()),
    ],
)
def test_a_large_list_opens_with_the_newest_rows_first(mod_client, model, make):
    # Made first, the first row sorts first by publication or name, the second by neither.
    first, second = make(0), make(30)

    listed = _listed(mod_client.get(changelist_url(model)))

    assert listed.index(second.pk) < listed.index(first.pk)


@pytest.mark.parametrize("model", [Service, Profile, Engagement, Review])
def test_a_large_list_has_no_date_drill_down_and_counts_once(mod_client, model):
    changelist = mod_client.get(changelist_url(model)).context["cl"]

    assert changelist.date_hierarchy is None
    assert not changelist.model_admin.show_full_result_count


@pytest.mark.parametrize("model", [Service, Profile, Engagement, Review])
def test_a_large_list_never_counts_each_filters_choices(mod_client, model):
    response = mod_client.get(changelist_url(model), {"_facets": "True"})

    assert not response.context["cl"].add_facets
    assert "Show counts" not in response.content.decode()


def test_a_long_list_counts_to_a_limit_and_says_more_than_it(mod_client, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "COUNT_LIMIT", 3)
    for _ in range(5):
        ReviewFactory(text="Careful research, delivered early.")

    with CaptureQueriesContext(connection) as queries:
        response = mod_client.get(changelist_url(Review))

    changelist = response.context["cl"]
    assert changelist.paginator.capped
    assert len(changelist.result_list) == 5  # every row on the page all the same
    counts = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert len(counts) == 1
    assert counts[0].endswith("LIMIT 4) subquery")
    page = response.content.decode()
    assert "More than 3 reviews" in page
    assert "Select all of the more than 3 reviews" in page
    assert "5 reviews" not in page

    searched = mod_client.get(changelist_url(Review), {"q": "research"}).content.decode()
    assert "More than 3 results" in searched


def test_a_short_list_is_counted_as_ever(mod_client):
    for _ in range(2):
        ReviewFactory()

    response = mod_client.get(changelist_url(Review))

    assert not response.context["cl"].paginator.capped
    assert "2 reviews" in response.content.decode()


def test_services_filter_by_top_category(mod_client):
    news = ServiceFactory(category=leaf_category("articles-news"))
    logo = ServiceFactory(category=leaf_category("logo-branding"))
    design = Category.objects.get(slug="design-art", parent=None)

    listed = _listed(mod_client.get(changelist_url(Service), {"top_category": design.pk}))

    assert listed == [logo.pk]
    assert news.pk in _listed(mod_client.get(changelist_url(Service), {"top_category": "abc"}))


def test_reviews_filter_by_stars(mod_client):
    five = ReviewFactory(rating=5)
    two = ReviewFactory(rating=2)

    assert _listed(mod_client.get(changelist_url(Review), {"rating": "2"})) == [two.pk]
    assert set(_listed(mod_client.get(changelist_url(Review), {"rating": "9"}))) == {
        five.pk,
        two.pk,
    }


def test_the_review_list_shows_each_listed_reviews_signals(mod_client):
    quick = ReviewFactory()
    Engagement.objects.filter(pk=quick.engagement_id).update(
        completed_at=F("accepted_at") + timedelta(minutes=5)
    )
    other = ReviewFactory()

    response = mod_client.get(changelist_url(Review))

    found = {review.pk: review.found_signals for review in response.context["cl"].result_list}
    assert found == review_signals([quick.pk, other.pk])
    assert "quick_job" in {signal.code for signal in found[quick.pk]}
    assert "Accepted and completed within an hour" in response.content.decode()


def test_the_service_search_finds_words_names_addresses_and_slugs(mod_client):
    fran = ProfileFactory(display_name="Fran Quill", user__email="fran@example.com")
    baltic = ServiceFactory(freelancer=fran, title="Baltic reporting", slug="baltic-reporting")
    other = ServiceFactory(title="Logo design", slug="logo-design")

    def found(term):
        return set(_listed(mod_client.get(changelist_url(Service), {"q": term})))

    assert found("reporting") == {baltic.pk}
    assert found("balt") == {baltic.pk}  # the last word as a word's start, as on the site
    assert found("quill") == {baltic.pk}  # the freelancer's name
    assert found("FRAN@example.com") == {baltic.pk}
    assert found("logo-design") == {other.pk}
    assert found("nothing-like-it") == set()


def test_the_profile_search_finds_words_addresses_and_slugs(mod_client):
    fran = ProfileFactory(display_name="Fran Quill", slug="fran-q", user__email="fran@example.com")
    ProfileFactory(display_name="Ben Brown")

    def found(term):
        return set(_listed(mod_client.get(changelist_url(Profile), {"q": term})))

    assert found("quill") == {fran.pk}
    assert found("qui") == {fran.pk}
    assert found("fran@example.com") == {fran.pk}
    assert found("fran-q") == {fran.pk}


@pytest.mark.parametrize("model", [Service, Profile])
def test_a_large_lists_search_goes_through_the_search_index(mod_client, model):
    ServiceFactory(title="Baltic reporting")

    with CaptureQueriesContext(connection) as queries:
        mod_client.get(changelist_url(model), {"q": "reporting"})

    searched = [q["sql"] for q in queries if '"search_document" @@' in q["sql"]]
    assert searched
    assert not [sql for sql in searched if "LIKE" in sql]


def test_the_review_search_finds_words_of_the_text_and_authors_addresses(mod_client):
    praised = ReviewFactory(text="Meticulous proofreading, delivered early.")
    other = ReviewFactory(text="Fine work.")

    def found(term):
        return set(_listed(mod_client.get(changelist_url(Review), {"q": term})))

    assert found("proofreading") == {praised.pk}
    assert found("meticul") == {praised.pk}
    assert found(other.author.email.upper()) == {other.pk}
    assert found("nothing") == set()


def test_the_review_search_goes_through_the_texts_search_index(mod_client):
    ReviewFactory(text="Meticulous proofreading.")

    with CaptureQueriesContext(connection) as queries:
        mod_client.get(changelist_url(Review), {"q": "proofreading"})

    counted = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert counted
    assert all("to_tsvector('english'::regconfig, COALESCE" in sql for sql in counted)
    assert not [sql for sql in counted if "LIKE" in sql]
