"""Appeals: a suspension's mail says how to appeal; only the person concerned can; the
appeal waits in the admin, where staff uphold or overturn it with a reason, logged and
mailed."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from profiles import actions as profile_actions
from profiles.models import Profile
from reviews.models import Appeal
from services import actions as service_actions
from tests.marketplace.moderation import REASON, S, decide, entries_of, published_service

pytestmark = pytest.mark.django_db

WHY = "The samples are my own work; here are the drafts with their dates."


@pytest.fixture
def suspended(mod, freelancer, django_capture_on_commit_callbacks, mailoutbox):
    """Fran's service, suspended by Mia; the mail Fran got; the audit entry."""
    service = published_service(freelancer)
    with django_capture_on_commit_callbacks(execute=True):
        service_actions.service_suspend(service=service, moderator=mod, note=REASON)
    (mail,) = mailoutbox
    mailoutbox.clear()
    (entry,) = entries_of(service)
    return {"service": service, "mail": mail, "entry": entry}


def _appeal_url(entry_id):
    return f"{reverse('reviews:appeal_create')}?decision={entry_id}"


def test_a_suspension_mail_gives_the_reason_and_the_appeal_link(suspended):
    body = suspended["mail"].body

    assert f"Why: {REASON}" in body
    assert f"{settings.SITE_URL}{_appeal_url(suspended['entry'].pk)}" in body


def test_suspending_a_profile_and_deactivating_an_account_mail_how_to_appeal(
    mod, freelancer, stranger, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        profile_actions.profile_suspend(profile=freelancer.profile, moderator=mod, reason=REASON)
        profile_actions.user_deactivate(user=stranger, moderator=mod, reason="Spam accounts.")

    to_fran, to_sam = mailoutbox
    (entry,) = entries_of(freelancer.profile)
    assert to_fran.to == ["fran@example.com"]
    assert f"Why: {REASON}" in to_fran.body
    assert _appeal_url(entry.pk) in to_fran.body
    assert to_sam.to == ["sam@example.com"]
    assert "Why: Spam accounts." in to_sam.body
    assert "you can appeal it" in to_sam.body


def test_the_freelancer_appeals_and_it_waits_in_the_admin(
    visitor, freelancer, suspended, mod_client
):
    visitor.force_login(freelancer)
    url = _appeal_url(suspended["entry"].pk)

    page = visitor.get(url)
    response = visitor.post(url, {"text": WHY})

    assert page.status_code == 200
    assert REASON in page.content.decode().replace("&#x27;", "'")
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert (appeal.decision, appeal.service, appeal.profile) == (
        suspended["entry"],
        suspended["service"],
        None,
    )
    assert (appeal.appellant, appeal.text, appeal.status) == (freelancer, WHY, "open")
    queues = mod_client.get(reverse("admin:index")).context["queues"]
    assert {q["label"]: q["count"] for q in queues}["Open appeals"] == 1


def test_a_second_appeal_of_the_same_decision_answers_a_clear_error(
    visitor, freelancer, suspended
):
    visitor.force_login(freelancer)
    visitor.post(_appeal_url(suspended["entry"].pk), {"text": WHY})

    response = visitor.post(_appeal_url(suspended["entry"].pk), {"text": WHY + " Again."})

    assert "You have already appealed this decision." in response.content.decode()
    assert Appeal.objects.count() == 1


@pytest.mark.parametrize("who", ["stranger", "other_freelancer", "client_user"])
def test_nobody_else_can_appeal_or_see_the_decision(visitor, request, suspended, who):
    visitor.force_login(request.getfixturevalue(who))
    url = _appeal_url(suspended["entry"].pk)

    assert visitor.get(url).status_code == 404
    assert visitor.post(url, {"text": WHY}).status_code == 404
    assert not Appeal.objects.exists()


@pytest.mark.parametrize("decision", ["999999", "abc", ""])
def test_an_unknown_decision_is_a_404(visitor, freelancer, decision):
    visitor.force_login(freelancer)

    assert visitor.get(_appeal_url(decision)).status_code == 404


def test_a_decision_that_is_not_a_suspension_in_force_cannot_be_appealed(
    visitor, mod, freelancer, suspended
):
    service_actions.service_restore(service=suspended["service"], moderator=mod)
    restored = entries_of(suspended["service"])[-1]
    visitor.force_login(freelancer)

    assert visitor.get(_appeal_url(suspended["entry"].pk)).status_code == 404
    assert visitor.get(_appeal_url(restored.pk)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(visitor, suspended):
    response = visitor.get(_appeal_url(suspended["entry"].pk))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def _appeal(visitor, freelancer, entry):
    visitor.force_login(freelancer)
    visitor.post(_appeal_url(entry.pk), {"text": WHY})
    return Appeal.objects.get()


def test_overturning_restores_the_service_and_mails_the_reason(
    visitor,
    freelancer,
    suspended,
    mod,
    mod_client,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    appeal = _appeal(visitor, freelancer, suspended["entry"])

    with django_capture_on_commit_callbacks(execute=True):
        response = decide(mod_client, Appeal, "overturn", [appeal], reason="The drafts convince.")

    assert response.status_code == 302
    appeal.refresh_from_db()
    assert (appeal.status, appeal.decided_by, appeal.decision_reason) == (
        "overturned",
        mod,
        "The drafts convince.",
    )
    suspended["service"].refresh_from_db()
    assert suspended["service"].status == S.PUBLISHED
    assert visitor.get(suspended["service"].get_absolute_url()).status_code == 200
    outcome = [m for m in mailoutbox if "appeal" in m.subject.lower()]
    assert [m.to for m in outcome] == [["fran@example.com"]]
    assert "Why: The drafts convince." in outcome[0].body
    assert [e.change_message for e in entries_of(appeal)] == [
        "Decision overturned: The drafts convince."
    ]
    assert entries_of(suspended["service"])[-1].change_message == "Restored"


def test_upholding_keeps_the_suspension_and_mails_the_reason(
    visitor, freelancer, suspended, mod_client, django_capture_on_commit_callbacks, mailoutbox
):
    appeal = _appeal(visitor, freelancer, suspended["entry"])

    with django_capture_on_commit_callbacks(execute=True):
        decide(mod_client, Appeal, "uphold", [appeal], reason="The drafts postdate the copy.")

    appeal.refresh_from_db()
    assert appeal.status == "upheld"
    suspended["service"].refresh_from_db()
    assert suspended["service"].status == S.SUSPENDED
    (mail,) = mailoutbox
    assert mail.to == ["fran@example.com"]
    assert "upheld" in mail.subject.lower()
    assert "Why: The drafts postdate the copy." in mail.body


def test_a_profile_suspension_is_appealed_and_overturned(
    visitor, freelancer, mod, mod_client, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        profile_actions.profile_suspend(profile=freelancer.profile, moderator=mod, reason=REASON)
    link = re.search(r"/dashboard/appeals/new/\?decision=\d+", mailoutbox[0].body).group(0)
    visitor.force_login(freelancer)
    visitor.post(link, {"text": WHY})
    appeal = Appeal.objects.get()

    decide(mod_client, Appeal, "overturn", [appeal], reason="Mistaken identity.")

    freelancer.profile.refresh_from_db()
    assert freelancer.profile.status == Profile.Status.ACTIVE
    assert appeal.profile == freelancer.profile
