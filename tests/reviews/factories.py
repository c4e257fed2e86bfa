"""Reviews of completed jobs (the jobs come from `tests.services.factories.EngagementFactory`).

`ReviewFactory` writes rows straight to the table: the stored ratings on the service and
profile rows are left alone (tests of drift want exactly that). `review_publish` goes
through `actions.review_submit`, so the stored ratings are right, as on the site.
"""

import factory

from reviews import actions
from reviews.models import Review
from tests.services.factories import EngagementFactory


class ReviewFactory(factory.django.DjangoModelFactory):
    """A visible five-star review of a completed job, by its client.

    For a review of a given service pass `engagement__service=service`; for a given author
    `engagement__client=user`. The service's and profile's stored ratings are not updated.
    """

    class Meta:
        model = Review

    engagement = factory.SubFactory(EngagementFactory, completed=True)
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
    engagement = EngagementFactory(
        completed=True, service=service, **({"client": client} if client else {})
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
