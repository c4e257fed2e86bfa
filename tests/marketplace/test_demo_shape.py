"""The full demo looks like a marketplace in use: services in every category, a crowd of
freelancers, hires in every state, work for the moderators; and it loads the same every
time. The full load takes a while (about 20 s here), so one test loads it and checks
every part of its shape, inside the test's transaction like any other test."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from marketplace.demo.data import SUSPECT
from profiles.actions.moderation import MODERATORS_GROUP
from profiles.models import Profile, User
from reviews.models import Report
from reviews.selectors import reviews_with_signals, signals_of
from services.models import Category, Engagement, MessageReport, Service

pytestmark = pytest.mark.django_db


def test_the_full_demo_looks_like_a_marketplace_in_use(client):
    call_command("seed_demo", stdout=io.StringIO())

    _every_top_category_has_at_least_three_public_services()
    _most_leaf_categories_have_several_services()
    _there_are_forty_public_freelancers_from_many_places_in_every_availability()
    _hire_requests_are_in_every_state_and_some_are_reviewed_and_replied_to()
    _moderators_have_pending_services_and_open_reports()
    _jobs_take_days_and_talk_and_one_review_waits_to_be_checked()
    _the_seed_service_page_still_shows_what_the_design_lists(client)


def _every_top_category_has_at_least_three_public_services():
    for top in Category.objects.filter(parent__isnull=True):
        public = Service.objects.public().filter(category__parent=top)
        assert public.count() >= 3, top.name


def _most_leaf_categories_have_several_services():
    leaves = Category.objects.filter(parent__isnull=False)
    several = [
        leaf for leaf in leaves if Service.objects.public().filter(category=leaf).count() >= 2
    ]

    assert len(several) >= 0.8 * leaves.count()


def _there_are_forty_public_freelancers_from_many_places_in_every_availability():
    public = Profile.objects.public()

    assert public.count() >= 40
    assert public.values("country").distinct().count() >= 10
    assert set(public.values_list("availability", flat=True)) == set(Profile.Availability.values)
    assert not public.filter(availability="away", away_until__isnull=True).exists()


def _hire_requests_are_in_every_state_and_some_are_reviewed_and_replied_to():
    assert set(Engagement.objects.values_list("status", flat=True)) == set(
        Engagement.Status.values
    )
    completed = Engagement.objects.filter(status=Engagement.Status.COMPLETED)
    assert completed.filter(review__isnull=False).count() >= 10
    assert completed.filter(review__reply__gt="").exists()


def _moderators_have_pending_services_and_open_reports():
    assert Service.objects.filter(status=Service.Status.PENDING).exists()
    assert Report.objects.filter(status=Report.Status.OPEN).exists()
    assert MessageReport.objects.filter(status=MessageReport.Status.OPEN).exists()


def _jobs_take_days_and_talk_and_one_review_waits_to_be_checked():
    completed = Engagement.objects.filter(status=Engagement.Status.COMPLETED)
    made_up = completed.filter(client__email=SUSPECT[0])
    assert made_up.count() == 1
    for engagement in completed.difference(made_up):
        assert engagement.completed_at - engagement.accepted_at > timedelta(days=1)
        assert engagement.message_count >= 2
    flagged = [
        r.author.email for r in reviews_with_signals().select_related("author") if signals_of(r)
    ]
    assert flagged == [SUSPECT[0]]


def _the_seed_service_page_still_shows_what_the_design_lists(client):
    service = Service.objects.get(title="China will support Russia")

    page = client.get(reverse("services:detail", args=[service.slug])).content.decode()

    for text in [
        "All Services",
        "Writing &amp; Translation",
        "Articles &amp; News",
        "China will support Russia",
        "$30/hr",
        "Starting at $25",
        "Ongoing",
        "Download Resume",
        "Investigative Reporting",
        "Journalistic Writing",
        "Magazine Articles",
        "News Writing",
        "Newspaper",
        "0 Reviews",
        "This Freelancer has not received any feedback.",
    ]:
        assert text in page, text


def test_reset_twice_gives_the_same_services(settings):
    settings.DEBUG = True
    runs = []
    for _ in range(2):
        call_command("seed_demo", "--reset", "--scale", "0.3", stdout=io.StringIO())
        runs.append(list(Service.objects.order_by("title").values_list("title", "slug")))

    assert len(runs[0]) > 50
    assert runs[0] == runs[1]


def test_reset_keeps_the_categories_and_the_moderators_group(settings):
    settings.DEBUG = True
    categories = list(Category.objects.values_list("slug", flat=True))

    call_command("seed_demo", "--reset", "--scale", "0.3", stdout=io.StringIO())

    assert list(Category.objects.values_list("slug", flat=True)) == categories
    assert Group.objects.filter(name=MODERATORS_GROUP).exists()
    moderator = User.objects.get(email="moderator@example.com")
    assert moderator.groups.filter(name=MODERATORS_GROUP).exists()


def test_reset_is_refused_with_debug_off_unless_confirmed(settings):
    call_command("seed_demo", "--scale", "0", stdout=io.StringIO())
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--yes"):
        call_command("seed_demo", "--reset", stdout=io.StringIO())

    assert Service.objects.filter(title="China will support Russia").exists()
