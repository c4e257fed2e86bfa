from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone
from django.utils.text import slugify

from profiles.models import Article, Profile, Skill, User
from profiles.search_words import profile_reindex
from tests.profiles.second_factor import totp_enrol

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A user who can sign in: password set, primary email address verified. Staff have an
    authenticator app (tests/profiles/second_factor.py), as the admin requires; pass
    `second_factor=True` or `False` to choose."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Faker("name")
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)

    @factory.post_generation
    def second_factor(user, create, extracted, **kwargs):
        if create and (extracted if extracted is not None else user.is_staff):
            totp_enrol(user)


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Skill {n}")
    slug = factory.LazyAttribute(lambda skill: slugify(skill.name))


class ProfileFactory(factory.django.DjangoModelFactory):
    """An active freelancer profile of a new user."""

    class Meta:
        model = Profile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    display_name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"freelancer-{n}")
    headline = factory.Faker("job")
    about = factory.Faker("paragraph")
    hourly_rate = Decimal("30")

    @factory.post_generation
    def skills(profile, create, extracted, **kwargs):
        if create and extracted:
            profile.skills.set(extracted)
            profile_reindex(profile=profile)  # as profile_update does


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article; pass status=Article.Status.DRAFT, published_at=None for a draft."""

    class Meta:
        model = Article

    profile = factory.SubFactory(ProfileFactory)
    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.LazyAttribute(lambda article: slugify(article.title))
    body = "Some **words** about the work."
    body_html = "<p>Some <strong>words</strong> about the work.</p>"
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
