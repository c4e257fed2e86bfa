"""Writes for reviews, replies and reports. Every change to a review's visibility updates
the ratings kept on the service and profile rows in the same transaction."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.template.loader import render_to_string
from django.utils import timezone

from profiles.models import Profile
from reviews.models import Review, ReviewReport
from services.models import Engagement, Service

TWO_PLACES = Decimal("0.01")


# --- Ratings kept on the rows -----------------------------------------------------------


def _aggregate(reviews) -> tuple[Decimal, int]:
    figures = reviews.visible().aggregate(average=Avg("rating"), count=Count("id"))
    average = Decimal(figures["average"] or 0).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    return average, figures["count"]


def _refresh_ratings(*, service_id: int, freelancer_id: int) -> None:
    """Recount the service's and the freelancer's visible reviews into their rows.

    The rows are locked first (service, then profile, always in that order), so concurrent
    review changes queue up and each recount sees the ones committed before it.
    """
    service = Service.objects.select_for_update().get(pk=service_id)
    profile = Profile.objects.select_for_update().get(pk=freelancer_id)
    service.rating_average, service.review_count = _aggregate(service.reviews)
    service.save(update_fields=["rating_average", "review_count"])
    profile.rating_average, profile.review_count = _aggregate(profile.reviews)
    profile.save(update_fields=["rating_average", "review_count"])


@dataclass(frozen=True)
class Drift:
    row: str
    stored: tuple[Decimal, int]
    actual: tuple[Decimal, int]


@transaction.atomic
def ratings_recompute_all() -> list[Drift]:
    """Recount every service's and profile's ratings; returns the rows that were wrong."""
    drifts = []
    for model in (Service, Profile):
        for row in model.objects.select_for_update().only("pk", "rating_average", "review_count"):
            actual = _aggregate(row.reviews)
            stored = (row.rating_average, row.review_count)
            if stored != actual:
                drifts.append(Drift(f"{model._meta.label} {row.pk}", stored, actual))
                row.rating_average, row.review_count = actual
                row.save(update_fields=["rating_average", "review_count"])
    return drifts


# --- Reviews ----------------------------------------------------------------------------


def _notify_freelancer(review: Review, *, event: str) -> None:
    context = {
        "review": review,
        "event": event,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
    }
    subject = render_to_string("reviews/email/review_subject.txt", context).strip()
    body = render_to_string("reviews/email/review_body.txt", context)
    recipient = review.freelancer.user.email
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    )


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
) -> Review:
    """The client reviews a completed job, once. Ratings are updated at once and the
    freelancer is emailed after commit."""
    # Locking the engagement makes concurrent submissions for one job queue up.
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if author.pk != engagement.client_id:
        raise PermissionDenied("Only the client of this job can review it.")
    if engagement.status != Engagement.Status.COMPLETED:
        raise ValidationError("You can review a job once the freelancer has completed it.")
    if Review.objects.filter(engagement=engagement).exists():
        raise ValidationError("You have already reviewed this job.")
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
    _notify_freelancer(review, event="reviewed")
    return review


@transaction.atomic
def review_reply(*, review: Review, actor, text: str) -> Review:
    """The reviewed freelancer answers in public, or edits the answer."""
    review = Review.objects.select_for_update().select_related("freelancer").get(pk=review.pk)
    if actor.pk != review.freelancer.user_id:
        raise PermissionDenied("Only the freelancer who was reviewed can reply.")
    review.reply = text.strip()
    if not review.reply:
        raise ValidationError({"reply": "Write a reply, or leave the review unanswered."})
    review.replied_at = timezone.now()
    review.full_clean(exclude=["engagement"])
    review.save(update_fields=["reply", "replied_at", "updated_at"])
    return review


@transaction.atomic
def review_hide(*, review: Review, moderator, reason: str) -> Review:
    """Staff hide a review with a reason; it stops counting in the ratings at once."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not reason.strip():
        raise ValidationError({"hidden_reason": "Say why the review is hidden."})
    review.is_hidden = True
    review.hidden_reason = reason.strip()
    review.hidden_at = timezone.now()
    review.hidden_by = moderator
    review.save(update_fields=["is_hidden", "hidden_reason", "hidden_at", "hidden_by"])
    _refresh_ratings(service_id=review.service_id, freelancer_id=review.freelancer_id)
    return review


@transaction.atomic
def review_unhide(*, review: Review, moderator) -> Review:
    """Staff show a hidden review again; it counts in the ratings again at once."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    review.is_hidden = False
    review.hidden_reason = ""
    review.hidden_at = None
    review.hidden_by = None
    review.save(update_fields=["is_hidden", "hidden_reason", "hidden_at", "hidden_by"])
    _refresh_ratings(service_id=review.service_id, freelancer_id=review.freelancer_id)
    return review


@transaction.atomic
def review_delete(*, review: Review) -> None:
    """Delete a review for good; the ratings are recounted without it."""
    service_id, freelancer_id = review.service_id, review.freelancer_id
    review.delete()
    _refresh_ratings(service_id=service_id, freelancer_id=freelancer_id)


# --- Reports ----------------------------------------------------------------------------


@transaction.atomic
def review_report(*, review: Review, reporter, reason: str) -> ReviewReport:
    """A signed-in user flags a review for staff; one open report per user and review."""
    if reporter.pk == review.author_id:
        raise ValidationError("You cannot report your own review.")
    report = ReviewReport(review=review, reporter=reporter, reason=reason.strip())
    report.full_clean()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise ValidationError("You have already reported this review.") from None
    return report
