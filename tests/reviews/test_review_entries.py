"""Each review's entry on the service and profile pages (`{% review_entry %}`, rendered in
Python): what users wrote is escaped, its dates are in the site's time zone, and "Report"
shows to signed-in visitors other than its author."""

import datetime
import re

import pytest

from reviews import actions
from reviews.models import Review
from tests.profiles.factories import UserFactory
from tests.reviews.factories import review_publish

pytestmark = pytest.mark.django_db


def _entries(html) -> list[str]:
    return re.findall(r'<li class="review card".*?</li>', html, re.S)


def _profile_entry(client, service) -> str:
    (entry,) = _entries(client.get(service.freelancer.get_absolute_url()).content.decode())
    return entry


def test_an_entry_escapes_what_the_client_and_the_freelancer_wrote(client, service, freelancer):
    service.title = "Copy & <b>paste</b>"
    service.save()
    review = review_publish(
        service=service,
        client=UserFactory(name="Ann <i>Adams</i>"),
        text="<script>alert(1)</script> Great job.\n\nSecond paragraph & more.",
    )
    actions.review_reply(review=review, actor=freelancer, text="Thanks <b>Ann</b>!")

    entry = _profile_entry(client, service)

    assert "<script>" not in entry
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt; Great job.</p>" in entry
    assert "<p>Second paragraph &amp; more.</p>" in entry
    assert "<strong>Ann &lt;i&gt;Adams&lt;/i&gt;</strong>" in entry
    assert "<p>Thanks &lt;b&gt;Ann&lt;/b&gt;!</p>" in entry
    assert ">Copy &amp; &lt;b&gt;paste&lt;/b&gt;</a>" in entry  # "For <service>"
    assert f'href="{review.get_absolute_url()}"' in entry


def test_an_entrys_dates_are_shown_in_the_sites_time_zone(client, service, settings):
    settings.TIME_ZONE = "Pacific/Auckland"  # 13 hours ahead of UTC in March
    review = review_publish(service=service)
    written = datetime.datetime(2025, 3, 1, 23, 30, tzinfo=datetime.UTC)
    Review.objects.filter(pk=review.pk).update(created_at=written)

    entry = _profile_entry(client, service)

    assert '<time datetime="2025-03-02T12:30:00+13:00">Mar 2, 2025</time>' in entry


def test_report_shows_to_signed_in_visitors_other_than_the_author(
    client, service, stranger, client_user
):
    review = review_publish(service=service, client=client_user)
    report = f'<a href="/reviews/{review.pk}/report/">Report</a>'

    assert report not in _profile_entry(client, service)  # anonymous
    client.force_login(client_user)
    assert report not in _profile_entry(client, service)  # the author
    client.force_login(stranger)
    assert report in _profile_entry(client, service)
