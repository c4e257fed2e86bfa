from decimal import Decimal

import factory
from django.utils import timezone
from django.utils.text import slugify

from services.models import Category, Service
from tests.profiles.factories import ProfileFactory


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
