"""A service's lifecycle: submit, withdraw, approve, reject, suspend, restore, from each status,
against stale copies and edits saved meanwhile.
"""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from services import actions
from services.models import Service
from tests.profiles.factories import UserFactory
from tests.services.factories import ServiceFactory
from tests.services.writes import S, create_service

pytestmark = pytest.mark.django_db


def _in_status(status, **fields):
    published_at = timezone.now() if status == S.PUBLISHED else None
    return ServiceFactory(status=status, published_at=published_at, **fields)


STAFF_MOVES = {
    actions.service_approve,
    actions.service_reject,
    actions.service_suspend,
    actions.service_restore,
}


def _move(action):
    kwargs = {}
    if action in STAFF_MOVES:
        kwargs["moderator"] = UserFactory(is_staff=True)
    if action in (actions.service_reject, actions.service_suspend):
        kwargs["note"] = "Too vague."
    return lambda service: action(service=service, **kwargs)


LIFECYCLE = [
    # (status before, move, status after or None for "refused")
    (S.DRAFT, actions.service_submit, S.PENDING),
    (S.DRAFT, actions.service_withdraw, None),
    (S.DRAFT, actions.service_approve, None),
    (S.DRAFT, actions.service_reject, None),
    (S.PENDING, actions.service_submit, None),
    (S.PENDING, actions.service_withdraw, S.DRAFT),
    (S.PENDING, actions.service_approve, S.PUBLISHED),
    (S.PENDING, actions.service_reject, S.REJECTED),
    (S.PUBLISHED, actions.service_submit, None),
    (S.PUBLISHED, actions.service_withdraw, S.DRAFT),
    (S.PUBLISHED, actions.service_approve, None),
    (S.PUBLISHED, actions.service_reject, None),
    (S.REJECTED, actions.service_submit, S.PENDING),
    (S.REJECTED, actions.service_withdraw, None),
    (S.REJECTED, actions.service_approve, None),
    (S.REJECTED, actions.service_reject, None),
    (S.SUSPENDED, actions.service_submit, None),
    (S.SUSPENDED, actions.service_withdraw, None),
    (S.SUSPENDED, actions.service_approve, None),
    (S.SUSPENDED, actions.service_reject, None),
    (S.DRAFT, actions.service_suspend, None),
    (S.PENDING, actions.service_suspend, S.SUSPENDED),
    (S.PUBLISHED, actions.service_suspend, S.SUSPENDED),
    (S.REJECTED, actions.service_suspend, None),
    (S.SUSPENDED, actions.service_suspend, None),
    (S.DRAFT, actions.service_restore, None),
    (S.PENDING, actions.service_restore, None),
    (S.PUBLISHED, actions.service_restore, None),
    (S.REJECTED, actions.service_restore, None),
    (S.SUSPENDED, actions.service_restore, S.PUBLISHED),
]


@pytest.mark.parametrize(
    ("before", "action", "after"),
    LIFECYCLE,
    ids=[f"{before}-{action.__name__}" for before, action, _ in LIFECYCLE],
)
def test_each_move_from_each_status(premoderation, before, action, after):
    service = _in_status(before)

    if after is None:
        with pytest.raises(ValidationError):
            _move(action)(service)
    else:
        _move(action)(service)

    service.refresh_from_db()
    assert service.status == (before if after is None else after)


@pytest.mark.parametrize("before", [S.DRAFT, S.REJECTED])
def test_submitting_under_premoderation_waits_for_review(premoderation, before):
    service = _in_status(before)

    actions.service_submit(service=service)

    service.refresh_from_db()
    assert service.status == S.PENDING
    assert service.published_at is None


@pytest.mark.parametrize("before", [S.DRAFT, S.REJECTED])
def test_submitting_without_premoderation_publishes_at_once(no_premoderation, before):
    service = _in_status(before, moderation_note="Was too vague.")

    actions.service_submit(service=service)

    service.refresh_from_db()
    assert service.status == S.PUBLISHED
    assert service.published_at is not None
    assert service.moderation_note == ""
    assert service in Service.objects.public()


def test_approving_publishes_with_a_date_and_clears_the_note():
    service = _in_status(S.PENDING, moderation_note="Fixed now?")

    actions.service_approve(service=service, moderator=UserFactory(is_staff=True))

    service.refresh_from_db()
    assert service.status == S.PUBLISHED
    assert service.published_at is not None
    assert service.moderation_note == ""


def test_republishing_keeps_the_first_publication_date(no_premoderation):
    service = _in_status(S.DRAFT)
    service = actions.service_submit(service=service)
    first = service.published_at

    actions.service_withdraw(service=service)
    actions.service_submit(service=service)

    service.refresh_from_db()
    assert service.status == S.PUBLISHED
    assert service.published_at == first


@pytest.mark.parametrize("note", ["", "   "])
def test_rejecting_needs_a_note(note):
    service = _in_status(S.PENDING)

    with pytest.raises(ValidationError) as error:
        actions.service_reject(service=service, moderator=UserFactory(is_staff=True), note=note)

    assert "moderation_note" in error.value.message_dict
    service.refresh_from_db()
    assert service.status == S.PENDING


def test_rejecting_keeps_the_note_for_the_freelancer():
    service = _in_status(S.PENDING)

    actions.service_reject(
        service=service,
        moderator=UserFactory(is_staff=True),
        note="  Add a sample of your work.  ",
    )

    service.refresh_from_db()
    assert service.status == S.REJECTED
    assert service.moderation_note == "Add a sample of your work."


def test_a_move_checks_the_stored_status_not_a_stale_copy():
    service = _in_status(S.PENDING)
    moderators_copy = Service.objects.get(pk=service.pk)  # loaded by the admin changelist
    actions.service_withdraw(service=service)  # meanwhile the freelancer withdraws it

    with pytest.raises(ValidationError):
        actions.service_approve(service=moderators_copy, moderator=UserFactory(is_staff=True))

    service.refresh_from_db()
    assert service.status == S.DRAFT


def test_a_move_does_not_undo_an_edit_saved_meanwhile(no_premoderation, freelancer):
    service = create_service(freelancer, title="News writing")
    actions.service_submit(service=service)
    freelancers_copy = Service.objects.get(pk=service.pk)  # loaded by the edit view
    actions.service_update(service=freelancers_copy, data={"title": "Long-form news"})

    actions.service_withdraw(service=service)  # from the dashboard, with the older copy

    service.refresh_from_db()
    assert service.status == S.DRAFT
    assert service.title == "Long-form news"
