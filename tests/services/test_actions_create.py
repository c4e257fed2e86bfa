"""Creating a service: its fields, category, skills, keywords, slugs and banner, also when twenty
are created at once.
"""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction

from profiles.models import Skill
from services import actions
from services.models import Category, Service
from tests.profiles.factories import SkillFactory
from tests.services.factories import leaf_category
from tests.services.writes import S, create_service, search_for

pytestmark = pytest.mark.django_db


def test_a_new_service_is_a_draft_with_its_fields(freelancer):
    service = create_service(
        freelancer,
        title="  News writing  ",
        starting_price=Decimal("25"),
        engagement=Service.EngagementType.ONE_OFF,
    )

    service.refresh_from_db()
    assert service.status == S.DRAFT
    assert service.published_at is None
    assert service.freelancer == freelancer.profile
    assert service.title == "News writing"
    assert service.slug == "news-writing"
    assert service.hourly_rate == Decimal("30")
    assert service.starting_price == Decimal("25")
    assert service.engagement == Service.EngagementType.ONE_OFF


def test_a_service_cannot_go_in_a_top_level_category(freelancer):
    top = Category.objects.top_level().get(name="Writing & Translation")

    with pytest.raises(ValidationError) as error:
        create_service(freelancer, category=top)

    assert "category" in error.value.message_dict
    assert not Service.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("hourly_rate", Decimal("0")), ("starting_price", Decimal("-1")), ("title", "   ")],
)
def test_invalid_values_are_refused_before_the_database(freelancer, field, value):
    with pytest.raises(ValidationError) as error:
        create_service(freelancer, **{field: value})

    assert field in error.value.message_dict
    assert not Service.objects.exists()


def test_skills_by_name_are_reused_regardless_of_case_and_created_when_new(freelancer):
    existing = SkillFactory(name="News Writing")

    service = create_service(freelancer, skill_names=["news writing", "Fact Checking"])

    assert set(service.skills.all()) == {existing, Skill.objects.get(name="Fact Checking")}
    assert Skill.objects.filter(name__iexact="news writing").count() == 1


def test_the_same_skill_twice_is_added_once(freelancer):
    service = create_service(freelancer, skill_names=["Editing", "EDITING", "editing"])

    assert [skill.name for skill in service.skills.all()] == ["Editing"]
    assert Skill.objects.filter(name__iexact="editing").count() == 1


def test_keywords_hold_the_skill_and_category_names(freelancer):
    service = create_service(freelancer, skill_names=["Fact Checking"])

    service.refresh_from_db()
    assert "Fact Checking" in service.keywords
    assert "Articles & News" in service.keywords
    assert "Writing & Translation" in service.keywords


@pytest.mark.parametrize(
    "word", ["checking", "articles", "translation"], ids=["skill", "category", "parent-category"]
)
def test_search_finds_a_new_service_by_its_skill_and_category_names(freelancer, word):
    service = create_service(
        freelancer,
        title="Reporting",
        description="On deadline.",
        skill_names=["Fact Checking"],
    )
    create_service(
        freelancer,
        title="Logo work",
        description="Marks.",
        category=leaf_category("logo-branding"),
    )

    assert list(search_for(word)) == [service]


def test_slugs_of_one_title_get_numbered(freelancer, other_freelancer):
    first = create_service(freelancer, title="News writing")
    second = create_service(other_freelancer, title="News Writing")
    third = create_service(freelancer, title="news writing!")

    assert (first.slug, second.slug, third.slug) == (
        "news-writing",
        "news-writing-2",
        "news-writing-3",
    )


@pytest.mark.parametrize("title", ["!!!", "★ ★ ★", "中文翻译"])
def test_a_title_without_letters_for_a_slug_still_gets_one(freelancer, title):
    first = create_service(freelancer, title=title)
    second = create_service(freelancer, title=title)

    assert first.slug == "service"
    assert second.slug == "service-2"


def test_a_new_service_can_have_a_banner(freelancer):
    service = create_service(freelancer, banner=ContentFile(b"banner", "b.webp"))

    service.refresh_from_db()
    assert service.banner.name.startswith("services/banners/")
    assert service.banner.storage.exists(service.banner.name)


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_services_with_one_title_get_distinct_slugs(freelancer):
    profile = freelancer.profile
    category = leaf_category()
    barrier = threading.Barrier(20)
    slugs, errors = [], []

    def create():
        try:
            barrier.wait(timeout=30)
            with transaction.atomic():
                service = actions.service_create(
                    freelancer=profile,
                    title="Same title",
                    description="Racing.",
                    category=category,
                    hourly_rate=Decimal("30"),
                )
            slugs.append(service.slug)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(slugs) == 20
    assert len(set(slugs)) == 20
    assert Service.objects.filter(title="Same title").count() == 20
    assert set(Service.objects.values_list("slug", flat=True)) == set(slugs)
    assert "same-title" in slugs


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_services_naming_one_new_skill_share_it(freelancer):
    profile = freelancer.profile
    category = leaf_category()
    barrier = threading.Barrier(20)
    skill_ids, errors = [], []

    def create():
        try:
            barrier.wait(timeout=30)
            with transaction.atomic():
                service = actions.service_create(
                    freelancer=profile,
                    title="Data journalism",
                    description="Racing.",
                    category=category,
                    hourly_rate=Decimal("30"),
                    skill_names=["Data Journalism"],
                )
                skill_ids.extend(service.skills.values_list("pk", flat=True))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert Skill.objects.filter(name__iexact="data journalism").count() == 1
    assert set(skill_ids) == {Skill.objects.get(name="Data Journalism").pk}
    assert len(skill_ids) == 20
