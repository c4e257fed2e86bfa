"""Every moderation changelist reads in a pinned number of queries, whatever the number of rows."""

import pytest
from django.contrib.admin.models import LogEntry

from common.audit import record_decision
from profiles.models import Profile, User
from reviews import actions as review_actions
from reviews.models import Report, Review
from services.models import Engagement, Service
from tests.marketplace.moderation import changelist_url
from tests.profiles.factories import ProfileFactory, UserFactory
from tests.reviews.factories import ReviewFactory
from tests.services.factories import EngagementFactory, ServiceFactory, leaf_category

pytestmark = pytest.mark.django_db


def _services(n):
    leaves = ["articles-news", "logo-branding", "data-entry"]
    for i in range(n):
        ServiceFactory(title=f"Row {i}", category=leaf_category(leaves[i % 3]))


def _profiles(n):
    for i in range(n):
        ProfileFactory(display_name=f"Row {i}")


def _users(n):
    for i in range(n):
        UserFactory(email=f"row{i}@example.com")


def _reviews(n):
    for i in range(n):
        ReviewFactory(text=f"Row {i}")


def _reports(n):
    for i in range(n):
        review_actions.review_report(
            review=ReviewFactory(), reporter=UserFactory(), reason=f"Row {i}"
        )


def _engagements(n):
    statuses = [Engagement.Status.REQUESTED, Engagement.Status.ACCEPTED]
    for i in range(n):
        EngagementFactory(status=statuses[i % 2], message=f"Row {i}")


def _log_entries(n):
    makers = [ServiceFactory, ProfileFactory, ReviewFactory]
    for i in range(n):
        record_decision(
            moderator=UserFactory(is_staff=True),
            obj=makers[i % 3](),
            decision="Row",
            reason=str(i),
        )


# Every changelist, seen by a moderator. Five queries come first on each: the session, the
# user, their permissions (own, then the group's), and whether they have a second factor.
# Then each page counts its rows twice (filtered and in all; once for the tables that reach
# a million rows, common.admin.LargeTableAdminMixin) and reads one page of them with the
# related rows it shows; filters that list values from the database and a date hierarchy
# add their own. None of these numbers may grow with the rows.
CHANGELISTS = {
    # + the top categories for their filter
    "services": (Service, _services, 5 + 1 + 1 + 1),
    "profiles": (Profile, _profiles, 5 + 1 + 1),
    # + the groups filter's choices
    "users": (User, _users, 5 + 1 + 2 + 1),
    # + the signals of the page's reviews
    "reviews": (Review, _reviews, 5 + 1 + 1 + 1),
    "reports": (Report, _reports, 5 + 2 + 1),
    "engagements": (Engagement, _engagements, 5 + 1 + 1),
    # + the content type and moderator filters' choices, and the date hierarchy
    "log-entries": (LogEntry, _log_entries, 5 + 2 + 2 + 1 + 2),
}


@pytest.mark.parametrize("rows", [3, 6])
@pytest.mark.parametrize("name", list(CHANGELISTS))
def test_changelist_query_count_does_not_grow_with_rows(
    mod_client, django_assert_num_queries, name, rows
):
    model, make, queries = CHANGELISTS[name]
    make(rows)
    total = model.objects.count()
    assert total >= rows

    with django_assert_num_queries(queries):
        response = mod_client.get(changelist_url(model))

    assert response.status_code == 200
    assert response.context["cl"].result_count == total
    assert len(response.context["cl"].result_list) == total
