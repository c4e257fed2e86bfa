"""model_update and lock_fresh: the one way an action edits a row."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.edits import STALE_MESSAGE, EditConflict, lock_fresh, model_update
from profiles.models import Profile
from tests.profiles.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile():
    return ProfileFactory(
        display_name="Fran Freelancer", headline="Reporter", city="Porto", hourly_rate=Decimal(30)
    )


def test_model_update_sets_only_the_named_fields_present_in_data(profile):
    updated = model_update(
        instance=profile,
        fields=["headline", "city"],
        data={"headline": "Editor", "display_name": "Not named", "about": "Not named either"},
    )

    stored = Profile.objects.get(pk=profile.pk)
    assert (stored.headline, stored.city) == ("Editor", "Porto")
    assert stored.display_name == "Fran Freelancer"
    assert stored.about == profile.about
    assert updated.headline == "Editor"


def test_model_update_saves_only_the_changed_fields_and_updated_at(profile):
    with CaptureQueriesContext(connection) as queries:
        model_update(
            instance=profile,
            fields=["headline", "city"],
            data={"headline": "Editor", "city": "Porto"},
        )

    update = next(q["sql"] for q in queries if q["sql"].startswith("UPDATE"))
    assert '"headline"' in update
    assert '"updated_at"' in update
    assert '"city"' not in update


def test_model_update_returns_a_fresh_copy_and_leaves_the_callers_object_alone(profile):
    updated = model_update(instance=profile, fields=["headline"], data={"headline": "Editor"})

    assert updated is not profile
    assert updated.headline == "Editor"
    assert profile.headline == "Reporter"


def test_a_failed_update_leaves_the_callers_object_and_the_row_unchanged(profile):
    with pytest.raises(ValidationError) as error:
        model_update(
            instance=profile,
            fields=["headline", "hourly_rate"],
            data={"headline": "Editor", "hourly_rate": Decimal("0")},
        )

    assert "hourly_rate" in error.value.message_dict
    assert (profile.headline, profile.hourly_rate) == ("Reporter", Decimal(30))
    stored = Profile.objects.get(pk=profile.pk)
    assert (stored.headline, stored.hourly_rate) == ("Reporter", Decimal(30))


def test_model_update_reads_the_stored_row_not_the_callers_stale_copy(profile):
    stale = Profile.objects.get(pk=profile.pk)
    Profile.objects.filter(pk=profile.pk).update(status=Profile.Status.SUSPENDED)

    model_update(instance=stale, fields=["headline"], data={"headline": "Editor"})

    stored = Profile.objects.get(pk=profile.pk)
    assert stored.status == Profile.Status.SUSPENDED
    assert stored.headline == "Editor"


def test_nothing_changed_means_nothing_saved(profile):
    before = Profile.objects.get(pk=profile.pk).updated_at

    model_update(instance=profile, fields=["headline"], data={"headline": "Reporter"})

    assert Profile.objects.get(pk=profile.pk).updated_at == before


def test_lock_fresh_refuses_an_edit_opened_before_the_last_save(profile):
    opened = profile.updated_at
    model_update(instance=profile, fields=["headline"], data={"headline": "Editor"})

    with pytest.raises(EditConflict) as conflict:
        lock_fresh(profile, version=opened)

    assert conflict.value.messages == [STALE_MESSAGE]
    assert conflict.value.current.headline == "Editor"


def test_lock_fresh_accepts_the_current_version(profile):
    current = lock_fresh(profile, version=profile.updated_at)

    assert current.pk == profile.pk
    assert current is not profile


def test_lock_fresh_without_a_version_checks_nothing(profile):
    assert lock_fresh(profile, version=None).pk == profile.pk
    with pytest.raises(EditConflict):
        lock_fresh(profile, version=profile.updated_at - timedelta(microseconds=1))
