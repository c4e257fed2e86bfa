"""The demo's past. It is loaded in one go, so everything it makes is dated "now" until
moved: each hire request goes back to its own day as it is made (threads.into_the_past),
and once the load is done the rest is dated to match:

- each review a few hours to two days after its job was completed, a reply half a day to
  a day and a half after the review;
- each person joined one month to two years before their first hire request, sent or
  received (or before now);
- each article between its author's joining and now.

Without it every review would carry the same day, and the staff's "Reviews to check"
would flag every demo review, its reviewer having joined after the hire. The offsets
follow the rows' order, so the demo loads the same every time (up to the day of loading).
"""

from datetime import datetime, timedelta

from django.db.models import Min
from django.utils import timezone

from profiles.models import Article, User
from reviews import actions as review_actions
from reviews.models import Review
from services.models import Engagement


def history_load() -> None:
    now = timezone.now()
    _reviews_after_their_jobs(now)
    joined = _people_joined_before_their_hires(now)
    _articles_since_their_authors_joined(now, joined)
    # The review figures hold the first and latest review dates.
    review_actions.ratings_recompute_all()


def _reviews_after_their_jobs(now: datetime) -> None:
    reviews = Review.objects.select_related("engagement").order_by("pk")
    for n, review in enumerate(reviews):
        written = min(
            review.engagement.completed_at + timedelta(hours=6 + n * 7 % 42),
            now - timedelta(hours=1),
        )
        replied = min(written + timedelta(hours=12 + n * 5 % 24), now) if review.reply else None
        Review.objects.filter(pk=review.pk).update(
            created_at=written, replied_at=replied, updated_at=replied or written
        )


def _people_joined_before_their_hires(now: datetime) -> dict[int, datetime]:
    """Each user's new joining date, by user id."""
    first_hire: dict[int, datetime] = {}
    for column in ("client_id", "freelancer__user_id"):
        firsts = Engagement.objects.values_list(column).annotate(first=Min("created_at"))
        for user_id, first in firsts.order_by():
            first_hire[user_id] = min(first, first_hire.get(user_id, first))
    joined = {}
    for n, user_id in enumerate(User.objects.order_by("pk").values_list("pk", flat=True)):
        before = first_hire.get(user_id, now)
        joined[user_id] = before - timedelta(days=30 + n * 53 % 700, hours=n * 5 % 24)
        User.objects.filter(pk=user_id).update(date_joined=joined[user_id])
    return joined


def _articles_since_their_authors_joined(now: datetime, joined: dict[int, datetime]) -> None:
    articles = Article.objects.filter(published_at__isnull=False).select_related("profile")
    for n, article in enumerate(articles.order_by("pk")):
        since = joined[article.profile.user_id]
        published = since + (now - since) * (0.2 + n * 0.37 % 0.75)
        Article.objects.filter(pk=article.pk).update(
            created_at=published, published_at=published, updated_at=published
        )
