"""The delete page (password again, and the second factor's code for those who have one),
the policy page, and what the other party sees of a thread and a review afterwards."""

import pytest
from django.test import Client
from django.urls import reverse

from profiles.models import User
from services.models import Message
from tests.marketplace.account_deletion import leaver_with_everything
from tests.profiles.factories import DEFAULT_PASSWORD
from tests.profiles.second_factor import totp_code
from tests.services.threads import message_texts, thread_url

pytestmark = pytest.mark.django_db

DELETE_URL = "/dashboard/account/delete/"


@pytest.fixture
def dee(client_user, other_freelancer, moderator):
    return leaver_with_everything(
        client_user=client_user, other_freelancer=other_freelancer, moderator=moderator
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_delete_page_is_for_signed_in_users():
    response = Client().get(DELETE_URL)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_the_delete_page_asks_for_the_password_and_links_the_policy(
    client_user, django_assert_num_queries
):
    client = signed_in(client_user)
    with django_assert_num_queries(4):  # session, user, the header's unread count, authenticators
        page = client.get(DELETE_URL).content.decode()
    assert 'name="password"' in page
    assert 'name="code"' not in page
    assert reverse("accounts:deletion_policy") in page


def test_account_settings_link_to_the_delete_page_and_the_mail_choices(client_user):
    page = signed_in(client_user).get(reverse("profiles:account")).content.decode()
    assert DELETE_URL in page
    assert reverse("services:notifications") in page


def test_a_wrong_password_deletes_nothing(client_user):
    response = signed_in(client_user).post(DELETE_URL, {"password": "not-my-password"})

    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    client_user.refresh_from_db()
    assert client_user.deleted_at is None


def test_the_right_password_deletes_the_account_and_signs_out(dee):
    client = signed_in(dee.user)

    response = client.post(DELETE_URL, {"password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("accounts:deleted")
    assert User.objects.get(pk=dee.user.pk).deleted_at is not None
    assert "_auth_user_id" not in client.session
    assert "Your account is deleted" in client.get(response.url).content.decode()


def test_with_an_authenticator_app_the_code_is_asked_too(moderator):
    client = signed_in(moderator)
    assert 'name="code"' in client.get(DELETE_URL).content.decode()

    refused = client.post(DELETE_URL, {"password": DEFAULT_PASSWORD, "code": "000000"})
    assert refused.status_code == 200
    assert "That code is not right." in refused.content.decode()
    moderator.refresh_from_db()
    assert moderator.deleted_at is None

    done = client.post(DELETE_URL, {"password": DEFAULT_PASSWORD, "code": totp_code()})
    assert done.status_code == 302
    moderator.refresh_from_db()
    assert moderator.deleted_at is not None


def test_the_policy_page_is_public_and_linked_from_the_footer(django_assert_num_queries):
    client = Client()
    with django_assert_num_queries(0):
        page = client.get(reverse("accounts:deletion_policy")).content.decode()
    assert "Former client" in page
    assert "Former member" in page
    home = client.get("/").content.decode()
    assert reverse("accounts:deletion_policy") in home


def test_the_other_party_still_reads_the_thread_under_former_member(dee, client_user):
    signed_in(dee.user).post(DELETE_URL, {"password": DEFAULT_PASSWORD})
    casey = signed_in(client_user)

    response = casey.get(thread_url(dee.done_job))

    assert response.status_code == 200
    page = response.content.decode()
    texts = " ".join(message_texts(response))
    assert "Draft attached." in texts
    assert "Notes attached." in texts
    assert "Former member" in page
    assert "Dee Departing" not in page
    assert "draft.txt" not in page  # her file went with the account
    assert "notes.txt" in page  # Casey's own stays
    assert "deleted their account, so this conversation takes no more messages" in page
    assert 'name="text"' not in page
    assert "/services/deleted--" not in page  # no link to the removed service


def test_writing_to_a_former_member_is_refused_with_the_form_not_a_500(dee, client_user):
    signed_in(dee.user).post(DELETE_URL, {"password": DEFAULT_PASSWORD})
    before = Message.objects.count()

    response = signed_in(client_user).post(thread_url(dee.done_job), {"text": "Are you there?"})

    assert response.status_code in (200, 302)
    assert Message.objects.count() == before


def test_the_hire_request_page_names_the_removed_service_without_links(dee, client_user):
    signed_in(dee.user).post(DELETE_URL, {"password": DEFAULT_PASSWORD})

    page = signed_in(client_user).get(dee.open_hire.get_absolute_url()).content.decode()

    assert "Removed service" in page
    assert "Former member" in page
    assert "Cancelled" in page
    assert "/freelancers/deleted--" not in page


def test_the_review_she_wrote_shows_as_by_a_former_client(dee, other_freelancer):
    signed_in(dee.user).post(DELETE_URL, {"password": DEFAULT_PASSWORD})

    for url in (
        dee.review_written.service.get_absolute_url(),
        other_freelancer.profile.get_absolute_url(),
    ):
        page = Client().get(url).content.decode()
        assert "Late and careless with the terms." in page
        assert "Former client" in page
        assert "Dee Departing" not in page


def test_her_profile_and_services_are_gone_from_public_pages(dee):
    profile_url = dee.profile.get_absolute_url()
    service_url = dee.hired_service.get_absolute_url()
    signed_in(dee.user).post(DELETE_URL, {"password": DEFAULT_PASSWORD})
    client = Client()

    assert client.get(profile_url).status_code == 404
    assert client.get(service_url).status_code == 404
    assert client.get(f"/freelancers/deleted--{dee.profile.pk}/").status_code == 404
    assert "Dee edits copy" not in client.get("/services/").content.decode()
    assert "Former member" not in client.get("/freelancers/").content.decode()


def test_the_reviewed_freelancer_sees_a_former_client_and_can_still_reply(dee, other_freelancer):
    signed_in(dee.user).post(DELETE_URL, {"password": DEFAULT_PASSWORD})
    olga = signed_in(other_freelancer)

    dashboard = olga.get(reverse("reviews:dashboard")).content.decode()
    assert "Former client" in dashboard
    assert "Dee Departing" not in dashboard
    reply_url = reverse("reviews:reply", args=[dee.review_written.pk])
    assert "Reply to Former client" in olga.get(reply_url).content.decode()
    response = olga.post(reply_url, {"reply": "Sorry to hear it; the terms were agreed."})
    assert response.status_code == 302


def test_guessing_the_password_on_the_delete_page_is_rate_limited(client_user):
    client = signed_in(client_user)
    answers = [client.post(DELETE_URL, {"password": f"guess-{n}"}).status_code for n in range(11)]

    assert answers == [200] * 10 + [429]
    assert "Too many" in client.post(DELETE_URL, {"password": DEFAULT_PASSWORD}).content.decode()
    client_user.refresh_from_db()
    assert client_user.deleted_at is None
