"""Reviews and the completed jobs they belong to.

`ReviewFactory` writes rows straight to the table: the stored ratings on the service and
profile rows are left alone (tests of drift want exactly that). `review_publish` goes
through `actions.review_submit`, so the stored ratings are right, as on the site.
"""

import factory
from django.utils import timezone

from reviews import actions
from reviews.models import Review
from services.models import Engagement
from tests.profiles.factories import UserFactory
from tests.services.factories import ServiceFactory


class CompletedEngagementFactory(factory.django.DjangoModelFactory):
    """A job a new client hired for, accepted and completed: ready to be reviewed.

    Pass `service=` (the freelancer follows it) and `client=` to choose the parties.
    """

    class Meta:
        model = Engagement

    service = factory.SubFactory(ServiceFactory)
    freelancer = factory.SelfAttribute("service.freelancer")
    client = factory.SubFactory(UserFactory)
    message = "Please write a 1,500-word feature on local elections."
    status = Engagement.Status.COMPLETED
    accepted_at = factory.LazyFunction(timezone.now)
    completed_at = factory.LazyFunction(timezone.now)


class ReviewFactory(factory.django.DjangoModelFactory):
    """A visible five-star review of a completed job, by its client.

    For a review of a given service pass `engagement__service=service`; for a given author
    `engagement__client=user`. The service's and profile's stored ratings are not updated.
    """

    class Meta:
        model = Review

    engagement = factory.SubFactory(CompletedEngagementFactory)
    service = factory.SelfAttribute("engagement.service")
    freelancer = factory.SelfAttribute("engagement.freelancer")
    author = factory.SelfAttribute("engagement.client")
    rating = 5
    communication = 5
    quality = 5
    value = 5
    text = factory.Faker("paragraph", nb_sentences=3)


def review_publish(*, service, client=None, rating=5, text=None, **subratings) -> Review:
    """A review of a new completed job on `service`, through `actions.review_submit`, so
    the service's and profile's stored ratings count it. Subratings default to `rating`."""
    engagement = CompletedEngagementFactory(
        service=service, **({"client": client} if client else {})
    )
    return actions.review_submit(
        engagement=engagement,
        author=engagement.client,
        rating=rating,
        communication=subratings.get("communication", rating),
        quality=subratings.get("quality", rating),
        value=subratings.get("value", rating),
        text=text or f"A {rating}-star job: on time, well sourced and clearly written.",
    )
