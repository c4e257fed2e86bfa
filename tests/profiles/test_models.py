import pytest
from django.db import IntegrityError

from profiles.models import User
from tests.profiles.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_unique_regardless_of_case():
    UserFactory(email="Ada@Example.com")

    with pytest.raises(IntegrityError):
        User.objects.create_user(email="ada@example.COM", password="x" * 12)


def test_display_name_falls_back_to_the_email_local_part():
    assert UserFactory.build(email="kim@example.com", name="").display_name == "kim"
    assert UserFactory.build(name="Kim Lee").display_name == "Kim Lee"


def test_create_superuser_makes_staff():
    admin = User.objects.create_superuser(email="root@example.com", password="x" * 12)

    assert admin.is_staff
    assert admin.is_superuser
    assert admin.check_password("x" * 12)
