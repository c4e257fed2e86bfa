"""Writes for reviews, reports, the staff's checks and appeals: one function per user
intent, each in a transaction.

Reviews and their ratings live in reviews.py, reports (of reviews, services and profiles)
in reports.py, the staff's checks of reviews with signals in checks.py, appeals against
suspensions in appeals.py; callers import them from here
(`from reviews import actions; actions.review_submit(...)`).
"""

from reviews.actions.appeals import appeal_overturn, appeal_submit, appeal_uphold
from reviews.actions.checks import review_check_clear
from reviews.actions.reports import (
    OUTCOMES,
    ReportOutcome,
    TooManyReports,
    profile_report,
    report_resolve,
    review_report,
    service_report,
)
from reviews.actions.reviews import (
    Drift,
    ratings_recompute_all,
    review_delete,
    review_hide,
    review_reply,
    review_submit,
    review_unhide,
)

__all__ = [
    "OUTCOMES",
    "Drift",
    "ReportOutcome",
    "TooManyReports",
    "appeal_overturn",
    "appeal_submit",
    "appeal_uphold",
    "profile_report",
    "ratings_recompute_all",
    "report_resolve",
    "review_check_clear",
    "review_delete",
    "review_hide",
    "review_reply",
    "review_report",
    "review_submit",
    "review_unhide",
    "service_report",
]
