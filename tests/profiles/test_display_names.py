"""A user is shown by the name they chose, never by any part of their email address:
sign-up asks for the name, the account page changes it, and accounts from before sign-up
asked are shown as "Member"."""

import pytest
from django.core import mail
from django.urls import reverse

from profiles.models import User
from services import actions as service_actions
from tests.profiles.factories import UserFactory
from tests.reviews.factories import review_publish
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-new-passphrase-42"
# Both halves are unusual words, so finding either on a page means the address leaked.
UNNAMED_EMAIL = "quietkimura@zephyrmail.example"


def _leaks_the_address(text: str) -> bool:
    return "quietkimura" in text or "zephyrmail" in text


@pytest.fixture
def unnamed(db):
    """An account from before sign-up asked for a name."""
    return UserFactory(email=UNNAMED_EMAIL, name="")


def test_a_review_by_an_unnamed_author_shows_member_and_no_part_of_the_address(
    client, freelancer, unnamed
):
    service = ServiceFactory(freelancer=freelancer.profile, title="Election coverage")
    review_publish(service=service, client=unnamed, text="Sharp, fast and careful.")

    for url in (service.get_absolute_url(), freelancer.profile.get_absolute_url()):
        page = client.get(url).content.decode()

        assert "Sharp, fast and careful." in page
        assert "Member" in page
        assert not _leaks_the_address(page), url


def test_an_unnamed_client_is_member_in_the_freelancers_hire_request_mail(
    django_capture_on_commit_callbacks, freelancer, unnamed
):
    service = ServiceFactory(freelancer=freelancer.profile, title="Election coverage")

    with django_capture_on_commit_callbacks(execute=True):
        service_actions.engagement_request(
            service=service, client=unnamed, message="Can you cover the count?"
        )

    [sent] = mail.outbox
    assert sent.to == [freelancer.email]
    assert "Member wants to hire you" in sent.body
    assert not _leaks_the_address(sent.subject + sent.body)


def test_the_header_shows_the_signed_in_users_name_or_member(client, unnamed):
    client.force_login(unnamed)

    page = client.get(reverse("home")).content.decode()

    assert "<summary>Member</summary>" in page
    assert not _leaks_the_address(page.split("<main", 1)[0])


def test_sign_up_requires_a_display_name(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "nameless@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert not User.objects.filter(email="nameless@example.com").exists()


def test_sign_up_asks_for_the_name_first_and_stores_it(client):
    form = client.get(reverse("account_signup")).context["form"]
    assert list(form.fields)[:2] == ["name", "email"]

    response = client.post(
        reverse("account_signup"),
        {
            "name": "  Nova Newcomer ",
            "email": "nova@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302
    assert User.objects.get(email="nova@example.com").name == "Nova Newcomer"


def test_a_name_with_an_at_sign_is_refused_at_sign_up(client):
    response = client.post(
        reverse("account_signup"),
        {
            "name": "nova@example.com",
            "email": "nova@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert "name" in response.context["form"].errors
    assert not User.objects.exists()


def test_the_account_page_changes_the_name_others_see(client, unnamed, freelancer):
    service = ServiceFactory(freelancer=freelancer.profile)
    review_publish(service=service, client=unnamed, text="Sharp, fast and careful.")
    client.force_login(unnamed)
    url = reverse("profiles:account")

    page = client.get(url)
    assert page.status_code == 200
    assert b'class="site-header"' in page.content

    response = client.post(url, {"name": "Kim Kimura"})

    assert response.status_code == 302
    unnamed.refresh_from_db()
    assert unnamed.name == "Kim Kimura"
    client.logout()
    assert "Kim Kimura" in client.get(service.get_absolute_url()).content.decode()


@pytest.mark.parametrize("name", ["", "kim@zephyrmail.example", "x" * 151])
def test_the_account_page_refuses_a_bad_name_next_to_the_field(client, unnamed, name):
    client.force_login(unnamed)

    response = client.post(reverse("profiles:account"), {"name": name})

    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert b'class="field field--error"' in response.content
    unnamed.refresh_from_db()
    assert unnamed.name == ""


def test_the_account_page_is_for_signed_in_users_only(client):
    response = client.get(reverse("profiles:account"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
