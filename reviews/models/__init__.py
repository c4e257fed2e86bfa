"""The reviews app's models, one submodule per family: reviews, and the reports and
appeals staff decide on. Django finds every model through this package, and every public
name is importable from here."""

from reviews.models.reports import APPEAL_TARGETS, REPORT_TARGETS, Appeal, Report
from reviews.models.reviews import (
    FORMER_CLIENT,
    LISTED_FIELDS,
    RATING_VALIDATORS,
    TEXT_SEARCH_CONFIG,
    Review,
    ReviewQuerySet,
)

__all__ = [
    "APPEAL_TARGETS",
    "FORMER_CLIENT",
    "LISTED_FIELDS",
    "RATING_VALIDATORS",
    "REPORT_TARGETS",
    "TEXT_SEARCH_CONFIG",
    "Appeal",
    "Report",
    "Review",
    "ReviewQuerySet",
]
