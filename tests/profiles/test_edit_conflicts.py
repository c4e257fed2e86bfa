"""Two edits of one profile or article opened at the same time: the second to save is
refused and shown the first one's values; nothing is overwritten."""

import threading

import pytest
from django.db import connection, transaction
from django.urls import reverse

from common.edits import STALE_MESSAGE, EditConflict
from profiles import actions
from profiles.models import Article, Profile
from tests.profiles.factories import ArticleFactory

pytestmark = pytest.mark.django_db

PROFILE_FIELDS = ("display_name", "headline", "about", "country", "city", "hourly_rate")


@pytest.fixture
def fran(client, freelancer):
    client.force_login(freelancer)
    return client


def _opened_profile(client):
    """Open the profile form, as a browser tab would: its values, version included."""
    form = client.get(reverse("profiles:edit")).context["form"]
    data = {name: form[name].value() or "" for name in PROFILE_FIELDS}
    return data | {
        "availability": "available",
        "away_until": "",
        "skills": "",
        "resume_visibility": "everyone",
        "version": form["version"].value(),
    }


def test_a_stale_profile_edit_shows_the_newer_values_and_saves_nothing(fran, freelancer):
    first_tab, second_tab = _opened_profile(fran), _opened_profile(fran)
    fran.post(reverse("profiles:edit"), first_tab | {"headline": "Saved in the first tab"})

    response = fran.post(
        reverse("profiles:edit"), second_tab | {"headline": "Saved in the second tab"}
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors() == [STALE_MESSAGE]
    assert form["headline"].value() == "Saved in the first tab"
    assert STALE_MESSAGE.encode() in response.content
    assert Profile.objects.get(pk=freelancer.profile.pk).headline == "Saved in the first tab"


def test_a_profile_form_without_a_version_still_saves(fran, freelancer):
    data = _opened_profile(fran)
    del data["version"]

    response = fran.post(reverse("profiles:edit"), data | {"headline": "No version"})

    assert response.status_code == 302
    assert Profile.objects.get(pk=freelancer.profile.pk).headline == "No version"


def test_a_stale_article_edit_shows_the_newer_values_and_saves_nothing(fran, freelancer):
    article = ArticleFactory(profile=freelancer.profile, title="Old title")
    url = reverse("profiles:article_edit", kwargs={"pk": article.pk})
    opened = fran.get(url).context["form"]["version"].value()
    actions.article_update(article=article, data={"title": "Saved in the first tab"})

    response = fran.post(
        url, {"title": "Saved in the second tab", "body": "x", "version": opened, "intent": "save"}
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors() == [STALE_MESSAGE]
    assert form["title"].value() == "Saved in the first tab"
    assert Article.objects.get(pk=article.pk).title == "Saved in the first tab"


@pytest.mark.django_db(transaction=True)
def test_of_two_racing_profile_edits_exactly_one_wins(freelancer):
    profile = Profile.objects.get(pk=freelancer.profile.pk)
    barrier = threading.Barrier(2)
    saved, conflicts, errors = [], [], []

    def edit(headline):
        try:
            barrier.wait(timeout=30)
            with transaction.atomic():
                actions.profile_update(
                    profile=profile, data={"headline": headline}, version=profile.updated_at
                )
            saved.append(headline)
        except EditConflict:
            conflicts.append(headline)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(text,)) for text in ("Editor", "Reporter")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert (len(saved), len(conflicts)) == (1, 1)
    assert Profile.objects.get(pk=profile.pk).headline == saved[0]
