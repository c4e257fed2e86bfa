import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError

from profiles.models import Article, Profile, Skill, User
from tests.profiles.factories import ArticleFactory, ProfileFactory, SkillFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_unique_regardless_of_case():
    UserFactory(email="Ada@Example.com")

    with pytest.raises(IntegrityError):
        User.objects.create_user(email="ada@example.COM", password="x" * 12)


def test_display_name_of_an_unnamed_user_is_never_from_the_email():
    assert UserFactory.build(email="kim@example.com", name="").display_name == "Member"
    assert UserFactory.build(name="Kim Lee").display_name == "Kim Lee"


def test_create_superuser_makes_staff():
    admin = User.objects.create_superuser(email="root@example.com", password="x" * 12)

    assert admin.is_staff
    assert admin.is_superuser
    assert admin.check_password("x" * 12)


def test_skill_names_are_unique_regardless_of_case():
    SkillFactory(name="Editing", slug="editing")

    with pytest.raises(IntegrityError):
        Skill.objects.create(name="EDITING", slug="editing-2")


def test_the_database_refuses_a_non_positive_hourly_rate():
    profile = ProfileFactory()

    with pytest.raises(IntegrityError):
        Profile.objects.filter(pk=profile.pk).update(hourly_rate=0)


def test_away_needs_a_return_date():
    profile = ProfileFactory()

    with pytest.raises(IntegrityError):
        Profile.objects.filter(pk=profile.pk).update(availability="away", away_until=None)


def test_article_slugs_are_unique_per_profile():
    article = ArticleFactory(title="Same")

    with pytest.raises(IntegrityError):
        ArticleFactory(profile=article.profile, title="Same")


def test_a_published_article_needs_a_publication_date():
    with pytest.raises(IntegrityError):
        ArticleFactory(status=Article.Status.PUBLISHED, published_at=None)


def test_public_profiles_exclude_suspended_and_deactivated():
    visible = ProfileFactory()
    ProfileFactory(status=Profile.Status.SUSPENDED)
    ProfileFactory(user__is_active=False)

    assert list(Profile.objects.public()) == [visible]


def test_resume_visibility_rules(client_user):
    profile = ProfileFactory(resume="resumes/x.pdf")
    anonymous = AnonymousUser()

    profile.resume_visibility = Profile.ResumeVisibility.SIGNED_IN
    assert not profile.resume_visible_to(anonymous)
    assert profile.resume_visible_to(client_user)
    profile.resume_visibility = Profile.ResumeVisibility.NOBODY
    assert not profile.resume_visible_to(client_user)
    assert profile.resume_visible_to(profile.user)
