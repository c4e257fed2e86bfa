"""The freelancer directory served from the page cache, and every change to what it shows
reaching the next visitor (the pattern of test_page_cache.py)."""

import pytest

from profiles import actions
from profiles.models import Skill
from tests.profiles.directory import DIRECTORY_URL, listed_profile
from tests.profiles.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(client, page_cache):
    def get(**params):
        return client.get(DIRECTORY_URL, params).content.decode()

    return get


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_second_anonymous_visit_is_one_cache_read(visit, freelancer, django_assert_num_queries):
    first = visit(q="fran", sort="rating")

    with django_assert_num_queries(1):
        assert visit(q="fran", sort="rating") == first


def test_a_visit_with_unknown_parameters_is_not_cached(
    visit, freelancer, django_assert_num_queries
):
    visit(q="fran", utm_source="mail")

    with django_assert_num_queries(4):  # computed again: menus (cached data), count, rows, skills
        visit(q="fran", utm_source="mail")


def test_an_edited_profile_shows_at_once(visit, freelancer, committed):
    assert "Investigative reporter" not in visit()

    with committed():
        actions.profile_update(
            profile=freelancer.profile, data={"headline": "Investigative reporter"}
        )

    assert "Investigative reporter" in visit()
    assert "Fran Freelancer" in visit(q="investig")


def test_a_new_freelancer_is_listed_at_once(visit, freelancer, committed):
    visit()
    user = UserFactory(name="Nadia New")

    with committed():
        actions.profile_create(user=user, display_name="Nadia New", headline="Translator")

    assert "Nadia New" in visit()


def test_a_suspended_or_deactivated_freelancer_leaves_at_once(
    visit, freelancer, other_freelancer, moderator, committed
):
    assert "Fran Freelancer" in visit()
    assert "Olga Other" in visit()

    with committed():
        actions.profile_suspend(profile=freelancer.profile, moderator=moderator, reason="Spam.")
    with committed():
        actions.user_deactivate(user=other_freelancer, moderator=moderator, reason="Spam.")

    html = visit()
    assert "Fran Freelancer" not in html
    assert "Olga Other" not in html


def test_an_approved_skill_is_findable_at_once(visit, freelancer, moderator, committed):
    with committed():
        actions.profile_update(profile=freelancer.profile, data={}, skill_names=["Zeppelins"])
    assert "Fran Freelancer" not in visit(q="zeppelin")

    with committed():
        actions.skill_approve(skill=Skill.objects.get(name="Zeppelins"), moderator=moderator)

    assert "Fran Freelancer" in visit(q="zeppelin")
    assert "Zeppelins" in visit()


def test_a_new_country_shows_in_the_menu_at_once(visit, committed):
    profile = listed_profile("Dana Whitfield")
    visit()

    with committed():
        actions.profile_update(profile=profile, data={"country": "Iceland"})

    assert '<option value="Iceland">Iceland</option>' in visit()
