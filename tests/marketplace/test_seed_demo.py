"""The demo data: loaded through the actions, without mail, with its moderation queue,
and dated as a marketplace in use (marketplace/demo/history.py)."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import Count, Min, Q
from django.utils import timezone

from marketplace.demo.data import SUSPECT
from profiles.models import Article, User
from reviews.actions import ratings_recompute_all
from reviews.models import Review
from reviews.selectors import reviews_with_signals, signals_of
from services.models import (
    Engagement,
    Message,
    MessageAttachment,
    MessageReport,
    Service,
    ThreadRead,
)
from services.thread_models import thread_is_read_only

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings, django_capture_on_commit_callbacks):
    # Pre-moderation off for the site: the demo's queue is built by argument, not setting.
    # scale=0: the hand-written core only; test_demo_shape covers the generated crowd.
    settings.SERVICES_PREMODERATION = False
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("seed_demo", scale=0, stdout=io.StringIO())
    return callbacks


def test_the_demo_sends_no_mail(seeded):
    assert mail.outbox == []


def test_the_demo_leaves_services_waiting_for_review_whatever_the_setting(seeded):
    pending = Service.objects.filter(status=Service.Status.PENDING)

    assert sorted(pending.values_list("title", flat=True)) == [
        "Copy editing for newsletters",
        "Fact-checking for long reads",
    ]
    assert Service.objects.filter(status=Service.Status.PUBLISHED).count() == 6


def test_the_demo_has_threads_in_every_state_with_replies_and_an_attachment(seeded):
    threads = Engagement.objects.annotate(messages=Count("thread_messages"))

    assert {e.status for e in threads if e.messages} == set(Engagement.Status.values) - {
        "delivered"
    }
    assert MessageAttachment.objects.count() == 1
    assert Message.objects.filter(has_contact_details=True).exists()
    assert ThreadRead.objects.filter(unread_since__isnull=False).exists()
    assert MessageReport.objects.filter(status=MessageReport.Status.OPEN).count() == 1
    read_only = [e for e in threads if thread_is_read_only(e)]
    assert len(read_only) == 1
    # Each thread's messages come after its request, in order.
    for engagement in threads:
        times = list(engagement.thread_messages.values_list("created_at", flat=True))
        assert times == sorted(times)
        assert all(when > engagement.created_at for when in times)


def test_every_review_is_written_after_its_job_and_replied_to_after_that(seeded):
    now = timezone.now()
    reviews = list(Review.objects.select_related("engagement"))

    for review in reviews:
        assert review.engagement.completed_at < review.created_at < now
        assert review.updated_at == (review.replied_at or review.created_at)
        if review.reply:
            assert review.created_at < review.replied_at <= now
    assert len({review.created_at.date() for review in reviews}) > 1
    # The stored figures (first and latest review dates among them) follow the dates.
    assert ratings_recompute_all() == []


def test_every_job_moves_forward_in_time(seeded):
    for engagement in Engagement.objects.exclude(accepted_at=None):
        steps = [engagement.created_at, engagement.accepted_at]
        steps += [when for when in (engagement.delivered_at, engagement.completed_at) if when]
        assert steps == sorted(steps)
        assert steps[-1] < timezone.now()


def test_everyone_joined_before_their_first_hire_request(seeded):
    for user in User.objects.all():
        hires = Engagement.objects.filter(Q(client=user) | Q(freelancer__user=user))
        first = hires.aggregate(first=Min("created_at"))["first"] or timezone.now()
        assert user.date_joined < first - timedelta(days=7), user.email


def test_articles_are_dated_after_their_authors_joined(seeded):
    articles = list(Article.objects.select_related("profile__user"))

    for article in articles:
        assert article.profile.user.date_joined < article.published_at < timezone.now()
    assert len({article.published_at.date() for article in articles}) > 1


def test_only_the_made_up_review_waits_in_reviews_to_check(seeded):
    flagged = {
        review.author.email: {signal.code for signal in signals_of(review)}
        for review in reviews_with_signals().select_related("author")
        if signals_of(review)
    }

    assert flagged == {SUSPECT[0]: {"quick_job", "no_messages", "only_freelancer"}}
