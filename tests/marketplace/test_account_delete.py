"""Deleting an account: every kind of row the user had goes or stays as the policy says,
their files go after commit, sign-in fails and the address can sign up again."""

from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import DELETION, LogEntry
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.test import Client

from common.models import Submission
from marketplace.accounts.actions import account_delete
from marketplace.models import DataExport
from profiles.actions import profile_suspend, user_deactivate
from profiles.models import Article, Profile, User
from reviews.actions import profile_report, review_report, service_report
from reviews.models import Appeal, Report, Review
from services.actions import engagement_request, message_send
from services.models import Engagement, Message, MessageAttachment, Service, ThreadRead
from tests.marketplace.account_deletion import leaver_with_everything, log_names
from tests.marketplace.exports import build
from tests.profiles.factories import DEFAULT_PASSWORD
from tests.services.factories import ServiceFactory, engagement_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def dee(client_user, other_freelancer, moderator):
    return leaver_with_everything(
        client_user=client_user, other_freelancer=other_freelancer, moderator=moderator
    )


@pytest.fixture
def delete(django_capture_on_commit_callbacks):
    """Delete as if the transaction committed: files and mail go after commit."""

    def delete(user):
        with django_capture_on_commit_callbacks(execute=True):
            return account_delete(user=user)

    return delete


def test_the_account_is_emptied_and_kept_as_a_tombstone(dee, delete):
    delete(dee.user)

    user = User.objects.get(pk=dee.user.pk)
    assert user.email == f"deleted-{user.pk}@deleted.invalid"
    assert user.name == ""
    assert not user.has_usable_password()
    assert not user.is_active
    assert user.deleted_at is not None
    assert user.display_name == "Former member"
    assert [user.hire_mail, user.message_mail, user.review_mail, user.news_mail] == [False] * 4
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Submission.objects.filter(user=user).exists()
    assert not ThreadRead.objects.filter(user=user).exists()


def test_profile_services_articles_and_reviews_received_are_removed(dee, delete):
    summary = delete(dee.user)

    profile = Profile.objects.get(pk=dee.profile.pk)
    assert profile.status == Profile.Status.DELETED
    assert profile.display_name == "Former member"
    assert profile.slug == f"deleted--{profile.pk}"
    assert (profile.headline, profile.about, profile.hourly_rate) == ("", "", None)
    assert [profile.avatar.name, profile.banner.name, profile.resume.name] == [""] * 3
    assert not profile.skills.exists()
    assert not Service.objects.filter(pk=dee.unhired_service.pk).exists()
    hired = Service.objects.get(pk=dee.hired_service.pk)  # the hire requests name it
    assert (hired.title, hired.description, hired.status) == ("Removed service", "", "deleted")
    assert not hired.banner
    assert not Article.objects.filter(pk=dee.article.pk).exists()
    assert not Review.objects.filter(pk=dee.review_received.pk).exists()
    assert (summary.services_deleted, summary.services_emptied) == (1, 1)
    assert (summary.articles, summary.reviews_received) == (1, 1)


def test_every_file_of_hers_is_deleted_after_commit_and_nobody_elses(dee, delete):
    public, private = storages["default"], storages["private"]
    assert all(public.exists(name) for name in dee.files)
    casey_file = MessageAttachment.objects.get(message=dee.casey_message).file.name

    delete(dee.user)

    assert not any(public.exists(name) for name in dee.files)
    assert not any(private.exists(name) for name in dee.private_files)
    assert not MessageAttachment.objects.filter(message=dee.message_to_casey).exists()
    assert private.exists(casey_file)


def test_files_stay_when_the_deletion_rolls_back(dee, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        account_delete(user=dee.user)
    # Not run: as on a rollback, which never runs on_commit callbacks.
    assert callbacks
    assert all(storages["default"].exists(name) for name in dee.files)


def test_reviews_she_wrote_and_her_messages_stay_under_former_names(dee, delete):
    delete(dee.user)

    review = Review.objects.select_related("author").get(pk=dee.review_written.pk)
    assert review.text == "Late and careless with the terms."
    assert review.author_name == "Former client"
    message = Message.objects.select_related("author").get(pk=dee.message_to_casey.pk)
    assert message.text == "Draft attached."
    assert message.author.display_name == "Former member"
    assert Message.objects.filter(pk=dee.casey_message.pk).exists()


def test_ratings_stay_right(dee, delete, other_freelancer):
    olga = other_freelancer.profile
    olga.refresh_from_db()
    before = (olga.rating_average, olga.review_count)

    delete(dee.user)

    olga.refresh_from_db()
    assert (olga.rating_average, olga.review_count) == before == (Decimal("2.00"), 1)
    service = Service.objects.get(pk=dee.review_written.service_id)
    assert (service.rating_average, service.review_count) == (Decimal("2.00"), 1)
    hired = Service.objects.get(pk=dee.hired_service.pk)
    assert (hired.rating_average, hired.review_count) == (0, 0)


def test_hire_requests_under_way_are_cancelled_and_the_other_party_told(
    dee, delete, mailoutbox, client_user, other_freelancer
):
    delete(dee.user)

    for engagement in (dee.open_hire, dee.accepted_as_client):
        engagement.refresh_from_db()
        assert engagement.status == Engagement.Status.CANCELLED
        assert engagement.closed_at is not None
    dee.done_job.refresh_from_db()
    assert dee.done_job.status == Engagement.Status.COMPLETED  # finished jobs stay as they were
    told = {tuple(mail.to): mail for mail in mailoutbox}
    assert set(told) == {("casey@example.com",), ("olga@example.com",)}
    casey_mail = told[("casey@example.com",)]
    assert casey_mail.subject == (
        "[Freelance Marketplace] Dee Departing deleted their account: hire request cancelled"
    )
    assert "is cancelled" in casey_mail.body
    assert casey_mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # In the site too: the thread is unread in their inboxes.
    assert ThreadRead.objects.get(engagement=dee.open_hire, user=client_user).unread_since
    assert ThreadRead.objects.get(
        engagement=dee.accepted_as_client, user=other_freelancer
    ).unread_since


def test_reports_and_appeals_she_wrote_or_that_were_about_her_go(dee, delete):
    delete(dee.user)

    assert not Report.objects.filter(reporter=dee.user).exists()
    assert not Report.objects.filter(profile=dee.profile).exists()
    assert not Appeal.objects.exists()
    # A report by someone else on a review she wrote stays: the review stays.
    assert Report.objects.filter(review=dee.review_written).exists()


def test_the_admin_log_records_the_deletion_without_her_content(dee, delete):
    delete(dee.user)

    entry = LogEntry.objects.get(action_flag=DELETION)
    assert entry.user_id == dee.user.pk
    assert entry.object_repr == f"Account {dee.user.pk}"
    assert "1 services deleted and 1 emptied" in entry.change_message
    text = " ".join(log_names(dee))
    for personal in ("dee@example.com", "Dee Departing", "Dee proofreads", "Dee edits copy"):
        assert personal not in text
    assert "Suspended: Spam." in text  # the decisions themselves stay


def test_signing_in_afterwards_fails(dee, delete):
    delete(dee.user)

    client = Client()
    response = client.post(
        "/accounts/login/", {"login": "dee@example.com", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in client.session
    assert client.login(email=f"deleted-{dee.user.pk}@deleted.invalid", password="") is False


def test_an_open_session_of_the_account_is_signed_out(dee, delete):
    client = Client()
    client.force_login(dee.user)
    assert client.get("/dashboard/").status_code == 200

    delete(dee.user)

    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_the_address_can_sign_up_again_as_a_new_account(dee, delete, mailoutbox):
    delete(dee.user)

    response = Client().post(
        "/accounts/signup/",
        {
            "name": "Dee Again",
            "email": "dee@example.com",
            "password1": "another-long-passphrase-9",
            "password2": "another-long-passphrase-9",
        },
    )
    assert response.status_code == 302
    fresh = User.objects.get(email="dee@example.com")
    assert fresh.pk != dee.user.pk
    assert fresh.deleted_at is None
    assert not Profile.objects.filter(user=fresh).exists()


def test_staff_sign_in_means_go_too(moderator, delete):
    assert Authenticator.objects.filter(user=moderator).exists()

    delete(moderator)

    moderator.refresh_from_db()
    assert (moderator.is_staff, moderator.is_superuser) == (False, False)
    assert not Authenticator.objects.filter(user=moderator).exists()


def test_a_second_deletion_is_refused(dee, delete):
    delete(dee.user)
    with pytest.raises(ValidationError):
        account_delete(user=dee.user)


def test_a_client_without_a_profile_is_deleted_too(client_user, delete, freelancer):
    hire = engagement_in(
        "requested", service=ServiceFactory(freelancer=freelancer.profile), client=client_user
    )
    summary = delete(client_user)

    assert summary.hires_cancelled == 1
    hire.refresh_from_db()
    assert hire.client.display_name == "Former member"


def test_staff_cannot_suspend_or_deactivate_a_deleted_account(dee, delete, moderator):
    delete(dee.user)

    with pytest.raises(ValidationError):
        profile_suspend(profile=dee.profile, moderator=moderator, reason="Spam.")
    with pytest.raises(ValidationError):
        user_deactivate(user=dee.user, moderator=moderator, reason="Spam.")
    assert Profile.objects.get(pk=dee.profile.pk).status == Profile.Status.DELETED


def test_reporting_what_went_with_the_account_is_refused(dee, delete, stranger):
    delete(dee.user)

    for report, target in (
        (profile_report, {"profile": dee.profile}),
        (service_report, {"service": dee.unhired_service}),  # gone
        (service_report, {"service": dee.hired_service}),  # kept, emptied
        (review_report, {"review": dee.review_received}),  # gone
    ):
        with pytest.raises(ValidationError, match="no longer on the site"):
            report(**target, reporter=stranger, reason="Looks fake to me.")


def test_the_leaver_cannot_hire_or_write_from_another_tab_afterwards(dee, delete, freelancer):
    service = ServiceFactory(freelancer=freelancer.profile)
    delete(dee.user)

    with pytest.raises(ValidationError, match="This account is deleted"):
        engagement_request(service=service, client=dee.user, message="One more job?")
    with pytest.raises(ValidationError, match="This account is deleted"):
        message_send(engagement=dee.done_job, author=dee.user, text="Still here?")


def test_her_data_exports_go_with_their_archives(dee, delete, django_capture_on_commit_callbacks):
    export = build(dee.user, django_capture_on_commit_callbacks)
    archive = export.file.name
    assert storages["private"].exists(archive)

    delete(dee.user)

    assert not DataExport.objects.filter(user=dee.user).exists()
    assert not storages["private"].exists(archive)
