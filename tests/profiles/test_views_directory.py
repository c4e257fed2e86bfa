"""The freelancer directory (/freelancers/): search, filters, sorts, what it never lists,
and what it costs."""

import re
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.urls import reverse

from profiles import actions
from profiles.models import Profile
from tests.profiles.directory import DIRECTORY_URL, listed_names, listed_profile, result_total
from tests.profiles.factories import SkillFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_directory_has_its_name_and_a_link_in_the_header(client):
    listed_profile("Dana Whitfield")

    response = client.get(reverse("profiles:list"))

    assert reverse("profiles:list") == DIRECTORY_URL
    assert response.status_code == 200
    assert f'<a href="{DIRECTORY_URL}">Freelancers</a>' in response.content.decode()
    assert listed_names(response) == ["Dana Whitfield"]


# --- Search -----------------------------------------------------------------------------


def test_a_name_match_ranks_above_a_headline_match_above_a_skill_match(client):
    podcasting = SkillFactory(name="Podcasting")
    # The newest is the weakest match, so only the rank can put them in this order.
    listed_profile("Rae Radio", headline="Voice work", skills=[podcasting], days=1)
    listed_profile("Ada Audio", headline="Podcasting producer", days=2)
    listed_profile("Pat Podcasting", headline="Voice work", days=3)
    listed_profile("Lou Logo", headline="Logo design", days=0)

    response = client.get(DIRECTORY_URL, {"q": "podcasting"})

    assert listed_names(response) == ["Pat Podcasting", "Ada Audio", "Rae Radio"]
    assert result_total(response) == 3


@pytest.mark.parametrize("typed", ["writ", "Writ", "writin", "writing", "WRITING"])
def test_the_last_word_is_matched_as_the_start_of_a_word(client, typed):
    listed_profile("Dana Whitfield", skills=[SkillFactory(name="Writing")])
    listed_profile("Lou Logo", headline="Logo design")

    assert listed_names(client.get(DIRECTORY_URL, {"q": typed})) == ["Dana Whitfield"]


def test_earlier_words_must_match_whole_and_the_last_may_be_a_prefix(client):
    listed_profile(
        "Mateo Rossi", headline="Django developer", skills=[SkillFactory(name="Python")]
    )
    listed_profile("Pia Python", headline="Data scientist")

    assert listed_names(client.get(DIRECTORY_URL, {"q": "django pyth"})) == ["Mateo Rossi"]
    assert listed_names(client.get(DIRECTORY_URL, {"q": "djan python"})) == []


def test_web_search_syntax_works_in_the_directory(client):
    listed_profile("Nia News", headline="Fast news writing", days=1)
    listed_profile("Wes Writer", headline="Writing about the news", days=2)

    assert listed_names(client.get(DIRECTORY_URL, {"q": '"news writing"'})) == ["Nia News"]
    assert listed_names(client.get(DIRECTORY_URL, {"q": "news -fast"})) == ["Wes Writer"]
    assert listed_names(client.get(DIRECTORY_URL, {"q": "nia or wes"})) == [
        "Nia News",
        "Wes Writer",
    ]


@pytest.mark.parametrize(
    "typed", ["a:* | !b", "writ:*", "(writ", "'writ'", "writ\\", "&", "!!!", "or", '"writ']
)
def test_search_syntax_typed_by_a_visitor_is_never_an_error(client, typed):
    listed_profile("Dana Whitfield", headline="Writer")

    response = client.get(DIRECTORY_URL, {"q": typed})

    assert response.status_code == 200


def test_the_heading_says_what_was_searched(client):
    listed_profile("Dana Whitfield", headline="News writer")

    html = client.get(DIRECTORY_URL, {"q": "  writ  "}).content.decode()

    assert "<h1>Freelancers matching ‘writ’</h1>" in html
    assert "1 freelancer for ‘writ’" in html
    assert '<meta name="robots" content="noindex, follow">' in html


def test_a_search_without_matches_says_so(client):
    listed_profile("Dana Whitfield")

    response = client.get(DIRECTORY_URL, {"q": "zebra"})

    assert listed_names(response) == []
    assert "No freelancers match ‘zebra’" in response.content.decode()


# --- Filters ----------------------------------------------------------------------------


@pytest.fixture
def cast():
    """Four profiles that each filter tells apart, newest first in this order."""
    python = SkillFactory(name="Python")
    listed_profile("Ana", hourly_rate=Decimal("20"), country="Portugal", skills=[python], days=0)
    listed_profile("Ben", hourly_rate=Decimal("45"), country="Germany", days=1)
    listed_profile("Cy", hourly_rate=Decimal("80"), country="germany", availability="busy", days=2)
    listed_profile("Di", hourly_rate=None, country="", skills=[python], days=3)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Ana", "Ben", "Cy", "Di"]),
        ({"skill": "python"}, ["Ana", "Di"]),
        ({"min_rate": "40"}, ["Ben", "Cy"]),
        ({"max_rate": "45"}, ["Ana", "Ben"]),
        ({"min_rate": "21", "max_rate": "79.99"}, ["Ben"]),
        ({"availability": "busy"}, ["Cy"]),
        ({"availability": "available"}, ["Ana", "Ben", "Di"]),
        ({"country": "Germany"}, ["Ben", "Cy"]),
        ({"country": "GERMANY"}, ["Ben", "Cy"]),
        ({"skill": "python", "max_rate": "25"}, ["Ana"]),
    ],
)
def test_each_filter_narrows_the_list_and_they_combine(client, cast, params, expected):
    response = client.get(DIRECTORY_URL, params)

    assert listed_names(response) == expected
    assert result_total(response) == len(expected)


def test_the_menus_offer_the_approved_skills_and_countries_of_public_profiles(client, cast):
    SkillFactory(name="Unused")

    form = client.get(DIRECTORY_URL).context["form"]

    assert form.fields["skill"].widget.choices == [("", "Any skill"), ("python", "Python")]
    assert form.fields["country"].widget.choices == [
        ("", "Anywhere"),
        ("Germany", "Germany"),
        ("Portugal", "Portugal"),
    ]


def test_the_form_shows_the_filters_in_effect(client, cast):
    html = client.get(
        DIRECTORY_URL, {"skill": "python", "country": "germany", "min_rate": "10"}
    ).content.decode()

    assert '<option value="python" selected>Python</option>' in html
    assert '<option value="Germany" selected>Germany</option>' in html
    assert 'name="min_rate" value="10"' in html
    assert '<details class="filters-disclosure" open>' in html


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["Ana", "Ben", "Cy", "Di"]),  # newest without a query
        ("newest", ["Ana", "Ben", "Cy", "Di"]),
        ("relevance", ["Ana", "Ben", "Cy", "Di"]),  # no query: newest
        ("rate_asc", ["Ana", "Ben", "Cy", "Di"]),  # no rate: last
        ("rate_desc", ["Cy", "Ben", "Ana", "Di"]),  # no rate: last here too
        ("rating", ["Cy", "Ben", "Ana", "Di"]),
    ],
)
def test_each_sort_orders_the_list(client, cast, sort, expected):
    Profile.objects.filter(display_name="Cy").update(rating_average=Decimal("4.9"), review_count=3)
    Profile.objects.filter(display_name="Ben").update(
        rating_average=Decimal("4.9"), review_count=1
    )
    Profile.objects.filter(display_name="Ana").update(
        rating_average=Decimal("3.0"), review_count=9
    )

    response = client.get(DIRECTORY_URL, {"sort": sort}, follow=True)

    assert listed_names(response) == expected
    assert response.context["results"].filters.effective_sort == (
        "newest" if sort in ("", "relevance") else sort
    )


@pytest.mark.parametrize(
    "params",
    [
        {"min_rate": "abc", "max_rate": "-5"},
        {"min_rate": "1e999", "max_rate": "99999999999999999999"},
        {"min_rate": "NaN", "max_rate": "Infinity"},
        {"sort": "zzz", "availability": "sometimes", "skill": "%%%"},
        {"skill": "no-such-skill", "country": "x" * 500},
        {"page": "0"},
        {"page": "-3"},
        {"page": "abc"},
        {"page": "99999999999999999999999"},
        {"q": "x" * 500},
    ],
)
def test_bad_parameters_are_dropped_never_an_error(client, cast, params):
    response = client.get(DIRECTORY_URL, params)

    assert response.status_code == 200
    assert listed_names(response) == ["Ana", "Ben", "Cy", "Di"]


def test_a_rate_that_is_not_a_number_is_pointed_out(client, cast):
    html = client.get(DIRECTORY_URL, {"min_rate": "cheap"}).content.decode()

    assert "Enter a number." in html
    assert 'name="min_rate" value="cheap"' not in html


# --- What is never listed ---------------------------------------------------------------


def test_suspended_profiles_and_deactivated_users_are_never_listed(client):
    listed_profile("Public Writer", headline="Writer")
    listed_profile("Suspended Writer", headline="Writer", status=Profile.Status.SUSPENDED)
    listed_profile(
        "Inactive Writer",
        headline="Writer",
        country="Narnia",
        user=UserFactory(is_active=False),
    )

    for params in ({}, {"q": "writer"}, {"sort": "rating"}, {"country": "Narnia"}):
        response = client.get(DIRECTORY_URL, params)
        assert set(listed_names(response)) <= {"Public Writer"}
    assert "Narnia" not in client.get(DIRECTORY_URL).content.decode()


def test_a_pending_skill_is_neither_searchable_nor_shown(client, freelancer):
    profile = actions.profile_update(
        profile=freelancer.profile, data={}, skill_names=["Zeppelin Piloting"]
    )
    listed_profile("Other", headline="Writer")

    searched = client.get(DIRECTORY_URL, {"q": "zeppelin"})
    filtered = client.get(DIRECTORY_URL, {"skill": "zeppelin-piloting"})
    listed = client.get(DIRECTORY_URL)

    assert listed_names(searched) == []
    assert sorted(listed_names(filtered)) == ["Fran Freelancer", "Other"]  # filter ignored
    assert "Zeppelin" not in listed.content.decode()
    assert profile.skills.get().approved is False


# --- Pages and cost ---------------------------------------------------------------------


def test_twenty_freelancers_a_page(client):
    for n in range(21):
        listed_profile(f"Freelancer {n:02}", days=n)

    first = client.get(DIRECTORY_URL)
    second = client.get(DIRECTORY_URL, {"page": "2"})
    past_the_end = client.get(DIRECTORY_URL, {"page": "9"})

    assert listed_names(first) == [f"Freelancer {n:02}" for n in range(20)]
    assert listed_names(second) == ["Freelancer 20"]
    assert listed_names(past_the_end) == ["Freelancer 20"]
    assert result_total(first) == 21
    assert re.search(r'href="\?page=2"', first.content.decode())


def _profiles_with_skills(start, n):
    writing, editing = SkillFactory(name="Writing"), SkillFactory(name="Editing")
    for i in range(start, start + n):
        listed_profile(f"Writer {i}", headline="Writer", country=f"Land {i}", days=i)
        Profile.objects.get(display_name=f"Writer {i}").skills.set([writing, editing])


# The cached menus (versions and value, one read), the skill, the count, the page, its skills.
@pytest.mark.parametrize(
    ("params", "queries"),
    [
        ({}, 4),
        ({"q": "writ", "sort": "rating"}, 4),
        ({"q": "writ", "skill": "writing", "min_rate": "1", "country": "Land 1"}, 5),
    ],
    ids=["list", "search", "every-filter"],
)
def test_the_query_count_does_not_grow_with_rows(
    client, django_assert_num_queries, params, queries
):
    _profiles_with_skills(1, 3)
    caches["pages"].clear()
    client.get(DIRECTORY_URL, params)  # the menus are cached now
    with django_assert_num_queries(queries):
        response = client.get(DIRECTORY_URL, params)
    shown = len(listed_names(response))
    assert shown == (1 if "country" in params else 3)

    _profiles_with_skills(4, 3)
    caches["pages"].clear()
    client.get(DIRECTORY_URL, params)
    with django_assert_num_queries(queries):
        response = client.get(DIRECTORY_URL, params)
    assert len(listed_names(response)) == (1 if "country" in params else 6)


def test_a_skill_page_links_to_the_directory_filtered_by_it(client):
    listed_profile("Dana Whitfield", skills=[SkillFactory(name="Copywriting")])

    html = client.get(reverse("profiles:skill", kwargs={"slug": "copywriting"})).content.decode()

    assert f'href="{DIRECTORY_URL}?skill=copywriting">Search all Copywriting freelancers' in html
