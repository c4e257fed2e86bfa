"""The browse page's filter form, rendered through includes/_form.html, and the designed
page that bad values in the query string answer."""

import re

import pytest

from tests.profiles.factories import SkillFactory
from tests.services.browsing import LIST_URL, empty_state, page_text, result_titles, result_total
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


BOTH = ["News feature", "Logo design"]


@pytest.mark.parametrize(
    ("query_string", "expected"),
    [
        ("min_rate=abc", BOTH),
        ("min_rate=NaN", BOTH),
        ("min_rate=1e400", BOTH),
        ("max_rate=-5", BOTH),
        ("max_rate=99999999999999", BOTH),
        ("min_rate=50&max_rate=10", []),
        ("rating=9", BOTH),
        ("rating=abc", BOTH),
        ("sort=unknown", BOTH),
        ("sort=-hourly_rate", BOTH),
        ("category=no-such-category", BOTH),
        ("category=../../etc", BOTH),
        ("skill=no-such-skill", BOTH),
        ("skill=%3Cscript%3E", BOTH),
        ("q=" + "x" * 500, BOTH),
        ("q=" + "news%20" * 100, BOTH),
        ("q=!!!", []),
        ("q=...%3F%3F%3F", []),
        ("q=the", []),
        ("q=the%20and%20of", []),
        ("q=a%20%26%20b%20%7C%20!c%20%3A*", []),
        ("q=%22abc", []),
        ("q=%22news", ["News feature"]),
        ("q=news%22%22%22", ["News feature"]),
        ("q=(news", ["News feature"]),
        ("q=news%27%3B%20DROP%20TABLE%20services_service%3B--", []),
        ("q=%5C", []),
        ("q=%27", []),
        ("q=news%20%3C-%3E%20feature", ["News feature"]),
        ("q=news%3A*", ["News feature"]),
        ("q=%F0%9F%98%80", []),
        ("q=%20%20%20", BOTH),
        ("q=logo&q=news", ["News feature"]),
        ("sort=rate_desc&sort=rate_asc", ["News feature", "Logo design"]),
        ("sort=rate_asc&sort=rate_desc", ["Logo design", "News feature"]),
        ("category=logo-branding&category=no-such", BOTH),
        ("page=1&page=2", BOTH),
        ("min_rate=30&min_rate=abc", BOTH),
    ],
)
def test_garbage_parameters_answer_the_designed_page(client, two_services, query_string, expected):
    response = client.get(f"{LIST_URL}?{query_string}")

    assert response.status_code == 200
    assert result_titles(response) == expected
    assert result_total(response) == len(expected)
    assert (empty_state(response) is not None) == (not expected)


def test_a_rate_that_is_not_a_number_is_pointed_out_next_to_its_field(client, two_services):
    html = page_text(client.get(LIST_URL, {"min_rate": "abc", "max_rate": "-5"}))

    assert '<div class="field__errors" id="filter_min_rate_error">Enter a number.</div>' in html
    assert '<div class="field__errors" id="filter_max_rate_error">Enter a number.</div>' in html
    assert 'name="min_rate" min="0" step="1" value=""' in html


def test_a_maximum_rate_below_the_minimum_is_pointed_out_and_the_minimum_applies(
    client, two_services
):
    response = client.get(LIST_URL, {"min_rate": "30", "max_rate": "25"})
    html = page_text(response)

    assert (
        '<div class="field__errors" id="filter_max_rate_error">'
        "Enter a maximum no lower than the minimum.</div>"
    ) in html
    assert result_titles(response) == ["Logo design"]
    assert 'name="max_rate" min="0" step="1" value=""' in html
