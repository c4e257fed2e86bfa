from decimal import Decimal

import factory
from django.utils import timezone
from django.utils.text import slugify

from services.models import Category, Engagement, Service
from tests.profiles.factories import ProfileFactory, UserFactory


def leaf_category(slug="articles-news"):
    """A subcategory from the tree the data migration loads."""
    return Category.objects.get(slug=slug)


class ServiceFactory(factory.django.DjangoModelFactory):
    """A published service in Writing & Translation › Articles & News.

    For another status pass status=Service.Status.DRAFT (and published_at=None).
    """

    class Meta:
        model = Service
        skip_postgeneration_save = True

    freelancer = factory.SubFactory(ProfileFactory)
    category = factory.LazyFunction(leaf_category)
    title = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.LazyAttributeSequence(lambda service, n: f"{slugify(service.title)}-{n}")
    description = factory.Faker("paragraph")
    hourly_rate = Decimal("30")
    starting_price = Decimal("25")
    status = Service.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def skills(service, create, extracted, **kwargs):
        if create and extracted:
            service.skills.set(extracted)
            service.keywords = " ".join(skill.name for skill in extracted)
            service.save(update_fields=["keywords"])


S = Engagement.Status


def _now_if(*statuses):
    """A timestamp of now when the engagement's status is one of `statuses`, else None."""
    return factory.LazyAttribute(lambda e: timezone.now() if e.status in statuses else None)


class EngagementFactory(factory.django.DjangoModelFactory):
    """A hire request, `requested` by default.

    Pass `status=` for any other one: accepted_at, delivered_at, completed_at and closed_at
    follow it (accepted, delivered and completed have accepted_at, delivered has
    delivered_at, completed has completed_at, declined and cancelled have closed_at),
    unless given explicitly.
    """

    class Meta:
        model = Engagement

    service = factory.SubFactory(ServiceFactory)
    freelancer = factory.LazyAttribute(lambda e: e.service.freelancer)
    client = factory.SubFactory(UserFactory)
    message = "I need a 1,500-word feature on the election, sourced, by Friday."
    status = S.REQUESTED
    accepted_at = _now_if(S.ACCEPTED, S.DELIVERED, S.COMPLETED)
    delivered_at = _now_if(S.DELIVERED)
    completed_at = _now_if(S.COMPLETED)
    closed_at = _now_if(S.DECLINED, S.CANCELLED)

    class Params:
        accepted = factory.Trait(status=S.ACCEPTED)
        delivered = factory.Trait(status=S.DELIVERED)
        declined = factory.Trait(status=S.DECLINED)
        cancelled = factory.Trait(status=S.CANCELLED)
        completed = factory.Trait(status=S.COMPLETED)


def engagement_in(status, **kwargs):
    """A saved engagement in `status` (a value or an Engagement.Status) with its timestamps."""
    return EngagementFactory(status=S(status), **kwargs)
