"""What the service and profile pages say about their reviews: each review's label states
only what the site knows about the job, and "How this rating is computed" shows the figures
behind the rating, hidden reviews counted by category without their reasons."""

import datetime
import re

import pytest

from reviews import actions
from services.models import Engagement
from tests.reviews.pages import dated_review, visible_text
from tests.services.threads import MessageFactory

pytestmark = pytest.mark.django_db

PAGES = ["service", "profile"]


def _url(which, service):
    return (
        service.get_absolute_url() if which == "service" else service.freelancer.get_absolute_url()
    )


def _reputation(html) -> str:
    match = re.search(r'<details class="reputation">.*?</details>', html, re.S)
    assert match, "the page has no reputation section"
    return match.group(0)


def _job_dates(review, *, requested, completed):
    Engagement.objects.filter(pk=review.engagement_id).update(
        created_at=datetime.datetime(2025, *requested, 9, tzinfo=datetime.UTC),
        completed_at=datetime.datetime(2025, *completed, 17, tzinfo=datetime.UTC),
    )


@pytest.mark.parametrize("which", PAGES)
def test_a_reviews_label_says_it_was_hired_here_with_the_jobs_dates(client, service, which):
    review = dated_review(service, rating=5, name="Ana Adams", day=3)
    _job_dates(review, requested=(5, 3), completed=(5, 20))

    text = visible_text(client.get(_url(which, service)).content.decode())

    assert "Hired through the marketplace · requested 3 May 2025, completed 20 May 2025" in text
    assert "messages" not in text  # no thread count until the threads give one
    assert "Verified" not in text
    assert "identity" not in text.lower()


def test_a_reviews_label_gives_the_message_count_the_thread_provides(client, service):
    review = dated_review(service, rating=5, name="Ana Adams", day=3)
    _job_dates(review, requested=(5, 3), completed=(5, 20))
    MessageFactory.create_batch(14, engagement=review.engagement, author=review.author)

    text = visible_text(client.get(service.get_absolute_url()).content.decode())

    assert (
        "Hired through the marketplace · requested 3 May 2025, completed 20 May 2025 · 14 messages"
    ) in text


@pytest.mark.parametrize("which", PAGES)
def test_how_this_rating_is_computed_shows_the_figures_behind_it(
    client, service, moderator, which
):
    dated_review(service, rating=5, name="Ana Adams", day=3)
    dated_review(service, rating=4, name="Ben Brown", day=9)
    dated_review(service, rating=2, name="Cleo Cruz", day=12)
    spam = dated_review(service, rating=1, name="Spammer", day=14)
    actions.review_hide(
        review=spam, moderator=moderator, reason="Links to a casino.", category="spam"
    )

    html = _reputation(client.get(_url(which, service)).content.decode())
    text = visible_text(html)

    assert text.startswith("How this rating is computed")
    assert "plain mean of 3 visible reviews from 3 distinct clients: 3.67 out of 5" in text
    assert "Communication 3.7 out of 5" in text
    assert "Reviews from 3 Mar 2025 to 12 Mar 2025" in text
    assert "Hidden by staff 1, not counted: spam 1" in text
    assert "casino" not in text


def test_the_reason_a_review_was_hidden_never_reaches_the_public_page(client, service, moderator):
    dated_review(service, rating=5, name="Ana Adams", day=3)
    hidden = dated_review(service, rating=1, name="Rival", day=4)
    actions.review_hide(
        review=hidden,
        moderator=moderator,
        reason="The reviewer runs a competing agency.",
        category="conflict",
    )

    html = client.get(service.get_absolute_url()).content.decode()

    assert "competing agency" not in html
    assert "conflict of interest 1" in visible_text(_reputation(html))


def test_the_section_links_to_how_it_works(client, service):
    dated_review(service, rating=5, name="Ana Adams", day=3)

    html = _reputation(client.get(service.get_absolute_url()).content.decode())

    assert 'href="/how-it-works/"' in html
