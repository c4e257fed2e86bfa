"""The freelancer's dashboard: who may open it, and what the profile is missing."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from profiles.models import Article
from tests.profiles import files
from tests.profiles.factories import ArticleFactory
from tests.profiles.forms import profile_data

pytestmark = pytest.mark.django_db


DASHBOARD_URLS = [
    ("profiles:dashboard", {}),
    ("profiles:create", {}),
    ("profiles:edit", {}),
    ("profiles:remove_upload", {"field": "avatar"}),
    ("profiles:articles", {}),
    ("profiles:article_create", {}),
    ("profiles:article_edit", {"pk": "article"}),
    ("profiles:article_publish", {"pk": "article"}),
    ("profiles:article_unpublish", {"pk": "article"}),
    ("profiles:article_delete", {"pk": "article"}),
]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("name", "kwargs"), DASHBOARD_URLS, ids=[n for n, _ in DASHBOARD_URLS])
def test_anonymous_user_is_sent_to_log_in_from_every_dashboard_url(
    client, fran_article, method, name, kwargs
):
    kwargs = {
        key: fran_article.pk if value == "article" else value for key, value in kwargs.items()
    }
    url = reverse(name, kwargs=kwargs)

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"
    fran_article.refresh_from_db()
    assert fran_article.status == Article.Status.DRAFT


@pytest.mark.parametrize("name", ["profiles:edit", "profiles:articles", "profiles:article_create"])
def test_user_without_a_profile_is_sent_to_become_a_freelancer(client, stranger, name):
    client.force_login(stranger)

    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"] == reverse("profiles:create")


def test_dashboard_of_a_user_without_a_profile_offers_to_become_a_freelancer(client, stranger):
    client.force_login(stranger)

    response = client.get(reverse("profiles:dashboard"))

    assert response.status_code == 200
    assert response.context["profile"] is None
    assert b"Become a freelancer" in response.content


def test_dashboard_lists_what_the_profile_is_missing(fran, freelancer):
    response = fran.get(reverse("profiles:dashboard"))

    assert response.status_code == 200
    assert response.context["profile"] == freelancer.profile
    missing = response.context["missing"]
    assert "a photo" in missing
    assert "a resume" in missing
    assert "a headline" not in missing
    assert b"<li>a photo</li>" in response.content


def test_dashboard_stops_asking_for_a_photo_once_there_is_one(fran, freelancer):
    freelancer.profile.avatar.save("me.webp", ContentFile(b"webp"), save=True)

    response = fran.get(reverse("profiles:dashboard"))

    assert "a photo" not in response.context["missing"]
    assert b"<li>a photo</li>" not in response.content
    assert b"<li>a resume</li>" in response.content


def test_complete_profile_has_nothing_missing(fran, freelancer):
    profile = freelancer.profile
    profile.city, profile.country = "Lisbon", "Portugal"
    profile.avatar.save("me.webp", ContentFile(b"webp"), save=False)
    profile.banner.save("wide.webp", ContentFile(b"webp"), save=False)
    profile.resume.save("cv.pdf", ContentFile(files.pdf_bytes()), save=False)
    profile.save()
    profile.skills.set([])
    fran.post(
        reverse("profiles:edit"),
        profile_data(skills="Editing"),
    )
    ArticleFactory(profile=profile)

    response = fran.get(reverse("profiles:dashboard"))

    assert response.context["missing"] == []
    assert b"Your profile is complete." in response.content
