"""The services app's models, one submodule per family: categories, services, the
search's words and engagements (hire requests). The threads on hire requests live in
services.thread_models. Django finds every model through this package, and every public
name is importable from here."""

from services.models.categories import Category, CategoryQuerySet
from services.models.engagements import Engagement, EngagementQuerySet
from services.models.search_words import SearchWord
from services.models.services import (
    CARD_SUMMARY_LENGTH,
    SEARCH_CONFIG,
    Service,
    ServiceQuerySet,
)

# The threads on hire requests live in their own module; Django finds models here.
from services.thread_models import (
    Message,
    MessageAttachment,
    MessageReport,
    ThreadRead,
)

__all__ = [
    "CARD_SUMMARY_LENGTH",
    "SEARCH_CONFIG",
    "Category",
    "CategoryQuerySet",
    "Engagement",
    "EngagementQuerySet",
    "Message",
    "MessageAttachment",
    "MessageReport",
    "SearchWord",
    "Service",
    "ServiceQuerySet",
    "ThreadRead",
]
