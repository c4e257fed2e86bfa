"""New skill names wait for staff: no public page shows one until staff approve it in the
admin, or approve a service that carries it. A skill page exists only while something
public uses the skill."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from profiles import actions as profile_actions
from profiles.models import Skill
from services import actions as service_actions
from services.models import Service
from tests.profiles.factories import SkillFactory, UserFactory
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db

SPAM = "Buy Cheap Followers Now At Spam Dot Example"


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def published(freelancer):
    return ServiceFactory(
        freelancer=freelancer.profile,
        title="Long-form features",
        skills=[SkillFactory(name="Feature Writing")],
    )


def _with_spam_skill(service):
    """The freelancer adds a new skill name to a live service, without pre-moderation."""
    return service_actions.service_update(
        service=service,
        data={},
        skill_names=["Feature Writing", SPAM],
        premoderation=False,
    )


def _spam_skill() -> Skill:
    return Skill.objects.get(name=SPAM)


def _shown_anywhere(client, freelancer, service) -> dict[str, bool | int]:
    slug = _spam_skill().slug
    return {
        "service page": SPAM in client.get(service.get_absolute_url()).content.decode(),
        "profile page": SPAM in client.get(freelancer.profile.get_absolute_url()).content.decode(),
        "skill page": client.get(reverse("profiles:skill", kwargs={"slug": slug})).status_code,
        "browse by skill": SPAM in client.get("/services/", {"skill": slug}).content.decode(),
    }


HIDDEN = {
    "service page": False,
    "profile page": False,
    "skill page": 404,
    "browse by skill": False,
}
SHOWN = {"service page": True, "profile page": True, "skill page": 200, "browse by skill": True}


def test_a_new_skill_name_is_stored_unapproved_and_shown_nowhere(client, freelancer, published):
    _with_spam_skill(published)
    profile_actions.profile_update(
        profile=freelancer.profile, data={}, skill_names=["Feature Writing", SPAM]
    )

    assert _spam_skill().approved is False
    assert _shown_anywhere(client, freelancer, published) == HIDDEN
    # The vocabulary it joined is shown as before.
    assert "Feature Writing" in client.get(published.get_absolute_url()).content.decode()


def test_a_skill_staff_approve_in_the_admin_shows_everywhere_and_is_logged(
    client, freelancer, published, superuser
):
    _with_spam_skill(published)
    profile_actions.profile_update(
        profile=freelancer.profile, data={}, skill_names=["Feature Writing", SPAM]
    )
    client.force_login(superuser)

    response = client.post(
        reverse("admin:profiles_skill_changelist"),
        {"action": "approve", "_selected_action": [_spam_skill().pk]},
    )

    assert response.status_code == 302
    assert _spam_skill().approved is True
    entry = LogEntry.objects.get(object_id=str(_spam_skill().pk))
    assert entry.get_change_message() == "Approved"
    client.logout()
    assert _shown_anywhere(client, freelancer, published) == SHOWN


def test_approving_a_service_approves_the_new_skills_it_carries(
    client, freelancer, moderator, published
):
    service_actions.service_update(
        service=published,
        data={"title": "Features and followers"},
        skill_names=["Feature Writing", SPAM],
        premoderation=True,
    )
    assert _spam_skill().approved is False

    service_actions.service_approve(service=published, moderator=moderator)

    assert _spam_skill().approved is True
    assert SPAM in client.get(published.get_absolute_url()).content.decode()


def test_a_name_already_in_the_vocabulary_shows_at_once(client, freelancer, published):
    SkillFactory(name="Copywriting")

    profile_actions.profile_update(
        profile=freelancer.profile, data={}, skill_names=["copywriting"]
    )

    assert "Copywriting" in client.get(freelancer.profile.get_absolute_url()).content.decode()


def test_a_skill_used_only_by_a_never_public_draft_has_no_page(client, freelancer):
    ServiceFactory(
        freelancer=freelancer.profile,
        status=Service.Status.DRAFT,
        published_at=None,
        skills=[SkillFactory(name="Ghostwriting")],
    )

    assert (
        client.get(reverse("profiles:skill", kwargs={"slug": "ghostwriting"})).status_code == 404
    )


def test_a_skill_nothing_uses_has_no_page(client):
    SkillFactory(name="Calligraphy")

    assert client.get(reverse("profiles:skill", kwargs={"slug": "calligraphy"})).status_code == 404


def test_a_skill_of_a_public_profile_alone_has_a_page(client, freelancer):
    freelancer.profile.skills.add(SkillFactory(name="Proofreading"))

    response = client.get(reverse("profiles:skill", kwargs={"slug": "proofreading"}))

    assert response.status_code == 200
    assert "Fran Freelancer" in response.content.decode()


def test_profile_cards_on_a_skill_page_show_approved_skills_only(client, freelancer):
    freelancer.profile.skills.add(
        SkillFactory(name="Proofreading"), SkillFactory(name=SPAM, approved=False)
    )

    html = client.get(reverse("profiles:skill", kwargs={"slug": "proofreading"})).content.decode()

    assert "Proofreading" in html
    assert SPAM not in html


def test_the_skill_admin_lists_waiting_skills(client, superuser):
    SkillFactory(name="Waiting Skill", approved=False)
    SkillFactory(name="Known Skill")
    client.force_login(superuser)

    html = client.get(reverse("admin:profiles_skill_changelist"), {"approved__exact": "0"})

    assert "Waiting Skill" in html.content.decode()
    assert "Known Skill" not in html.content.decode()
