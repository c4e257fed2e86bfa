"""Writes for reports: a signed-in user flags something for the staff, who resolve it."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from common.audit import record_decision
from common.locks import KEY_SHARE, NO_KEY_UPDATE, lock_rows, retry_on_conflict
from common.submissions import submission_claim, submission_record
from profiles.models import User
from reviews.actions.reviews import _lock_ratings, review_hide
from reviews.models import Review, ReviewReport
from services.actions import service_suspend
from services.models import Service


@retry_on_conflict
@transaction.atomic
def review_report(*, review: Review, reporter, reason: str, submission_token=None) -> ReviewReport:
    """A signed-in user flags a review for staff; one open report per user and review.
    The same `submission_token` twice returns the first report."""
    lock_rows((User, reporter.pk, KEY_SHARE))
    if earlier := submission_claim(
        user_id=reporter.pk, token=submission_token, model=ReviewReport
    ):
        return earlier
    if reporter.pk == review.author_id:
        raise ValidationError("You cannot report your own review.")
    report = ReviewReport(review=review, reporter=reporter, reason=reason.strip())
    report.full_clean()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise ValidationError("You have already reported this review.") from None
    submission_record(user_id=reporter.pk, token=submission_token, obj=report)
    return report


class ReportOutcome(models.TextChoices):
    """What a moderator decides on a report (report_resolve); never stored, the audit
    trail records its label."""

    HIDE_REVIEW = "hide_review", "Hide the review"
    SUSPEND_SERVICE = "suspend_service", "Suspend the reviewed service"
    DISMISS = "dismiss", "Dismiss the report"


@retry_on_conflict
@transaction.atomic
def report_resolve(*, report: ReviewReport, moderator, outcome: str, reason: str) -> ReviewReport:
    """Staff close an open report by hiding the review, suspending the service, or
    dismissing it. Every open report on the same review closes with it. Logged."""
    reviewed = Review.objects.only("service_id", "freelancer_id").get(pk=report.review_id)
    _lock_ratings(
        service_id=reviewed.service_id,
        freelancer_id=reviewed.freelancer_id,
        also=[
            (User, moderator.pk, KEY_SHARE),
            (Review, reviewed.pk, NO_KEY_UPDATE),
            (ReviewReport, report.pk, NO_KEY_UPDATE),
        ],
    )
    report = ReviewReport.objects.select_related("review").get(pk=report.pk)
    if report.status != ReviewReport.Status.OPEN:
        raise ValidationError("This report is already closed.")
    if not reason.strip():
        raise ValidationError({"reason": "Say what you decided and why."})
    review = report.review
    if outcome == ReportOutcome.HIDE_REVIEW:
        if not review.is_hidden:
            review_hide(review=review, moderator=moderator, reason=reason)
    elif outcome == ReportOutcome.SUSPEND_SERVICE:
        if review.service.status != Service.Status.SUSPENDED:
            service_suspend(service=review.service, moderator=moderator, note=reason)
    elif outcome != ReportOutcome.DISMISS:
        raise ValidationError(f"Unknown outcome: {outcome}")
    status = (
        ReviewReport.Status.DISMISSED
        if outcome == ReportOutcome.DISMISS
        else ReviewReport.Status.RESOLVED
    )
    closing = list(review.reports.filter(status=ReviewReport.Status.OPEN))
    review.reports.filter(pk__in=[r.pk for r in closing]).update(
        status=status, resolved_at=timezone.now(), updated_at=timezone.now()
    )
    decision = ReportOutcome(outcome).label
    for closed in closing:
        record_decision(moderator=moderator, obj=closed, decision=decision, reason=reason)
    report.refresh_from_db()
    return report
