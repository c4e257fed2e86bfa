"""The service page and the freelancer's own list of services."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from profiles.models import Skill
from profiles.selectors import ReviewsSection, reviews_section
from services.models import Engagement, Service

OTHER_SERVICES = 4


@dataclass(frozen=True)
class ServiceDetail:
    """Everything the service page shows besides the request's own facts."""

    service: Service
    skills: list[Skill]  # the approved ones, by name
    other_services: list[Service]  # more of the freelancer's published services
    reviews: ReviewsSection
    # The viewer's completed job for this service that still awaits their review.
    reviewable_engagement: Engagement | None


# Columns only search reads, on both services and profiles.
SEARCH_COLUMNS = ("keywords", "search_document")


def service_get_for_detail(*, slug: str, viewer, reviews_page_number=1) -> ServiceDetail:
    """The service page's service with its freelancer, category path, skills, other
    services and a page of reviews loaded, plus what the viewer may do on it. Public
    services for everyone; the owner also sees theirs in any status. 404 otherwise."""
    # Looked up by slug and checked on the row (its freelancer and user come with it):
    # cheaper than asking the database for "visible to" on a single row.
    # The search columns (the words and their tsvector) are never shown: not loaded.
    try:
        service = (
            Service.objects.select_related(
                "freelancer", "freelancer__user", "category", "category__parent"
            )
            .defer(*SEARCH_COLUMNS, *(f"freelancer__{name}" for name in SEARCH_COLUMNS))
            .get(slug=slug)
        )
    except Service.DoesNotExist:
        service = None
    is_owner = service is not None and viewer.pk == service.freelancer.user_id
    if service is None or not (service.is_public or is_owner):
        raise Http404("No such service.")
    other_services = (
        _with_freelancer(
            service.freelancer.services.published()
            .exclude(pk=service.pk)
            .for_cards(join_freelancer=False)
            .order_by("-published_at", "-id")[:OTHER_SERVICES],
            service.freelancer,
        )
        if service.freelancer.is_public
        else []
    )
    reviewable_engagement = (
        service.engagements.filter(
            client=viewer, status=Engagement.Status.COMPLETED, review__isnull=True
        ).first()
        if viewer.is_authenticated and not is_owner
        else None
    )
    return ServiceDetail(
        service=service,
        skills=list(service.skills.approved()),  # a plain query: cheaper than a prefetch
        other_services=other_services,
        # Reviews live in a higher app: reached through the reverse relation.
        reviews=reviews_section(
            service.reviews.all(), figures=service.review_figures, page=reviews_page_number
        ),
        reviewable_engagement=reviewable_engagement,
    )


def _with_freelancer(services, freelancer) -> list[Service]:
    """`services`, one freelancer's, loaded with for_cards(join_freelancer=False), each
    handed that freelancer, already loaded by the page, for its card."""
    services = list(services)
    for card in services:
        card.freelancer = freelancer
    return services


def service_list_own(*, freelancer) -> QuerySet:
    """All the freelancer's services for the dashboard, newest first."""
    return freelancer.services.select_related("category", "category__parent").order_by(
        "-updated_at"
    )
