"""Create forms of the profiles app sent twice (a double click): one row, and both answers
lead to the same page."""

import pytest
from django.urls import reverse

from profiles.models import Article, Profile
from tests.races import rendered_token

pytestmark = pytest.mark.django_db


def test_a_new_article_sent_twice_is_created_once(client, freelancer):
    client.force_login(freelancer)
    url = reverse("profiles:article_create")
    token = rendered_token(client.get(url))
    data = {"title": "My first piece", "body": "Some *words*.", "intent": "publish"}

    first, second = (client.post(url, data | {"submission_token": token}) for _ in range(2))

    article = Article.objects.get(profile=freelancer.profile)
    assert (first.status_code, second.status_code) == (302, 302)
    assert first["Location"] == second["Location"]
    assert first["Location"] == reverse("profiles:article_edit", kwargs={"pk": article.pk})


def test_an_article_previewed_then_saved_is_created_once(client, freelancer):
    client.force_login(freelancer)
    url = reverse("profiles:article_create")
    data = {"title": "My first piece", "body": "Some *words*.", "intent": "preview"}
    data["submission_token"] = rendered_token(client.get(url))

    preview = client.post(url, data)
    assert rendered_token(preview) == data["submission_token"]  # the same form, kept
    client.post(url, data | {"intent": "save"})
    client.post(url, data | {"intent": "save"})

    assert Article.objects.filter(profile=freelancer.profile).count() == 1


def test_a_new_article_sent_again_with_a_fresh_form_is_a_second_article(client, freelancer):
    client.force_login(freelancer)
    url = reverse("profiles:article_create")
    for _ in range(2):
        token = rendered_token(client.get(url))
        client.post(
            url,
            {"title": "Piece", "body": "Words.", "intent": "save"} | {"submission_token": token},
        )

    assert Article.objects.filter(profile=freelancer.profile).count() == 2


def test_becoming_a_freelancer_sent_twice_makes_one_profile(client, stranger):
    client.force_login(stranger)
    url = reverse("profiles:create")
    data = {"display_name": "Sam Stranger", "submission_token": rendered_token(client.get(url))}

    first, second = (client.post(url, data) for _ in range(2))

    assert Profile.objects.filter(user=stranger).count() == 1
    assert first["Location"] == second["Location"] == reverse("profiles:edit")
