"""The browse page's filter form, rendered through includes/_form.html."""

import re

import pytest

from tests.profiles.factories import SkillFactory
from tests.services.factories import ServiceFactory, leaf_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_service():
    return ServiceFactory(title="Weekly news column", category=leaf_category("articles-news"))


def _filters(response) -> str:
    html = response.content.decode()
    match = re.search(
        r'<form method="get" action="/services/" class="card filters">.*?</form>', html, re.S
    )
    assert match, "no filter form on the page"
    return match.group(0)


def test_a_category_page_shows_its_category_chosen_in_the_filters(client, one_service):
    form = _filters(client.get("/categories/writing-translation/articles-news/"))

    assert '<option value="articles-news" selected>Articles &amp; News</option>' in form
    assert '<option value="writing-translation">All of Writing &amp; Translation</option>' in form


def test_the_filters_carry_the_query_and_skill_only_when_there_are_some(client, one_service):
    plain = _filters(client.get("/services/"))
    skill = SkillFactory(name="Editing")
    searched = _filters(client.get("/services/", {"q": "  news   column ", "skill": skill.slug}))

    assert 'type="hidden"' not in plain
    assert '<input type="hidden" name="q" value="news column" id="filter_q">' in searched
    assert f'<input type="hidden" name="skill" value="{skill.slug}" id="filter_skill">' in searched


def test_a_bad_value_from_an_edited_query_string_shows_no_error(client, one_service):
    form = _filters(client.get("/services/", {"sort": "bogus", "rating": "9", "category": "%%"}))

    assert "field__errors" not in form
    assert "(optional)" not in form


def test_the_filters_fields_keep_the_query_string_names(client, one_service):
    form = _filters(client.get("/services/", {"q": "news"}))

    assert re.findall(r'name="(\w+)"', form) == [
        "q",
        "category",
        "min_rate",
        "max_rate",
        "rating",
        "sort",
    ]
