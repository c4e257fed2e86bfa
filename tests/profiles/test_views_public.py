"""Public profile, article and skill pages: content, visibility and query counts."""

import json
import re

import pytest
from django.urls import reverse

from profiles.models import Article, Profile
from tests.profiles.factories import ArticleFactory, ProfileFactory, SkillFactory
from tests.services.browsing import card_titles, listed_service
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fran(freelancer):
    profile = freelancer.profile
    profile.headline = "Investigative journalist"
    profile.city, profile.country = "Lisbon", "Portugal"
    profile.save()
    profile.skills.set(
        [SkillFactory(name=name) for name in ("News Writing", "Editing", "Newspaper")]
    )
    for n in range(3):
        ArticleFactory(profile=profile, title=f"Story {n}")
    return profile


def _json_ld(response):
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(match.group(1))


def test_profile_page_shows_the_freelancer(client, fran, django_assert_num_queries):
    with django_assert_num_queries(4):  # profile+user, skills, articles, services
        response = client.get(fran.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Fran Freelancer</h1>" in html
    assert "Investigative journalist" in html
    assert "Lisbon, Portugal" in html
    assert "$30/hr" in html
    assert 'href="/skills/news-writing/"' in html
    assert "Story 2" in html
    assert html.count('class="card article-card"') == 3


def test_profile_page_query_count_does_not_grow_with_rows(client, fran, django_assert_num_queries):
    fran.skills.add(SkillFactory(name="Magazine Articles"))
    ArticleFactory(profile=fran, title="Story 4")
    for n in range(3):
        ServiceFactory(freelancer=fran, title=f"Offer {n}")

    with django_assert_num_queries(4):
        response = client.get(fran.get_absolute_url())

    assert response.content.decode().count('class="card service-card"') == 3


def test_profile_page_has_open_graph_and_a_profile_page_about_the_person(client, fran):
    response = client.get(fran.get_absolute_url())

    html = response.content.decode()
    assert '<meta property="og:title" content="Fran Freelancer">' in html
    assert '<link rel="canonical" href="http://testserver/freelancers/fran-freelancer/">' in html
    page = _json_ld(response)
    assert page["@type"] == "ProfilePage"
    assert page["url"] == "http://testserver/freelancers/fran-freelancer/"
    assert page["dateModified"] == fran.updated_at.replace(microsecond=0).isoformat()
    person = page["mainEntity"]
    assert "@context" not in person
    assert person["@type"] == "Person"
    assert person["name"] == "Fran Freelancer"
    assert person["knowsAbout"] == ["Editing", "News Writing", "Newspaper"]
    # A data block needs no CSP nonce (none is run), so the cached page suits everyone.
    assert "nonce=" not in html


def test_json_ld_cannot_be_broken_out_of_by_profile_text(client, fran):
    fran.headline = "</script><script>alert(1)</script>"
    fran.save()

    response = client.get(fran.get_absolute_url())

    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert _json_ld(response)["mainEntity"]["jobTitle"] == "</script><script>alert(1)</script>"


def test_profile_text_is_escaped(client, fran):
    fran.about = '<img src=x onerror="alert(1)">'
    fran.save()

    html = client.get(fran.get_absolute_url()).content.decode()

    assert "<img src=x" not in html
    assert "&lt;img src=x" in html


def test_drafts_are_not_listed_on_the_profile(client, fran):
    ArticleFactory(
        profile=fran, title="Secret draft", status=Article.Status.DRAFT, published_at=None
    )

    assert b"Secret draft" not in client.get(fran.get_absolute_url()).content


def test_suspended_profile_is_404_to_everyone_but_its_owner(client, fran, client_user, freelancer):
    fran.status = Profile.Status.SUSPENDED
    fran.save()

    assert client.get(fran.get_absolute_url()).status_code == 404
    client.force_login(client_user)
    assert client.get(fran.get_absolute_url()).status_code == 404
    client.force_login(freelancer)
    response = client.get(fran.get_absolute_url())
    assert response.status_code == 200
    assert b"Your profile is suspended" in response.content


def test_profile_of_a_deactivated_user_is_404(client, fran):
    fran.user.is_active = False
    fran.user.save()

    assert client.get(fran.get_absolute_url()).status_code == 404


def test_unknown_profile_is_the_designed_404(client):
    response = client.get(reverse("profiles:detail", kwargs={"slug": "nobody"}))

    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_profile_without_photo_or_banner_shows_no_broken_image(client, fran):
    html = client.get(fran.get_absolute_url()).content.decode()

    assert "avatar--initials" in html
    assert "banner--empty" in html
    assert 'src=""' not in html


def test_article_page_shows_body_author_and_reading_time(client, fran, django_assert_num_queries):
    article = fran.articles.get(title="Story 1")

    with django_assert_num_queries(2):  # article+profile+user, profile skills
        response = client.get(article.get_absolute_url())

    html = response.content.decode()
    assert "<h1>Story 1</h1>" in html
    assert "<strong>words</strong>" in html
    assert "1 min read" in html
    assert 'href="/freelancers/fran-freelancer/"' in html
    assert "News Writing" in html


def test_draft_article_is_404_to_the_public_and_visible_to_its_author(
    client, fran, freelancer, other_freelancer
):
    draft = ArticleFactory(
        profile=fran, title="Draft", status=Article.Status.DRAFT, published_at=None
    )

    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(other_freelancer)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(freelancer)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert b"This is a draft" in response.content


def test_article_of_a_suspended_profile_is_404(client, fran):
    article = fran.articles.first()
    fran.status = Profile.Status.SUSPENDED
    fran.save()

    assert client.get(article.get_absolute_url()).status_code == 404


def test_article_under_another_profiles_slug_is_404(client, fran, other_freelancer):
    article = fran.articles.first()
    url = reverse("profiles:article", kwargs={"profile_slug": "olga-other", "slug": article.slug})

    assert client.get(url).status_code == 404


def test_skill_page_lists_its_public_freelancers(client, fran, django_assert_num_queries):
    skill = fran.skills.get(name="Editing")
    for n in range(3):
        ProfileFactory(display_name=f"Editor {n}", skills=[skill])
    ProfileFactory(
        display_name="Suspended Editor", skills=[skill], status=Profile.Status.SUSPENDED
    )

    for n in range(3):
        ServiceFactory(title=f"Editing offer {n}", skills=[skill])

    with django_assert_num_queries(4):  # skill+count, profiles+users, their skills, services
        response = client.get(skill.get_absolute_url())

    html = response.content.decode()
    assert "4 freelancers with this skill." in html
    assert "Editor 2" in html
    assert "Fran Freelancer" in html
    assert "Suspended Editor" not in html
    assert html.count('class="card service-card"') == 3


def test_unknown_skill_is_404(client):
    assert client.get(reverse("profiles:skill", kwargs={"slug": "nothing"})).status_code == 404


def test_a_skill_page_lists_the_public_services_with_that_skill(client, mixed_visibility):
    listed_service("Other skill gig", skills=[SkillFactory(name="Python")], days=2)

    response = client.get(reverse("profiles:skill", kwargs={"slug": "journalism"}))

    assert response.status_code == 200
    assert [service.title for service in response.context["detail"].services] == ["Public gig"]
    assert card_titles(response) == ["Public gig"]


def test_a_profile_page_lists_the_freelancers_published_services_only(
    client, freelancer, mixed_visibility
):
    listed_service("Somebody else's gig", days=2)

    response = client.get(freelancer.profile.get_absolute_url())

    assert response.status_code == 200
    assert [service.title for service in response.context["detail"].services] == ["Public gig"]
    assert card_titles(response) == ["Public gig"]
