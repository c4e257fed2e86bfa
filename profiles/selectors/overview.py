"""The dashboard's overview: what waits for the signed-in user, on each side."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from profiles.models import Profile
from profiles.selectors.profiles import profile_get_own, profile_missing_items


@dataclass(frozen=True)
class Overview:
    """Counts for the overview's tiles. The freelancer's side is empty (zeros, no
    profile) for a user who is not a freelancer; unread messages come from the header's
    count (services.context_processors), which every signed-in page reads already."""

    profile: Profile | None = None
    missing: list[str] = field(default_factory=list)
    # As a freelancer
    requests_waiting: int = 0  # requests from clients waiting for an answer
    jobs_to_deliver: int = 0  # accepted, not delivered yet
    services_in_review: int = 0  # waiting for the staff
    # As a client
    hires_open: int = 0  # requested, accepted or delivered
    hires_to_complete: int = 0  # delivered, waiting for the client to complete

    @property
    def rating_average(self) -> Decimal | None:
        return self.profile.rating_average if self.profile and self.profile.review_count else None


def dashboard_overview(*, user) -> Overview:
    """What the dashboard's overview shows `user`: one query for their hire requests as a
    client and, for a freelancer, the profile (with what it misses), one for the requests
    from clients and one for the services waiting for review."""
    # Reached through reverse relations (the services app sits above this one); their
    # models name the statuses.
    hires = user.engagements_as_client
    status = hires.model.Status
    as_client = hires.aggregate(
        open=Count(
            "pk", filter=Q(status__in=[status.REQUESTED, status.ACCEPTED, status.DELIVERED])
        ),
        to_complete=Count("pk", filter=Q(status=status.DELIVERED)),
    )
    profile = profile_get_own(user=user)
    if profile is None:
        return Overview(hires_open=as_client["open"], hires_to_complete=as_client["to_complete"])
    as_freelancer = profile.engagements.aggregate(
        waiting=Count("pk", filter=Q(status=status.REQUESTED)),
        to_deliver=Count("pk", filter=Q(status=status.ACCEPTED)),
    )
    services = profile.services
    return Overview(
        profile=profile,
        missing=profile_missing_items(profile=profile),
        requests_waiting=as_freelancer["waiting"],
        jobs_to_deliver=as_freelancer["to_deliver"],
        services_in_review=services.filter(status=services.model.Status.PENDING).count(),
        hires_open=as_client["open"],
        hires_to_complete=as_client["to_complete"],
    )
