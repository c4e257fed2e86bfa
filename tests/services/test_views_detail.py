"""The service page: DESIGN.md's seed table, in order and wording, and who may see it."""

import json
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from profiles.models import Profile
from services.models import Service
from tests.profiles.factories import SkillFactory
from tests.services.factories import ServiceFactory, leaf_category

pytestmark = pytest.mark.django_db

SEED_SKILLS = [
    "Investigative Reporting",
    "Journalistic Writing",
    "Magazine Articles",
    "News Writing",
    "Newspaper",
]


@pytest.fixture
def seed_service(freelancer):
    profile = freelancer.profile
    profile.about = "I have covered foreign affairs for fifteen years."
    profile.resume = "resumes/fran.pdf"
    profile.save()
    return ServiceFactory(
        freelancer=profile,
        title="China will support Russia",
        slug="china-will-support-russia",
        description="First paragraph.\n\nSecond paragraph.",
        category=leaf_category("articles-news"),
        hourly_rate=Decimal("30"),
        starting_price=Decimal("25"),
        engagement=Service.EngagementType.ONGOING,
        skills=[SkillFactory(name=name) for name in SEED_SKILLS],
    )


def _text(html):
    """The page's visible text, tags removed and white space folded."""
    html = re.sub(r"<(script|style|head)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_service_page_shows_every_element_of_the_seed_page_in_order(client, seed_service):
    response = client.get(seed_service.get_absolute_url())

    html = response.content.decode()
    html = html[html.index("<main") :]  # the page body, not its meta tags
    text = _text(html)
    order = [
        'class="banner',
        'href="/services/">All Services</a>',
        'href="/categories/writing-translation/">Writing &amp; Translation</a>',
        'href="/categories/writing-translation/articles-news/" aria-current="page">'
        "Articles &amp; News</a>",
        "<h1",
        "$30/hr",
        "Starting at $25",
        "<p>First paragraph.</p>",
        "<h2>About</h2>",
        "I have covered foreign affairs for fifteen years.",
        'class="side-card',
        "Ongoing",
        "Download Resume",
        "Skills &amp; Expertise",
        "0 Reviews",
        "This Freelancer has not received any feedback.",
    ]
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert "China will support Russia" in text
    assert "All Services › Writing & Translation › Articles & News" in text


def test_skills_are_links_to_a_search(client, seed_service):
    html = client.get(seed_service.get_absolute_url()).content.decode()

    for name in SEED_SKILLS:
        slug = name.lower().replace(" ", "-")
        assert f'href="/services/?skill={slug}">{name}</a>' in html


def test_money_shows_decimals_only_when_not_whole(client, freelancer):
    service = ServiceFactory(
        freelancer=freelancer.profile, hourly_rate=Decimal("27.50"), starting_price=0
    )

    text = _text(client.get(service.get_absolute_url()).content.decode())

    assert "$27.50/hr" in text
    # No minimum price is no price line about it (not "Starting at $0").
    assert "Starting at" not in text


def test_one_off_engagement_is_shown(client, freelancer):
    service = ServiceFactory(
        freelancer=freelancer.profile, engagement=Service.EngagementType.ONE_OFF
    )

    assert "One-off" in _text(client.get(service.get_absolute_url()).content.decode())


def test_the_freelancers_banner_stands_in_for_a_missing_service_banner(client, seed_service):
    profile = seed_service.freelancer
    profile.banner = "profiles/banners/b.webp"
    profile.save()

    html = client.get(seed_service.get_absolute_url()).content.decode()

    assert '<img class="banner service-banner" src="/media/profiles/banners/b.webp"' in html


def test_no_download_resume_when_the_resume_is_hidden(client, seed_service):
    profile = seed_service.freelancer
    profile.resume_visibility = Profile.ResumeVisibility.NOBODY
    profile.save()

    assert "Download Resume" not in client.get(seed_service.get_absolute_url()).content.decode()


def test_the_page_has_canonical_open_graph_and_json_ld(client, seed_service):
    response = client.get(seed_service.get_absolute_url())

    html = response.content.decode()
    assert (
        '<link rel="canonical" href="http://testserver/services/china-will-support-russia/">'
        in html
    )
    assert '<meta property="og:title" content="China will support Russia">' in html
    blocks = [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html)
    ]
    service, breadcrumb = blocks
    assert service["@type"] == "Service"
    # Each price says what it is, in the page's own words.
    assert service["offers"]["priceSpecification"] == [
        {
            "@type": "UnitPriceSpecification",
            "name": "Hourly rate",
            "price": "30.00",
            "priceCurrency": "USD",
            "unitCode": "HUR",
            "unitText": "hour",
        },
        {
            "@type": "PriceSpecification",
            "name": "Starting at",
            "minPrice": "25.00",
            "priceCurrency": "USD",
        },
    ]
    assert "price" not in service["offers"]
    assert '<span class="visually-hidden">Hourly rate: </span>$30/hr' in html
    assert "Starting at $25" in html
    assert "aggregateRating" not in service
    assert [item["name"] for item in breadcrumb["itemListElement"]] == [
        "All Services",
        "Writing & Translation",
        "Articles & News",
    ]


def test_a_service_with_no_starting_price_offers_only_its_hourly_rate(client, seed_service):
    Service.objects.filter(pk=seed_service.pk).update(starting_price=Decimal(0))

    html = client.get(seed_service.get_absolute_url()).content.decode()

    service = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html)[1])
    assert [p["name"] for p in service["offers"]["priceSpecification"]] == ["Hourly rate"]
    assert "Starting at" not in html


def test_json_ld_carries_the_rating_once_there_are_reviews(client, seed_service):
    Service.objects.filter(pk=seed_service.pk).update(
        rating_average=Decimal("4.50"), review_count=2
    )

    html = client.get(seed_service.get_absolute_url()).content.decode()

    assert '"aggregateRating": {"@type": "AggregateRating", "ratingValue": "4.50"' in html


def test_the_freelancers_other_services_are_listed(client, seed_service):
    ServiceFactory(freelancer=seed_service.freelancer, title="Magazine features")
    ServiceFactory(
        freelancer=seed_service.freelancer,
        title="Unfinished draft",
        status=Service.Status.DRAFT,
        published_at=None,
    )

    text = _text(client.get(seed_service.get_absolute_url()).content.decode())

    assert "More from Fran Freelancer" in text
    assert "Magazine features" in text
    assert "Unfinished draft" not in text


def test_service_page_query_count_is_pinned(client, seed_service, django_assert_num_queries):
    for n in range(3):
        ServiceFactory(freelancer=seed_service.freelancer, title=f"Other {n}")

    # service with freelancer, user and category path; its skills; the other services
    with django_assert_num_queries(3):
        response = client.get(seed_service.get_absolute_url())

    assert response.status_code == 200


def test_service_page_query_count_does_not_grow_with_skills_or_other_services(
    client, seed_service, django_assert_num_queries
):
    for n in range(4):
        ServiceFactory(freelancer=seed_service.freelancer, title=f"Other {n}")
    seed_service.skills.add(SkillFactory(name="Fact Checking"))

    with django_assert_num_queries(3):
        client.get(seed_service.get_absolute_url())


@pytest.mark.parametrize(
    "status",
    [
        Service.Status.DRAFT,
        Service.Status.PENDING,
        Service.Status.REJECTED,
        Service.Status.SUSPENDED,
    ],
)
@pytest.mark.parametrize("viewer", ["anonymous", "stranger", "other_freelancer", "moderator"])
def test_a_service_that_is_not_public_is_404_to_everyone_but_its_owner(
    client, request, freelancer, status, viewer
):
    service = ServiceFactory(
        freelancer=freelancer.profile, status=status, published_at=None, moderation_note="Why."
    )
    if viewer != "anonymous":
        client.force_login(request.getfixturevalue(viewer))

    assert client.get(service.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("status", "banner"),
    [
        (Service.Status.DRAFT, "Draft:"),
        (Service.Status.PENDING, "Pending review:"),
        (Service.Status.REJECTED, "Rejected:"),
        (Service.Status.SUSPENDED, "Suspended:"),
    ],
)
def test_the_owner_sees_a_non_public_service_with_a_status_banner(
    client, freelancer, status, banner
):
    service = ServiceFactory(
        freelancer=freelancer.profile, status=status, published_at=None, moderation_note="Why."
    )
    client.force_login(freelancer)

    response = client.get(service.get_absolute_url())

    assert response.status_code == 200
    assert banner in _text(response.content.decode())
    assert b'<meta name="robots" content="noindex">' in response.content


@pytest.mark.parametrize("viewer", ["anonymous", "stranger", "freelancer", "moderator"])
def test_a_published_service_is_visible_to_everyone(client, request, seed_service, viewer):
    if viewer != "anonymous":
        client.force_login(request.getfixturevalue(viewer))

    assert client.get(seed_service.get_absolute_url()).status_code == 200


def test_a_published_service_of_a_suspended_freelancer_is_404(client, seed_service):
    Profile.objects.filter(pk=seed_service.freelancer_id).update(status=Profile.Status.SUSPENDED)

    assert client.get(seed_service.get_absolute_url()).status_code == 404


def test_an_unknown_service_is_the_designed_404(client):
    response = client.get(reverse("services:detail", kwargs={"slug": "nothing-here"}))

    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_user_text_on_the_service_page_is_escaped(client, freelancer):
    service = ServiceFactory(
        freelancer=freelancer.profile,
        title="<script>alert(1)</script>",
        description='<img src=x onerror="alert(1)">',
    )

    html = client.get(service.get_absolute_url()).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
