"""Public pages served from the cache: who gets them, what is never stored, and, for each
cached page, that every change to what it shows reaches the next visitor."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.cache import caches
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse

from profiles import actions as profile_actions
from profiles.models import Article
from reviews import actions as review_actions
from services import actions as service_actions
from services.models import Category, Service
from tests.profiles.factories import ArticleFactory, SkillFactory, UserFactory
from tests.reviews.factories import review_publish
from tests.services.factories import ServiceFactory, leaf_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(client, page_cache):
    """An anonymous visitor's view of a page, served through the page cache."""

    def get(url, **params):
        return client.get(url, params).content.decode()

    return get


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run an action as if its transaction committed (invalidation waits for the commit)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def service(freelancer):
    return ServiceFactory(freelancer=freelancer.profile, title="Long-form features")


# --- Who gets a cached page -------------------------------------------------------------


def test_a_second_anonymous_visit_is_one_cache_read(visit, service, django_assert_num_queries):
    first = visit(service.get_absolute_url())

    with django_assert_num_queries(1):  # the versions and the page, in one read
        assert visit(service.get_absolute_url()) == first


def test_each_page_of_reviews_is_cached_apart(visit, service, django_assert_num_queries):
    visit(service.get_absolute_url())
    visit(service.get_absolute_url(), reviews=2)

    with django_assert_num_queries(1):
        visit(service.get_absolute_url(), reviews=2)


def test_signed_in_visitors_never_get_the_cached_page(client, visit, service, client_user):
    visit(service.get_absolute_url())
    client.force_login(client_user)

    html = client.get(service.get_absolute_url()).content.decode()

    assert "Sign in" not in html
    assert 'id="hire"' in html


def test_a_page_with_unknown_parameters_is_neither_served_nor_stored(
    visit, service, django_assert_num_queries
):
    visit(reverse("services:list"), q="features", utm_source="mail")

    with django_assert_num_queries(5):  # computed again, and no cache read at all
        visit(reverse("services:list"), q="features", utm_source="mail")


def test_a_missing_page_is_not_cached(visit, freelancer, django_assert_num_queries):
    url = reverse("services:detail", kwargs={"slug": "not-yet"})
    visit(url)

    with django_assert_num_queries(2):  # the cache read, then the lookup that finds nothing
        visit(url)


def test_a_visitor_with_a_message_waiting_sees_it(client, visit, client_user):
    visit(reverse("home"))
    client.force_login(client_user)

    response = client.post(reverse("account_logout"), follow=True)

    assert "You have signed out." in response.content.decode()


def test_the_cache_can_be_turned_off(client, service, settings, django_assert_num_queries):
    settings.PAGE_CACHE_TIMEOUT = 0
    client.get(service.get_absolute_url())

    with django_assert_num_queries(3):  # the page's own queries, no cache read
        client.get(service.get_absolute_url())


def test_a_rolled_back_change_keeps_the_cached_page(visit, service, django_assert_num_queries):
    visit(service.get_absolute_url())

    def edit_then_fail():
        with transaction.atomic():
            service_actions.service_update(service=service, data={"title": "Never saved"})
            raise RuntimeError

    with pytest.raises(RuntimeError):
        edit_then_fail()

    with django_assert_num_queries(1):
        assert "Long-form features" in visit(service.get_absolute_url())


# --- The service page -------------------------------------------------------------------


def test_editing_the_service_refreshes_its_page(visit, service, committed):
    visit(service.get_absolute_url())

    with committed():
        service_actions.service_update(service=service, data={"hourly_rate": Decimal("87.50")})

    assert "$87.50/hr" in visit(service.get_absolute_url())


def test_renaming_the_freelancer_refreshes_their_service_pages(
    visit, service, freelancer, committed
):
    visit(service.get_absolute_url())

    with committed():
        profile_actions.profile_update(
            profile=freelancer.profile, data={"display_name": "Frances Writer"}
        )

    assert "Frances Writer" in visit(service.get_absolute_url())


def test_publishing_another_service_lists_it_under_more_from(
    visit, service, freelancer, committed, moderator, settings
):
    settings.SERVICES_PREMODERATION = True
    other = ServiceFactory(
        freelancer=freelancer.profile,
        title="Ghostwritten memoirs",
        status=Service.Status.PENDING,
        published_at=None,
    )
    assert "Ghostwritten memoirs" not in visit(service.get_absolute_url())

    with committed():
        service_actions.service_approve(service=other, moderator=moderator)

    assert "Ghostwritten memoirs" in visit(service.get_absolute_url())


def test_a_new_review_and_its_reply_show_on_the_service_page(
    visit, service, client_user, freelancer, committed
):
    visit(service.get_absolute_url())
    with committed():
        review = review_publish(service=service, client=client_user, text="Sharp, on time.")
    assert "Sharp, on time." in visit(service.get_absolute_url())

    with committed():
        review_actions.review_reply(review=review, actor=freelancer, text="Thanks, Casey!")

    assert "Thanks, Casey!" in visit(service.get_absolute_url())


def test_hiding_a_review_takes_it_off_the_service_page(
    visit, service, client_user, moderator, committed
):
    with committed():
        review = review_publish(service=service, client=client_user, text="Rude words.")
    assert "Rude words." in visit(service.get_absolute_url())

    with committed():
        review_actions.review_hide(review=review, moderator=moderator, reason="Abusive.")

    assert "Rude words." not in visit(service.get_absolute_url())


@pytest.mark.parametrize("change", ["withdraw", "delete", "suspend_freelancer", "deactivate"])
def test_a_service_taken_off_the_site_stops_being_served(
    client, visit, service, freelancer, moderator, committed, change
):
    visit(service.get_absolute_url())

    with committed():
        if change == "withdraw":
            service_actions.service_withdraw(service=service)
        elif change == "delete":
            service_actions.service_delete(service=service)
        elif change == "suspend_freelancer":
            profile_actions.profile_suspend(
                profile=freelancer.profile, moderator=moderator, reason="Spam."
            )
        else:
            profile_actions.user_deactivate(user=freelancer, moderator=moderator, reason="Spam.")

    assert client.get(service.get_absolute_url()).status_code == 404


def _rename_in_the_admin(category, name):
    category.name = name
    request = RequestFactory().post("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    admin.site.get_model_admin(Category).save_model(request, category, None, change=True)


def test_a_category_renamed_in_the_admin_refreshes_every_page(visit, service, committed):
    visit(service.get_absolute_url())

    with committed():
        _rename_in_the_admin(service.category, "Reportage")

    assert "Reportage" in visit(service.get_absolute_url())


def test_a_category_renamed_in_the_admin_refreshes_the_cached_category_tree(
    client, client_user, page_cache, committed
):
    client.force_login(client_user)  # signed in: the page is computed, the tree is cached
    client.get(reverse("services:list"))

    with committed():
        _rename_in_the_admin(leaf_category("articles-news"), "Reportage")

    assert "Reportage" in client.get(reverse("services:list")).content.decode()


def test_deleting_in_the_admin_refreshes_every_page(visit, freelancer, committed):
    url = freelancer.profile.get_absolute_url()
    ArticleFactory(profile=freelancer.profile, title="How I research")
    assert "How I research" in visit(url)
    request = RequestFactory().post("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    article_admin = admin.site.get_model_admin(Article)

    with committed():
        article_admin.delete_queryset(request, Article.objects.filter(title="How I research"))

    assert "How I research" not in visit(url)


# --- The profile page -------------------------------------------------------------------


def test_publishing_and_unpublishing_an_article_refresh_the_profile(visit, freelancer, committed):
    url = freelancer.profile.get_absolute_url()
    article = ArticleFactory(profile=freelancer.profile, title="How I research")
    visit(url)

    with committed():
        profile_actions.article_unpublish(article=article)
    assert "How I research" not in visit(url)

    with committed():
        profile_actions.article_publish(article=article)
    assert "How I research" in visit(url)


def test_editing_and_deleting_an_article_refresh_the_profile(visit, freelancer, committed):
    url = freelancer.profile.get_absolute_url()
    article = ArticleFactory(profile=freelancer.profile, title="How I research")
    visit(url)

    with committed():
        profile_actions.article_update(
            article=article, data={"title": "How I interview", "body": "Notes."}
        )
    assert "How I interview" in visit(url)

    with committed():
        profile_actions.article_delete(article=article)
    assert "How I interview" not in visit(url)


def test_editing_a_service_refreshes_the_freelancers_profile(visit, service, committed):
    url = service.freelancer.get_absolute_url()
    visit(url)

    with committed():
        service_actions.service_update(service=service, data={"hourly_rate": Decimal("87.50")})

    assert "$87.50/hr" in visit(url)


def test_a_new_review_shows_on_the_freelancers_profile(visit, service, client_user, committed):
    url = service.freelancer.get_absolute_url()
    visit(url)

    with committed():
        review_publish(service=service, client=client_user, text="Would hire again.")

    assert "Would hire again." in visit(url)


def test_a_message_after_the_review_updates_its_labels_count(
    visit, service, client_user, committed
):
    with committed():
        review = review_publish(service=service, client=client_user)
    assert " message" not in visit(service.get_absolute_url())
    visit(service.freelancer.get_absolute_url())

    with committed():
        service_actions.message_send(
            engagement=review.engagement, author=client_user, text="Thanks again!"
        )

    assert "· 1 message" in visit(service.get_absolute_url())
    assert "· 1 message" in visit(service.freelancer.get_absolute_url())


# --- Listings: home, browse and search, categories, skills ------------------------------


def test_publishing_a_service_refreshes_the_listings(
    visit, freelancer, moderator, committed, settings
):
    settings.SERVICES_PREMODERATION = True
    service = ServiceFactory(
        freelancer=freelancer.profile,
        title="Brand new offer",
        status=Service.Status.PENDING,
        published_at=None,
        category=leaf_category("articles-news"),
    )
    urls = [
        (reverse("home"), {}),
        (reverse("services:list"), {"q": "brand"}),
        (service.category.get_absolute_url(), {}),
    ]
    assert not any("Brand new offer" in visit(url, **params) for url, params in urls)

    with committed():
        service_actions.service_approve(service=service, moderator=moderator)

    assert all("Brand new offer" in visit(url, **params) for url, params in urls)


def test_withdrawing_a_service_refreshes_the_listings(visit, service, committed):
    urls = [(reverse("home"), {}), (reverse("services:list"), {"q": "features"})]
    assert all("Long-form features" in visit(url, **params) for url, params in urls)

    with committed():
        service_actions.service_withdraw(service=service)

    assert not any("Long-form features" in visit(url, **params) for url, params in urls)


def test_suspending_a_freelancer_refreshes_the_listings(
    visit, service, freelancer, moderator, committed
):
    assert "Long-form features" in visit(reverse("services:list"))

    with committed():
        profile_actions.profile_suspend(
            profile=freelancer.profile, moderator=moderator, reason="Spam."
        )

    assert "Long-form features" not in visit(reverse("services:list"))


def test_a_rating_change_refreshes_the_listings(visit, service, client_user, moderator, committed):
    with committed():
        review = review_publish(service=service, client=client_user, rating=2)
    assert "2.0" in visit(reverse("home"))

    with committed():
        review_actions.review_hide(review=review, moderator=moderator, reason="Off topic.")

    assert "No reviews yet" in visit(reverse("home"))


def test_a_new_skill_on_a_profile_refreshes_the_skill_page(visit, freelancer, committed):
    SkillFactory(name="Copywriting")  # in the vocabulary: new names wait for staff
    with committed():
        profile_actions.profile_update(
            profile=freelancer.profile, data={}, skill_names=["Copywriting"]
        )
    url = reverse("profiles:skill", kwargs={"slug": "copywriting"})
    visit(url)
    other = UserFactory(name="Pat Prose")
    profile_actions.profile_create(user=other, display_name="Pat Prose")

    with committed():
        profile_actions.profile_update(profile=other.profile, data={}, skill_names=["Copywriting"])

    assert "Pat Prose" in visit(url)


def test_signed_in_visitors_get_the_home_data_from_the_cache(
    client, service, client_user, page_cache, django_assert_num_queries
):
    client.force_login(client_user)
    client.get(reverse("home"))

    # The session and its user, then the cached home data in one read, and the header's
    # count of unread threads.
    with django_assert_num_queries(4):
        assert "Long-form features" in client.get(reverse("home")).content.decode()


def test_the_page_cache_is_apart_from_the_rate_limits(visit, service):
    visit(service.get_absolute_url())

    assert caches["pages"] is not caches["default"]
    assert caches["pages"]._table != caches["default"]._table
