"""Hire requests in any status, with the timestamps the database constraints ask for."""

import factory
from django.utils import timezone

from services.models import Engagement
from tests.profiles.factories import UserFactory
from tests.services.factories import ServiceFactory

S = Engagement.Status


def _now_if(*statuses):
    """A timestamp of now when the engagement's status is one of `statuses`, else None."""
    return factory.LazyAttribute(lambda e: timezone.now() if e.status in statuses else None)


class EngagementFactory(factory.django.DjangoModelFactory):
    """A hire request, `requested` by default.

    Pass `status=` for any other one: accepted_at, completed_at and closed_at follow it
    (accepted and completed have accepted_at, completed has completed_at, declined and
    cancelled have closed_at), unless given explicitly.
    """

    class Meta:
        model = Engagement

    service = factory.SubFactory(ServiceFactory)
    freelancer = factory.LazyAttribute(lambda e: e.service.freelancer)
    client = factory.SubFactory(UserFactory)
    message = "I need a 1,500-word feature on the election, sourced, by Friday."
    status = S.REQUESTED
    accepted_at = _now_if(S.ACCEPTED, S.COMPLETED)
    completed_at = _now_if(S.COMPLETED)
    closed_at = _now_if(S.DECLINED, S.CANCELLED)

    class Params:
        accepted = factory.Trait(status=S.ACCEPTED)
        declined = factory.Trait(status=S.DECLINED)
        cancelled = factory.Trait(status=S.CANCELLED)
        completed = factory.Trait(status=S.COMPLETED)


def engagement_in(status, **kwargs):
    """A saved engagement in `status` (a value or an Engagement.Status) with its timestamps."""
    return EngagementFactory(status=S(status), **kwargs)
