"""Writes for reviews and the ratings kept on the service and profile rows. Every change to
a review's visibility updates those ratings in the same transaction."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from common.audit import record_decision
from common.cache import (
    all_public_pages_changed,
    public_listings_changed,
)
from common.edits import lock_fresh, model_update
from common.locks import KEY_SHARE, NO_KEY_UPDATE, UPDATE, lock_rows, retry_on_conflict
from common.submissions import submission_claim, submission_record
from profiles.actions import (
    freelancer_pages_changed,
    profile_rating_reviews,
    profile_ratings_recount,
    review_figures,
)
from profiles.mail import MailKind, mail_user
from profiles.models import Profile, ReviewFigures, User
from reviews.models import Review
from services.models import Engagement, Service

# --- Ratings kept on the rows -----------------------------------------------------------


def _lock_ratings(*, service_id: int, freelancer_id: int, also=()) -> None:
    """Lock the rows whose ratings will be recounted, with `also` (more `lock_rows` items),
    in the project's lock order: profile, then service (FOR NO KEY UPDATE, so a hire
    request's foreign-key checks on them never wait). Concurrent review changes on one
    freelancer queue up here, and each recount sees the ones committed before it."""
    lock_rows((Profile, freelancer_id, NO_KEY_UPDATE), (Service, service_id, NO_KEY_UPDATE), *also)


def _refresh_ratings(*, service_id: int, freelancer_id: int) -> None:
    """Recount the service's visible reviews and the freelancer's (those of published
    services) into their rows. The action has locked them with `_lock_ratings` before
    anything else (this locks them again, a no-op then)."""
    _lock_ratings(service_id=service_id, freelancer_id=freelancer_id)
    profile_ratings_recount(profile_id=freelancer_id)
    Service.objects.filter(pk=service_id).update(
        **review_figures(Service(pk=service_id).reviews).row_fields()
    )
    public_listings_changed()
    freelancer_pages_changed(freelancer_id)


@dataclass(frozen=True)
class Drift:
    row: str
    stored: tuple[Decimal, int]
    actual: tuple[Decimal, int]


@transaction.atomic
def ratings_recompute_all() -> list[Drift]:
    """Recount every service's and profile's ratings and review figures (a profile's over
    its published services' reviews); returns the rows that were wrong, with the average
    and count they had and have (a row whose figures alone were wrong shows the same)."""
    drifts = []
    for model in (Profile, Service):  # the lock order of common.locks
        for row in (
            model.objects.select_for_update(no_key=True)
            .order_by("pk")
            .only("pk", "rating_average", "review_count", "review_figures")
        ):
            counted = profile_rating_reviews(row) if model is Profile else row.reviews
            actual = review_figures(counted)
            stored = ReviewFigures.from_json(row.review_figures)
            was = (row.rating_average, row.review_count)
            if was != (actual.rating_average, actual.count) or stored != actual:
                drifts.append(
                    Drift(
                        f"{model._meta.label} {row.pk}",
                        was,
                        (actual.rating_average, actual.count),
                    )
                )
                model.objects.filter(pk=row.pk).update(**actual.row_fields())
    if drifts:
        all_public_pages_changed()
    return drifts


# --- Reviews ----------------------------------------------------------------------------


def _notify_freelancer(review: Review) -> None:
    mail_user(
        user=review.freelancer.user,
        kind=MailKind.REVIEWS,
        template="reviews/email/review",
        context={"review": review, "reply_url": reverse("reviews:reply", args=[review.pk])},
    )


@retry_on_conflict
@transaction.atomic
def review_submit(
    *,
    engagement: Engagement,
    author,
    rating: int,
    communication: int,
    quality: int,
    value: int,
    text: str,
    submission_token=None,
) -> Review:
    """The client reviews a completed job, once. Ratings are updated at once and the
    freelancer is emailed after commit; the same `submission_token` twice returns the
    first review."""
    lock_rows((User, author.pk, KEY_SHARE))
    if earlier := submission_claim(user_id=author.pk, token=submission_token, model=Review):
        return earlier
    # Locking the engagement makes concurrent submissions for one job queue up.
    _lock_ratings(
        service_id=engagement.service_id,
        freelancer_id=engagement.freelancer_id,
        also=[(Engagement, engagement.pk, NO_KEY_UPDATE)],
    )
    engagement = Engagement.objects.get(pk=engagement.pk)
    if author.pk != engagement.client_id:
        raise PermissionDenied("Only the client of this job can review it.")
    if engagement.status != Engagement.Status.COMPLETED:
        raise ValidationError("You can review a job once you have completed it.")
    if Review.objects.filter(engagement=engagement).exists():
        raise ValidationError("You have already reviewed this job.")
    if Profile.objects.filter(pk=engagement.freelancer_id, status=Profile.Status.DELETED):
        raise ValidationError("This freelancer has deleted their account.")
    review = Review(
        engagement=engagement,
        service_id=engagement.service_id,
        freelancer_id=engagement.freelancer_id,
        author=author,
        rating=rating,
        communication=communication,
        quality=quality,
        value=value,
        text=text.strip(),
    )
    review.full_clean(exclude=["engagement"])
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:
        raise ValidationError("You have already reviewed this job.") from None
    _refresh_ratings(service_id=review.service_id, freelancer_id=review.freelancer_id)
    submission_record(user_id=author.pk, token=submission_token, obj=review)
    _notify_freelancer(review)
    return review


@transaction.atomic
def review_reply(*, review: Review, actor, text: str) -> Review:
    """The reviewed freelancer answers in public, or edits the answer. Returns the
    updated copy of the row; `review` is untouched."""
    current = lock_fresh(review)
    if actor.pk != current.freelancer.user_id:
        raise PermissionDenied("Only the freelancer who was reviewed can reply.")
    if not text.strip():
        raise ValidationError({"reply": "Write a reply, or leave the review unanswered."})
    first_reply = not current.reply
    current = model_update(
        instance=current,
        fields=["reply", "replied_at"],
        data={"reply": text.strip(), "replied_at": timezone.now()},
    )
    freelancer_pages_changed(current.freelancer_id)
    if first_reply:
        # The first reply only: editing it mails nobody again.
        mail_user(
            user=current.author,
            kind=MailKind.REVIEWS,
            template="reviews/email/reply",
            context={"review": current},
        )
    return current


HIDDEN_FIELDS = ["is_hidden", "hidden_reason", "hidden_category", "hidden_at", "hidden_by"]


def _lock_review(review: Review, moderator) -> Review:
    """Lock what a staff decision on a review touches, in order; a fresh copy of it."""
    _lock_ratings(
        service_id=review.service_id,
        freelancer_id=review.freelancer_id,
        also=[(User, moderator.pk, KEY_SHARE), (Review, review.pk, NO_KEY_UPDATE)],
    )
    return Review.objects.get(pk=review.pk)


@retry_on_conflict
@transaction.atomic
def review_hide(
    *, review: Review, moderator, reason: str, category: str = Review.HiddenCategory.OTHER
) -> Review:
    """Staff hide a review with a reason and its category (public pages count hidden
    reviews by category, never showing the reason); it stops counting in the ratings at
    once. Returns the hidden copy of the row."""
    review = _lock_review(review, moderator)
    if not reason.strip():
        raise ValidationError({"hidden_reason": "Say why the review is hidden."})
    hidden = {
        "is_hidden": True,
        "hidden_reason": reason.strip(),
        "hidden_category": category,
        "hidden_at": timezone.now(),
        "hidden_by": moderator,
    }
    current = model_update(instance=review, fields=HIDDEN_FIELDS, data=hidden)
    _refresh_ratings(service_id=current.service_id, freelancer_id=current.freelancer_id)
    record_decision(moderator=moderator, obj=current, decision="Hidden", reason=reason.strip())
    return current


@retry_on_conflict
@transaction.atomic
def review_unhide(*, review: Review, moderator) -> Review:
    """Staff show a hidden review again; it counts in the ratings again at once.
    Returns the shown copy of the row."""
    review = _lock_review(review, moderator)
    shown = {
        "is_hidden": False,
        "hidden_reason": "",
        "hidden_category": "",
        "hidden_at": None,
        "hidden_by": None,
    }
    current = model_update(instance=review, fields=HIDDEN_FIELDS, data=shown)
    _refresh_ratings(service_id=current.service_id, freelancer_id=current.freelancer_id)
    record_decision(moderator=moderator, obj=current, decision="Shown again")
    return current


@retry_on_conflict
@transaction.atomic
def review_delete(*, review: Review) -> None:
    """Delete a review for good; the ratings are recounted without it."""
    service_id, freelancer_id = review.service_id, review.freelancer_id
    _lock_ratings(
        service_id=service_id, freelancer_id=freelancer_id, also=[(Review, review.pk, UPDATE)]
    )
    review.delete()
    _refresh_ratings(service_id=service_id, freelancer_id=freelancer_id)
