"""The unsubscribe link: GET asks to confirm, POST turns that kind off, with no session and
no CSRF token (RFC 8058 one-click); a token the site did not sign is the 404 page."""

import pytest
from django.core import signing
from django.test import Client

from profiles.mail import MailKind, unsubscribe_token, unsubscribe_url
from profiles.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_client():
    """A mail client: no cookies, and Django's CSRF checks on as for a browser."""
    return Client(enforce_csrf_checks=True)


def switches(user) -> dict[str, bool]:
    user = User.objects.get(pk=user.pk)
    return {
        "hire_mail": user.hire_mail,
        "message_mail": user.message_mail,
        "review_mail": user.review_mail,
        "news_mail": user.news_mail,
    }


def test_get_shows_a_confirm_page_and_changes_nothing(client_user, mail_client):
    before = switches(client_user)

    response = mail_client.get(unsubscribe_url(user=client_user, kind=MailKind.MESSAGES))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Stop mail about new messages?" in page
    assert '<form method="post"' in page
    assert switches(client_user) == before


def test_one_click_post_without_session_or_csrf_turns_that_kind_off(client_user, mail_client):
    url = unsubscribe_url(user=client_user, kind=MailKind.HIRES)

    response = mail_client.post(
        url,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert "no more mail about hire requests" in response.content.decode()
    assert switches(client_user) == {
        "hire_mail": False,
        "message_mail": True,
        "review_mail": True,
        "news_mail": False,
    }


@pytest.mark.parametrize("kind", list(MailKind))
def test_each_kind_has_its_own_link(kind, client_user, mail_client):
    User.objects.filter(pk=client_user.pk).update(news_mail=True)

    mail_client.post(unsubscribe_url(user=client_user, kind=kind))

    off = [name for name, on in switches(client_user).items() if not on]
    expected = {
        "hires": "hire_mail",
        "messages": "message_mail",
        "reviews": "review_mail",
        "news": "news_mail",
    }
    assert off == [expected[kind]]


def test_posting_twice_is_harmless(client_user, mail_client):
    url = unsubscribe_url(user=client_user, kind=MailKind.REVIEWS)
    assert mail_client.post(url).status_code == 200
    assert mail_client.post(url).status_code == 200
    assert switches(client_user)["review_mail"] is False


def _tampered(token: str) -> str:
    value, signature = token.rsplit(":", 1)
    return f"{value}:{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(_tampered, id="tampered signature"),
        pytest.param(
            lambda token: signing.dumps({"u": 1, "k": "hires"}, salt="other"), id="other salt"
        ),
        pytest.param(
            lambda token: signing.dumps({"u": 1, "k": "hires"}, key="x" * 50, salt="x"),
            id="other key",
        ),
        pytest.param(lambda token: token[:-3], id="truncated"),
        pytest.param(lambda token: "not-a-token", id="garbage"),
        pytest.param(lambda token: "x" * 500, id="very long"),
        pytest.param(
            lambda token: signing.dumps(
                {"u": 1, "k": "security"}, salt="profiles.mail.unsubscribe"
            ),
            id="unknown kind",
        ),
    ],
)
def test_a_token_the_site_did_not_make_is_a_404_and_changes_nothing(
    forge, client_user, mail_client
):
    token = forge(unsubscribe_token(user=client_user, kind=MailKind.MESSAGES))
    before = switches(client_user)

    for method in (mail_client.get, mail_client.post):
        response = method(f"/mail/unsubscribe/{token}/")
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()
    assert switches(client_user) == before


def test_another_users_id_cannot_be_swapped_into_a_token(client_user, stranger, mail_client):
    token = unsubscribe_token(user=client_user, kind=MailKind.MESSAGES)
    _value, signature = token.split(":", 1)
    other = signing.dumps({"u": stranger.pk, "k": "messages"}, salt="profiles.mail.unsubscribe")
    swapped = other.split(":", 1)[0] + ":" + signature

    assert mail_client.post(f"/mail/unsubscribe/{swapped}/").status_code == 404
    assert switches(stranger)["message_mail"] is True


def test_a_deleted_accounts_link_is_a_404(client_user, mail_client):
    url = unsubscribe_url(user=client_user, kind=MailKind.MESSAGES)
    User.objects.filter(pk=client_user.pk).update(deleted_at="2026-01-01T00:00:00Z")

    assert mail_client.get(url).status_code == 404
    assert mail_client.post(url).status_code == 404


def test_the_confirm_page_reads_one_row(client_user, mail_client, django_assert_num_queries):
    url = unsubscribe_url(user=client_user, kind=MailKind.NEWS)
    with django_assert_num_queries(1):  # the user named by the token
        assert mail_client.get(url).status_code == 200
