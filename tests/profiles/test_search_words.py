"""The directory's search words: a profile's approved skill names, kept in `keywords` by
every action that changes them, so that its search document finds them."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from profiles import actions
from profiles.models import Profile, Skill
from tests.profiles.directory import DIRECTORY_URL, listed_names
from tests.profiles.factories import SkillFactory, UserFactory

pytestmark = pytest.mark.django_db


def _keywords(profile):
    return Profile.objects.values_list("keywords", flat=True).get(pk=profile.pk)


def _found(client, words):
    return listed_names(client.get(DIRECTORY_URL, {"q": words}))


def test_an_edit_of_the_skills_rewrites_the_search_words(client, freelancer):
    SkillFactory(name="Copywriting")
    profile = freelancer.profile
    # Not a random job title: "Copywriter, advertising" has the same stem.
    Profile.objects.filter(pk=profile.pk).update(headline="Translator")

    actions.profile_update(profile=profile, data={}, skill_names=["copywriting", "Zeppelins"])

    assert _keywords(profile) == "Copywriting"  # the new name waits for staff
    assert _found(client, "copywriting") == ["Fran Freelancer"]

    actions.profile_update(profile=profile, data={}, skill_names=[])

    assert _keywords(profile) == ""
    assert _found(client, "copywriting") == []


def test_an_edit_without_skills_keeps_them(freelancer):
    SkillFactory(name="Editing")
    profile = freelancer.profile
    actions.profile_update(profile=profile, data={}, skill_names=["Editing"])

    actions.profile_update(profile=profile, data={"headline": "Editor"})

    assert _keywords(profile) == "Editing"


def test_approving_a_skill_makes_the_profiles_with_it_findable(
    client, freelancer, other_freelancer, moderator, django_capture_on_commit_callbacks
):
    SkillFactory(name="Editing")
    for user in (freelancer, other_freelancer):
        actions.profile_update(profile=user.profile, data={}, skill_names=["Zeppelins", "Editing"])
    assert _found(client, "zeppelin") == []

    with django_capture_on_commit_callbacks(execute=True):
        actions.skill_approve(skill=Skill.objects.get(name="Zeppelins"), moderator=moderator)

    assert _keywords(freelancer.profile) == "Editing Zeppelins"
    assert sorted(_found(client, "zeppelin")) == ["Fran Freelancer", "Olga Other"]


def test_approving_a_service_with_a_new_name_reindexes_the_profiles_with_it(
    freelancer, django_capture_on_commit_callbacks
):
    actions.profile_update(profile=freelancer.profile, data={}, skill_names=["Zeppelins"])
    # Staff approve a service carrying the name (any row with skills will do here).
    with django_capture_on_commit_callbacks(execute=True):
        actions.skills_approve_with(freelancer.profile)

    assert _keywords(freelancer.profile) == "Zeppelins"


def test_a_skill_renamed_or_withdrawn_in_the_admin_reaches_the_search_words(
    freelancer, django_capture_on_commit_callbacks
):
    skill = SkillFactory(name="Copywriting")
    actions.profile_update(profile=freelancer.profile, data={}, skill_names=["Copywriting"])
    model_admin = admin.site.get_model_admin(Skill)
    request = RequestFactory().post("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)

    skill.name = "Copy Writing"
    with django_capture_on_commit_callbacks(execute=True):
        model_admin.save_model(request, skill, form=None, change=True)
    assert _keywords(freelancer.profile) == "Copy Writing"

    skill.approved = False
    with django_capture_on_commit_callbacks(execute=True):
        model_admin.save_model(request, skill, form=None, change=True)
    assert _keywords(freelancer.profile) == ""
