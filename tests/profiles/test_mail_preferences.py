"""Mail preferences per kind (hire requests, messages, reviews and replies, product news):
each kind honours its switch, carries the unsubscribe link and the RFC 8058 headers; what is
always sent carries neither."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from profiles.actions import profile_suspend
from profiles.mail import MailKind, unsubscribe_token_read
from profiles.models import User
from reviews import actions as review_actions
from services import actions as service_actions
from tests.reviews.factories import ReviewFactory
from tests.services.factories import ServiceFactory, engagement_in

pytestmark = pytest.mark.django_db

SITE = "https://marketplace.example"


@pytest.fixture(autouse=True)
def _https_site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run an action as if its transaction committed (mail waits for the commit)."""

    def run(action, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(**kwargs)

    return run


def _switch_off(user, field):
    User.objects.filter(pk=user.pk).update(**{field: False})
    user.refresh_from_db()


# One mail of each kind that can be turned off: (kind, switch, who gets it, how it is sent).
def _hire(committed, freelancer, client_user):
    job = engagement_in("requested", service=ServiceFactory(freelancer=freelancer.profile))
    job.client = client_user
    job.save()
    committed(service_actions.engagement_accept, engagement=job, actor=freelancer)


def _message(committed, freelancer, client_user):
    job = engagement_in(
        "accepted", service=ServiceFactory(freelancer=freelancer.profile), client=client_user
    )
    committed(service_actions.message_send, engagement=job, author=freelancer, text="Hello.")


def _reply(committed, freelancer, client_user):
    review = ReviewFactory(
        engagement__service=ServiceFactory(freelancer=freelancer.profile),
        engagement__client=client_user,
    )
    committed(review_actions.review_reply, review=review, actor=freelancer, text="Thanks!")


def _review(committed, reviewer):
    """`reviewer` reviews a completed job of another freelancer, who gets the mail."""
    job = engagement_in("completed", client=reviewer)
    committed(
        review_actions.review_submit,
        engagement=job,
        author=reviewer,
        rating=5,
        communication=5,
        quality=5,
        value=5,
        text="Very good work.",
    )
    return job.freelancer.user


KINDS = [
    pytest.param(_hire, MailKind.HIRES, "hire_mail", id="hire requests"),
    pytest.param(_message, MailKind.MESSAGES, "message_mail", id="messages"),
    pytest.param(_reply, MailKind.REVIEWS, "review_mail", id="replies"),
]


@pytest.mark.parametrize(("send", "kind", "switch"), KINDS)
def test_each_kind_is_mailed_with_the_link_and_the_one_click_headers(
    send, kind, switch, committed, freelancer, client_user, mailoutbox
):
    send(committed, freelancer, client_user)

    [mail] = mailoutbox
    assert mail.to == [client_user.email]
    link = re.search(rf"{SITE}/mail/unsubscribe/(\S+)/", mail.body)
    assert link
    assert unsubscribe_token_read(link.group(1)) == (client_user.pk, kind)
    assert mail.extra_headers["List-Unsubscribe"] == f"<{link.group(0)}>"
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    message = mail.message()
    assert message["List-Unsubscribe"] == f"<{link.group(0)}>"


@pytest.mark.parametrize(("send", "kind", "switch"), KINDS)
def test_each_kind_turned_off_is_not_mailed(
    send, kind, switch, committed, freelancer, client_user, mailoutbox
):
    _switch_off(client_user, switch)

    send(committed, freelancer, client_user)

    assert mailoutbox == []


def test_a_review_mails_the_freelancer_unless_they_turned_reviews_off(
    committed, client_user, mailoutbox
):
    reviewed = _review(committed, client_user)
    [mail] = mailoutbox
    assert mail.to == [reviewed.email]
    token = re.search(r"/mail/unsubscribe/(\S+)/", mail.body).group(1)
    assert unsubscribe_token_read(token) == (reviewed.pk, MailKind.REVIEWS)
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    mailoutbox.clear()
    job = engagement_in("completed", client=client_user)
    _switch_off(job.freelancer.user, "review_mail")
    committed(
        review_actions.review_submit,
        engagement=job,
        author=client_user,
        rating=4,
        communication=4,
        quality=4,
        value=4,
        text="Good work.",
    )
    assert mailoutbox == []


def test_turning_off_one_kind_leaves_the_others(committed, freelancer, client_user, mailoutbox):
    _switch_off(client_user, "message_mail")

    _message(committed, freelancer, client_user)
    _hire(committed, freelancer, client_user)

    [mail] = mailoutbox
    assert "accepted your hire request" in mail.subject


def test_product_news_goes_only_to_those_who_opted_in(
    tmp_path, client_user, stranger, mailoutbox, django_capture_on_commit_callbacks
):
    assert User._meta.get_field("news_mail").default is False
    User.objects.filter(pk=client_user.pk).update(news_mail=True)
    body = tmp_path / "news.txt"
    body.write_text("Reviews now have their own pages.", encoding="utf-8")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_news", subject="What is new", body_file=body, stdout=StringIO())

    [mail] = mailoutbox
    assert mail.to == [client_user.email]
    assert mail.subject == "[Freelance Marketplace] What is new"
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = re.search(r"/mail/unsubscribe/(\S+)/", mail.body).group(1)
    assert unsubscribe_token_read(token) == (client_user.pk, MailKind.NEWS)


def test_decisions_about_ones_own_content_are_always_sent_without_a_link(
    committed, freelancer, moderator, mailoutbox
):
    User.objects.filter(pk=freelancer.pk).update(
        hire_mail=False, message_mail=False, review_mail=False, news_mail=False
    )

    committed(profile_suspend, profile=freelancer.profile, moderator=moderator, reason="Spam.")

    [mail] = mailoutbox
    assert mail.to == [freelancer.email]
    assert "List-Unsubscribe" not in mail.extra_headers
    assert "/mail/unsubscribe/" not in mail.body


def test_the_preferences_page_shows_and_saves_every_kind(client_user):
    client = Client()
    client.force_login(client_user)
    page = client.get(reverse("services:notifications")).content.decode()
    for field in ("hire_mail", "message_mail", "review_mail", "news_mail"):
        assert f'name="{field}"' in page
    assert "Always sent" in page

    response = client.post(
        reverse("services:notifications"), {"hire_mail": "on", "news_mail": "on"}
    )

    assert response.status_code == 302
    client_user.refresh_from_db()
    assert (
        client_user.hire_mail,
        client_user.message_mail,
        client_user.review_mail,
        client_user.news_mail,
    ) == (True, False, False, True)
