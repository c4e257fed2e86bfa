"""What listing pages tell search engines: a meta description on every listing page, and a
BreadcrumbList on category pages that matches the breadcrumb they show."""

import html
import itertools
import json
import re

import pytest

from tests.profiles.factories import ArticleFactory, SkillFactory
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def descriptions(response):
    assert response.status_code == 200
    return [
        html.unescape(text)
        for text in re.findall(
            r'<meta name="description" content="([^"]*)">', response.content.decode()
        )
    ]


def json_ld_blocks(response):
    found = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(block) for block in found]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "/services/",
            "Browse services from freelancers in writing, programming, design and more",
        ),
        ("/services/?q=zeppelin", "Services matching “zeppelin”"),
        ("/freelancers/", "Find freelancers by name, headline and skills"),
        ("/categories/writing-translation/articles-news/", "Articles & News"),
    ],
)
def test_every_listing_page_has_one_meta_description_of_its_own(client, path, expected):
    found = descriptions(client.get(path))

    assert len(found) == 1
    assert expected in found[0]
    assert found[0] != "Hire freelancers for writing, programming, design and more."


def test_a_skill_s_listing_pages_describe_the_skill(client, freelancer):
    skill = SkillFactory(name="Zeppelin lore", slug="zeppelin-lore", approved=True)
    ServiceFactory(freelancer=freelancer.profile, skills=[skill])

    for path in (f"/services/?skill={skill.slug}", f"/skills/{skill.slug}/"):
        (found,) = descriptions(client.get(path))
        assert found.startswith("Zeppelin lore"), path


def test_a_category_page_emits_the_breadcrumb_it_shows_as_a_breadcrumb_list(client):
    response = client.get("/categories/writing-translation/articles-news/")

    (trail,) = json_ld_blocks(response)
    assert trail["@context"] == "https://schema.org"
    assert trail["@type"] == "BreadcrumbList"
    assert [
        (item["position"], item["name"], item["item"]) for item in trail["itemListElement"]
    ] == [
        (1, "All Services", "http://testserver/services/"),
        (2, "Writing & Translation", "http://testserver/categories/writing-translation/"),
        (
            3,
            "Articles & News",
            "http://testserver/categories/writing-translation/articles-news/",
        ),
    ]


def test_the_all_services_page_has_no_breadcrumb_list(client):
    assert json_ld_blocks(client.get("/services/")) == []


def test_the_directory_s_menus_carry_no_maxlength(client):
    """`maxlength` is not valid on a select (the Nu Html Checker's error)."""
    page = client.get("/freelancers/").content.decode()

    for name in ("skill", "country"):
        menu = re.search(rf'<select name="{name}"[^>]*>', page).group(0)
        assert "maxlength" not in menu


@pytest.mark.parametrize("path", ["/services/", "/freelancers/", "/services/?q=zeppelin"])
def test_listing_pages_headings_never_skip_a_level(client, freelancer, path):
    ServiceFactory(freelancer=freelancer.profile, title="Zeppelin history features")

    page = client.get(path).content.decode()

    levels = [int(level) for level in re.findall(r"<h([1-6])\b", page)]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels


def test_an_article_without_headings_does_not_skip_to_the_author_card(client, freelancer):
    article = ArticleFactory(profile=freelancer.profile, title="Plain words")

    page = client.get(article.get_absolute_url()).content.decode()

    levels = [int(level) for level in re.findall(r"<h([1-6])\b", page)]
    assert levels[:3] == [1, 2, 3]  # title, "About the author" (hidden), the card's name
