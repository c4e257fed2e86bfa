"""Service actions work on a locked fresh copy, return it and leave the caller's object
alone; pre-moderation is an argument, the site's setting only its default."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from services import actions
from services.models import Service
from tests.profiles.factories import UserFactory
from tests.services.factories import EngagementFactory, ServiceFactory

pytestmark = pytest.mark.django_db

S = Service.Status


@pytest.fixture
def live(freelancer):
    return ServiceFactory(freelancer=freelancer.profile, title="News writing")


@pytest.fixture
def draft(freelancer):
    return ServiceFactory(freelancer=freelancer.profile, status=S.DRAFT, published_at=None)


def test_a_failed_update_leaves_the_callers_object_unchanged(live):
    with pytest.raises(ValidationError):
        actions.service_update(
            service=live,
            data={"title": "New title", "hourly_rate": Decimal(0)},
            skill_names=["Editing"],
        )

    assert (live.title, live.hourly_rate, live.status) == (
        "News writing",
        Decimal(30),
        S.PUBLISHED,
    )


def test_a_failed_update_with_a_banner_leaves_the_callers_banner_alone(live):
    with pytest.raises(ValidationError):
        actions.service_update(
            service=live,
            data={"banner": ContentFile(b"new", "new.webp"), "hourly_rate": Decimal(-1)},
        )

    assert not live.banner


def test_an_update_returns_the_saved_copy_and_leaves_the_callers_object_alone(live):
    saved = actions.service_update(service=live, data={"title": "Long-form news"})

    assert saved is not live
    assert saved.title == "Long-form news"
    assert live.title == "News writing"


def test_a_move_returns_the_moved_copy_and_leaves_the_callers_object_alone(live):
    moved = actions.service_withdraw(service=live)

    assert moved.status == S.DRAFT
    assert live.status == S.PUBLISHED


def test_a_refused_move_leaves_the_callers_object_alone(draft):
    with pytest.raises(ValidationError):
        actions.service_reject(service=draft, moderator=UserFactory(is_staff=True), note="No.")

    assert (draft.status, draft.moderation_note) == (S.DRAFT, "")


def test_an_engagement_move_returns_the_moved_copy():
    engagement = EngagementFactory()

    moved = actions.engagement_accept(engagement=engagement, actor=engagement.freelancer.user)

    assert (moved.status, engagement.status) == ("accepted", "requested")
    assert moved.accepted_at is not None


@pytest.mark.parametrize(
    ("setting", "argument", "after"),
    [
        (False, True, S.PENDING),
        (True, False, S.PUBLISHED),
        (True, None, S.PENDING),
        (False, None, S.PUBLISHED),
    ],
)
def test_submitting_follows_the_premoderation_argument_over_the_setting(
    settings, draft, setting, argument, after
):
    settings.SERVICES_PREMODERATION = setting

    moved = actions.service_submit(service=draft, premoderation=argument)

    assert moved.status == after
    draft.refresh_from_db()
    assert draft.status == after


@pytest.mark.parametrize(
    ("setting", "argument", "after"),
    [(False, True, S.PENDING), (True, False, S.PUBLISHED), (True, None, S.PENDING)],
)
def test_editing_text_follows_the_premoderation_argument_over_the_setting(
    settings, live, setting, argument, after
):
    settings.SERVICES_PREMODERATION = setting

    saved = actions.service_update(
        service=live, data={"title": "Long-form news"}, premoderation=argument
    )

    assert saved.status == after
    live.refresh_from_db()
    assert live.status == after


def test_handing_back_the_stored_banner_is_no_change(live, settings):
    settings.SERVICES_PREMODERATION = True
    live = actions.service_update(
        service=live, data={"banner": ContentFile(b"b", "b.webp")}, premoderation=False
    )

    saved = actions.service_update(service=live, data={"banner": live.banner})

    assert saved.banner.name == live.banner.name
    assert saved.status == S.PUBLISHED
