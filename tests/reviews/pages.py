"""What the review page tests share: a good review text, reviews dated as a test needs them,
and what they read off pages: visible text, a field's block, a login URL."""

import datetime
import re
from html import unescape
from urllib.parse import quote

from django.urls import reverse

from reviews import actions
from reviews.models import Review
from tests.profiles.factories import UserFactory
from tests.reviews.factories import review_publish

GOOD_TEXT = "Careful research, clean copy, delivered a day early."


def visible_text(html):
    """The page's visible text, tags removed and white space folded."""
    html = re.sub(r"<(script|style|head)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def field_block(response, label) -> str:
    """The HTML of the one form field labelled `label`, its errors included."""
    html = response.content.decode()
    blocks = re.split(r'<div class="field(?: field--error)?">', html)[1:]
    found = [block for block in blocks if f">{label}</" in block]
    assert len(found) == 1, f"no single field labelled {label!r}"
    return found[0]


def login_url(url):
    return f"{reverse('account_login')}?next={quote(url)}"


def dated_review(service, *, rating, name, day, text=None, reply=None):
    """A review by a client called `name` on March `day`, 2025 at noon, through the actions
    (the rows' review figures recounted after the date is set, as if written that day)."""
    review = review_publish(
        service=service,
        client=UserFactory(name=name),
        rating=rating,
        text=text or f"{name} says: a {rating}-star job, on time and well sourced.",
    )
    when = datetime.datetime(2025, 3, day, 12, tzinfo=datetime.UTC)
    Review.objects.filter(pk=review.pk).update(created_at=when)
    actions.ratings_recompute_all()
    if reply:
        actions.review_reply(review=review, actor=service.freelancer.user, text=reply)
        Review.objects.filter(pk=review.pk).update(replied_at=when + datetime.timedelta(days=1))
    return review
