"""Who gets into the admin, and what a moderator can never do there: grant power, take over
an account, delete, or touch groups. A superuser can do all of it."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from common.audit import record_decision
from marketplace.models import DataExport
from profiles.actions import moderator_appoint
from profiles.models import Article, Profile, Skill, User
from reviews.models import Appeal, Report, Review
from services.models import Category, Engagement, Message, MessageReport, Service
from tests.profiles.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-new-passphrase-42"

# What moderation needs, and nothing more: no delete_*, no auth.* (groups, permissions).
MODERATOR_PERMISSIONS = {
    "profiles.view_user",
    "profiles.change_user",
    "profiles.view_profile",
    "profiles.change_profile",
    "profiles.view_skill",
    "profiles.view_article",
    "profiles.change_article",
    "services.view_category",
    "services.view_service",
    "services.change_service",
    "services.view_engagement",
    "services.view_message",
    "services.change_message",
    "services.view_messagereport",
    "services.change_messagereport",
    "reviews.view_review",
    "reviews.change_review",
    "reviews.view_report",
    "reviews.change_report",
    "reviews.view_appeal",
    "reviews.change_appeal",
    "admin.view_logentry",
    "marketplace.view_dataexport",
}

# Every model a moderator may list in the admin.
VIEWABLE = [
    User,
    Profile,
    Skill,
    Article,
    Category,
    Service,
    Engagement,
    Message,
    MessageReport,
    Review,
    Report,
    Appeal,
    DataExport,
]


@pytest.fixture
def mod(db):
    """A real moderator: staff in the Moderators group, not a superuser."""
    return moderator_appoint(
        user=UserFactory(email="mia@example.com", name="Mia Moderator", second_factor=True)
    )


@pytest.fixture
def mod_client(client, mod):
    client.force_login(mod)
    return client


@pytest.fixture
def root(db):
    return UserFactory(email="root@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def root_client(root):
    client = Client()
    client.force_login(root)
    return client


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _password_url(user):
    # Django's UserAdmin names this URL after auth.User, whatever the user model.
    return reverse("admin:auth_user_password_change", args=[user.pk])


def _offered_actions(response):
    form = response.context["action_form"]
    return [name for name, _label in form.fields["action"].choices] if form else []


def _power(user):
    """Everything that grants power, as stored."""
    user.refresh_from_db()
    return (
        user.is_staff,
        user.is_superuser,
        sorted(user.groups.values_list("name", flat=True)),
        sorted(user.user_permissions.values_list("codename", flat=True)),
    )


def _escalation(user, *, groups, permissions):
    """The change form a browser would send to make `user` an all-powerful superuser."""
    return {
        "email": user.email,
        "name": "Now in charge",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [group.pk for group in groups],
        "user_permissions": [permission.pk for permission in permissions],
    }


# --- Getting in -------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_the_sites_login(client):
    response = client.get(reverse("admin:index"), follow=True)

    assert response.redirect_chain[0] == (f"{reverse('admin:login')}?next=/admin/", 302)
    last_hop, _status = response.redirect_chain[-1]
    assert last_hop.startswith(f"{reverse('account_login')}?next=")
    assert response.status_code == 200
    assert response.templates[0].name == "account/login.html"


def test_a_signed_in_user_who_is_not_staff_is_refused_with_the_403_page(client, stranger):
    client.force_login(stranger)

    response = client.get(reverse("admin:index"), follow=True)

    assert response.redirect_chain == [(f"{reverse('admin:login')}?next=/admin/", 302)]
    assert response.status_code == 403
    page = response.content.decode()
    assert "You can’t do that" in page
    assert 'class="site-header"' in page
    assert "Waiting for you" not in page
    assert _url(Service, "changelist") not in page
    assert client.get(_url(Service, "changelist")).status_code == 302


def test_the_admin_login_never_takes_a_password(client, mod):
    response = client.post(reverse("admin:login"), {"username": mod.email, "password": "anything"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_the_admin_login_does_not_redirect_off_site(client, mod):
    client.force_login(mod)

    response = client.get(reverse("admin:login") + "?next=https://evil.example/")

    assert response["Location"] == reverse("admin:index")


def test_a_signed_in_user_cannot_guess_staff_passwords_past_the_sites_lockout(
    client, stranger, mod
):
    """The admin's sign-in shares allauth's limits: after 5 failures the right password no
    longer works, as on the site's login page (see tests/profiles/test_views_accounts)."""
    client.force_login(stranger)
    login = f"{reverse('admin:login')}?next=/admin/"
    for _ in range(6):
        client.post(login, {"username": mod.email, "password": "wrong"})

    client.post(login, {"username": mod.email, "password": DEFAULT_PASSWORD})

    assert client.get(reverse("home")).context["user"].pk != mod.pk


def test_a_moderator_reaches_the_admin_index_with_the_queues(mod_client):
    response = mod_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "Waiting for you" in response.content.decode()
    assert _url(Service, "changelist") in response.content.decode()


# --- The Moderators group ---------------------------------------------------------------


def test_the_moderators_group_has_exactly_the_moderation_permissions():
    group = Group.objects.get(name="Moderators")

    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }
    assert granted == MODERATOR_PERMISSIONS
    assert not any(name.split(".")[1].startswith(("delete_", "add_")) for name in granted)
    assert not any(name.startswith("auth.") for name in granted)


def test_an_appointed_moderator_holds_the_groups_permissions_and_no_more(mod):
    assert mod.is_staff
    assert not mod.is_superuser
    assert mod.get_all_permissions() == MODERATOR_PERMISSIONS


# --- No escalation ----------------------------------------------------------------------


@pytest.mark.parametrize("target", ["themselves", "someone else"])
def test_a_moderator_cannot_grant_power_through_the_user_form(mod_client, mod, stranger, target):
    user = mod if target == "themselves" else stranger
    before = _power(user)
    everything = Permission.objects.all()

    response = mod_client.post(
        _url(User, "change", user.pk),
        _escalation(user, groups=Group.objects.all(), permissions=everything),
    )

    assert response.status_code == 302
    assert _power(user) == before
    user.refresh_from_db()
    assert user.name != "Now in charge"
    assert Group.objects.get(name="Moderators").permissions.count() == len(MODERATOR_PERMISSIONS)


def test_the_user_form_shows_a_moderator_the_power_fields_read_only(mod_client, stranger):
    response = mod_client.get(_url(User, "change", stranger.pk))

    assert response.status_code == 200
    form = response.context["adminform"].form
    for field in ["email", "name", "is_active", "is_staff", "is_superuser", "groups"]:
        assert field not in form.fields
    assert "user_permissions" not in form.fields
    page = response.content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page


def test_a_moderator_cannot_set_another_users_password(mod_client, stranger):
    url = _password_url(stranger)

    assert mod_client.get(url).status_code == 403
    response = mod_client.post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    )

    assert response.status_code == 403
    stranger.refresh_from_db()
    assert stranger.check_password(DEFAULT_PASSWORD)


def test_a_moderator_cannot_delete_a_user(mod_client, stranger):
    url = _url(User, "delete", stranger.pk)

    assert mod_client.get(url).status_code == 403
    assert mod_client.post(url, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=stranger.pk).exists()


def test_a_moderator_cannot_add_a_user(mod_client):
    response = mod_client.post(
        _url(User, "add"),
        {
            "email": "new@example.com",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 403
    assert not User.objects.filter(email="new@example.com").exists()


def test_the_groups_admin_is_closed_to_a_moderator(mod_client):
    group = Group.objects.get(name="Moderators")

    assert mod_client.get(_url(Group, "changelist")).status_code == 403
    assert mod_client.get(_url(Group, "add")).status_code == 403
    assert mod_client.get(_url(Group, "change", group.pk)).status_code == 403
    response = mod_client.post(
        _url(Group, "change", group.pk),
        {
            "name": "Moderators",
            "permissions": list(Permission.objects.values_list("pk", flat=True)),
        },
    )

    assert response.status_code == 403
    assert group.permissions.count() == len(MODERATOR_PERMISSIONS)
    assert "auth" not in {app["app_label"] for app in _app_list(mod_client)}


def _app_list(client):
    return client.get(reverse("admin:index")).context["app_list"]


@pytest.mark.parametrize("model", VIEWABLE, ids=lambda model: model._meta.label)
def test_no_changelist_offers_a_moderator_delete_selected(mod_client, model):
    response = mod_client.get(_url(model, "changelist"))

    assert response.status_code == 200
    assert "delete_selected" not in _offered_actions(response)
    assert 'value="delete_selected"' not in response.content.decode()


def test_a_moderator_posting_delete_selected_deletes_nothing(mod_client, stranger):
    response = mod_client.post(
        _url(User, "changelist"),
        {
            "action": "delete_selected",
            "index": "0",
            "_selected_action": [stranger.pk],
            "post": "yes",
        },
    )

    assert response.status_code == 302
    assert User.objects.filter(pk=stranger.pk).exists()


def test_the_audit_trail_cannot_be_edited_or_deleted_by_a_moderator(mod_client, mod, stranger):
    record_decision(moderator=mod, obj=stranger, decision="Deactivated", reason="Spam.")
    entry = LogEntry.objects.get()

    assert mod_client.get(_url(LogEntry, "change", entry.pk)).status_code == 200
    assert (
        mod_client.post(_url(LogEntry, "change", entry.pk), {"change_message": "x"}).status_code
        == 403
    )
    assert mod_client.post(_url(LogEntry, "delete", entry.pk), {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.change_message == "Deactivated: Spam."


# --- A superuser can --------------------------------------------------------------------


def test_a_superuser_can_make_a_user_staff_and_a_moderator(root_client, stranger):
    moderators = Group.objects.get(name="Moderators")

    response = root_client.post(
        _url(User, "change", stranger.pk),
        {**_escalation(stranger, groups=[moderators], permissions=[]), "is_superuser": ""},
    )

    assert response.status_code == 302
    assert _power(stranger) == (True, False, ["Moderators"], [])
    assert stranger.name == "Now in charge"


def test_a_superuser_can_set_another_users_password(root_client, stranger):
    url = _password_url(stranger)

    assert root_client.get(url).status_code == 200
    response = root_client.post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    )

    assert response.status_code == 302
    stranger.refresh_from_db()
    assert stranger.check_password(NEW_PASSWORD)


def test_a_superuser_can_delete_a_user(root_client, stranger):
    url = _url(User, "delete", stranger.pk)

    assert root_client.get(url).status_code == 200
    response = root_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=stranger.pk).exists()


def test_a_superuser_reaches_the_groups_admin(root_client):
    group = Group.objects.get(name="Moderators")

    assert root_client.get(_url(Group, "changelist")).status_code == 200
    assert root_client.get(_url(Group, "change", group.pk)).status_code == 200
    assert "auth" in {app["app_label"] for app in _app_list(root_client)}


def test_a_superuser_is_offered_delete_selected(root_client):
    response = root_client.get(_url(User, "changelist"))

    assert "delete_selected" in _offered_actions(response)


def test_a_superuser_can_deactivate_a_moderator(root_client, mod):
    response = root_client.post(
        _url(User, "changelist"),
        {
            "action": "deactivate",
            "index": "0",
            "_selected_action": [mod.pk],
            "apply": "1",
            "reason": "Left the team.",
        },
    )

    assert response.status_code == 302
    mod.refresh_from_db()
    assert not mod.is_active
