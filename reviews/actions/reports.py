"""Writes for reports: a signed-in user flags a review, a service or a profile for the
staff, who resolve it with a reason; the reporters and the freelancer are told by mail."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.audit import record_decision
from common.locks import KEY_SHARE, NO_KEY_UPDATE, lock_rows, retry_on_conflict
from common.mail import send_after_commit
from common.submissions import submission_claim, submission_record
from profiles.actions import profile_suspend
from profiles.models import Profile, User
from reviews.actions.reviews import review_hide
from reviews.models import Report, Review
from services.actions import service_suspend
from services.models import Service

# Kept under this name for the admin and the callers that named it before reports were stored.
ReportOutcome = Report.Outcome
Outcome = Report.Outcome

# What staff may decide on a report, by what it reports.
OUTCOMES = {
    "review": [Outcome.HIDE_REVIEW, Outcome.SUSPEND_SERVICE, Outcome.DISMISS],
    "service": [Outcome.SUSPEND_SERVICE, Outcome.SUSPEND_PROFILE, Outcome.DISMISS],
    "profile": [Outcome.SUSPEND_PROFILE, Outcome.DISMISS],
}
TARGET_MODELS = {"review": Review, "service": Service, "profile": Profile}


class TooManyReports(Exception):
    """The user sent more reports in the last hour than the site allows."""


def _owner_id(target) -> int:
    """The user a target belongs to: a review's author, a service's or profile's freelancer."""
    if isinstance(target, Review):
        return target.author_id
    if isinstance(target, Service):
        return target.freelancer.user_id
    return target.user_id


def _report(*, kind: str, target, reporter, reason: str, category: str, submission_token):
    """One open report per user and target; REPORTS_PER_HOUR a user. One user's reports
    queue up on their row, so the limit holds exactly and twin reports make one row."""
    lock_rows((User, reporter.pk, NO_KEY_UPDATE))
    if earlier := submission_claim(user_id=reporter.pk, token=submission_token, model=Report):
        return earlier
    # The new row's foreign-key check would take this at the insert; take it in order.
    lock_rows((TARGET_MODELS[kind], target.pk, KEY_SHARE))
    what = "freelancer" if kind == "profile" else kind
    # Deleted with its account while the form was open (gone, or kept emptied): a report
    # would point at nothing, or fail its foreign-key check at the commit.
    current = TARGET_MODELS[kind].objects.filter(pk=target.pk)
    if kind != "review":
        current = current.exclude(status="deleted")
    if not current.exists():
        raise ValidationError(f"This {what} is no longer on the site.")
    if reporter.pk == _owner_id(target):
        raise ValidationError(
            "You cannot report yourself."
            if kind == "profile"
            else f"You cannot report your own {what}."
        )
    an_hour_ago = timezone.now() - timedelta(hours=1)
    if (
        Report.objects.filter(reporter=reporter, created_at__gte=an_hour_ago).count()
        >= settings.REPORTS_PER_HOUR
    ):
        raise TooManyReports
    report = Report(
        reporter=reporter,
        reason=reason.strip(),
        category=category or Report.Category.OTHER,
        **{kind: target},
    )
    report.full_clean()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise ValidationError(f"You have already reported this {what}.") from None
    submission_record(user_id=reporter.pk, token=submission_token, obj=report)
    return report


@retry_on_conflict
@transaction.atomic
def review_report(
    *, review: Review, reporter, reason: str, category: str = "", submission_token=None
) -> Report:
    """A signed-in user flags a review for staff; one open report per user and review,
    and not one's own. The same `submission_token` twice returns the first report."""
    return _report(
        kind="review",
        target=review,
        reporter=reporter,
        reason=reason,
        category=category,
        submission_token=submission_token,
    )


@retry_on_conflict
@transaction.atomic
def service_report(
    *, service: Service, reporter, reason: str, category: str = "", submission_token=None
) -> Report:
    """A signed-in user flags a service for staff; as review_report."""
    return _report(
        kind="service",
        target=service,
        reporter=reporter,
        reason=reason,
        category=category,
        submission_token=submission_token,
    )


@retry_on_conflict
@transaction.atomic
def profile_report(
    *, profile: Profile, reporter, reason: str, category: str = "", submission_token=None
) -> Report:
    """A signed-in user flags a freelancer's profile for staff; as review_report."""
    return _report(
        kind="profile",
        target=profile,
        reporter=reporter,
        reason=reason,
        category=category,
        submission_token=submission_token,
    )


# --- Staff decisions --------------------------------------------------------------------


def _lock_for_decision(report: Report, moderator) -> list[int]:
    """Lock, in the project's order, what deciding on `report` touches: the freelancer,
    the service, the review, and every open report on the same target. Their ids."""
    target = Report.objects.select_related("review", "service").get(pk=report.pk)
    profile_id = target.profile_id or (target.service or target.review).freelancer_id
    service_id = target.service_id or (target.review.service_id if target.review_id else None)
    kind = target.target_kind
    same_target = Report.objects.filter(
        **{f"{kind}_id": getattr(target, f"{kind}_id")}, status=Report.Status.OPEN
    )
    closing = sorted({report.pk, *same_target.values_list("pk", flat=True)})
    lock_rows(
        (User, moderator.pk, KEY_SHARE),
        (Profile, profile_id, NO_KEY_UPDATE),
        (Service, service_id, NO_KEY_UPDATE),
        (Review, target.review_id, NO_KEY_UPDATE),
        (Report, closing, NO_KEY_UPDATE),
    )
    return closing


def _apply(outcome: str, report: Report, moderator, reason: str, category: str) -> None:
    """Carry out the decision through the actions that own it (each logs and mails)."""
    target = report.target
    service = target if isinstance(target, Service) else getattr(target, "service", None)
    profile = target if isinstance(target, Profile) else target.freelancer
    if outcome == Outcome.HIDE_REVIEW and not target.is_hidden:
        review_hide(review=target, moderator=moderator, reason=reason, category=category)
    elif outcome == Outcome.SUSPEND_SERVICE and service.status != Service.Status.SUSPENDED:
        service_suspend(service=service, moderator=moderator, note=reason)
    elif outcome == Outcome.SUSPEND_PROFILE and profile.status != Profile.Status.SUSPENDED:
        profile_suspend(profile=profile, moderator=moderator, reason=reason)


def _tell(report: Report, *, to, template: str) -> None:
    target = report.target
    freelancer = target if isinstance(target, Profile) else target.freelancer
    send_after_commit(
        to=to.email,
        template=f"reviews/email/{template}",
        context={"report": report, "target": target, "freelancer": freelancer},
    )


@retry_on_conflict
@transaction.atomic
def report_resolve(
    *,
    report: Report,
    moderator,
    outcome: str,
    reason: str,
    category: str = Review.HiddenCategory.OTHER,
) -> Report:
    """Staff close an open report with a decision and a reason: dismiss it, hide the
    review (under `category`), or suspend the service or the freelancer (through their own
    actions). Every open report on the same target closes with it, each logged. Each
    reporter is told the outcome and the reason by mail; so is the freelancer concerned,
    unless they are suspended (the suspension's own mail tells them why and how to appeal)."""
    closing = _lock_for_decision(report, moderator)
    report = Report.objects.select_related(
        "review__service", "review__freelancer__user", "service__freelancer__user", "profile"
    ).get(pk=report.pk)
    if report.status != Report.Status.OPEN:
        raise ValidationError("This report is already closed.")
    if not reason.strip():
        raise ValidationError({"reason": "Say what you decided and why."})
    if outcome not in OUTCOMES[report.target_kind]:
        raise ValidationError(f"“{outcome}” is not a decision on a {report.target_kind}.")
    reason = reason.strip()
    _apply(outcome, report, moderator, reason, category)
    status = Report.Status.DISMISSED if outcome == Outcome.DISMISS else Report.Status.RESOLVED
    decided = {
        "status": status,
        "outcome": outcome,
        "decided_by": moderator,
        "decision_reason": reason,
        "resolved_at": timezone.now(),
        "updated_at": timezone.now(),
    }
    Report.objects.filter(pk__in=closing).update(**decided)
    report.refresh_from_db()
    reporters = set()
    for closed in Report.objects.filter(pk__in=closing).select_related("reporter"):
        record_decision(
            moderator=moderator, obj=closed, decision=Outcome(outcome).label, reason=reason
        )
        _tell(report, to=closed.reporter, template="report_outcome_reporter")
        reporters.add(closed.reporter_id)
    freelancer = report.target if report.profile_id else report.target.freelancer
    if outcome in (Outcome.DISMISS, Outcome.HIDE_REVIEW) and freelancer.user_id not in reporters:
        _tell(report, to=freelancer.user, template="report_outcome_freelancer")
    return report
