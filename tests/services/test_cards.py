"""Service cards: the freelancer's avatar, a banner thumbnail, the description's first line,
rating and rate, on every page that lists them, without a query per card."""

import re
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.profiles.factories import ProfileFactory
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("services:list")


def _card(html, title):
    """The markup of the card whose title is `title`."""
    for card in re.findall(r'<article class="card service-card">.*?</article>', html, re.S):
        if f">{title}</a></h3>" in card:
            return card
    raise AssertionError(f"no card for {title}")


def _browse(client):
    caches["pages"].clear()
    return client.get(LIST_URL).content.decode()


def test_card_shows_the_freelancers_avatar_and_the_services_banner(client):
    fran = ProfileFactory(display_name="Fran Writer", avatar="avatars/fran.png")
    fran.banner = "banners/fran-wide.png"
    fran.save()
    ServiceFactory(freelancer=fran, title="News feature", banner="services/banners/news.png")

    card = _card(_browse(client), "News feature")

    assert re.search(r'<img class="avatar avatar--tiny" src="/media/avatars/fran.png"', card)
    thumb = re.search(r'<img class="service-card__thumb"[^>]*>', card).group(0)
    assert 'src="/media/services/banners/news.png"' in thumb
    assert 'loading="lazy"' in thumb
    assert 'width="640" height="320"' in thumb
    assert ">Fran Writer</a>" in card


def test_card_falls_back_to_the_freelancers_banner(client):
    fran = ProfileFactory(banner="banners/fran-wide.png")
    ServiceFactory(freelancer=fran, title="Press release", banner="")

    card = _card(_browse(client), "Press release")

    assert 'src="/media/banners/fran-wide.png"' in card


def test_card_without_any_banner_keeps_the_thumbnails_place(client):
    ServiceFactory(freelancer=ProfileFactory(banner=""), title="Sales copy", banner="")

    card = _card(_browse(client), "Sales copy")

    assert '<div class="service-card__thumb banner--empty" aria-hidden="true"></div>' in card


def test_card_shows_only_the_descriptions_first_line(client):
    ServiceFactory(
        title="Shop website",
        description="\r\nFast shops that sell.\r\nSecond line stays on the page.",
    )

    card = _card(_browse(client), "Shop website")

    assert '<p class="service-card__summary">Fast shops that sell.</p>' in card
    assert "Second line" not in card


def test_card_truncates_a_long_first_line(client):
    ServiceFactory(title="Data dashboard", description="word " * 100)

    card = _card(_browse(client), "Data dashboard")

    summary = re.search(r'<p class="service-card__summary">(.*?)</p>', card).group(1)
    assert summary.endswith("…")
    assert len(summary) <= 110


def test_card_escapes_what_users_wrote(client):
    ann = ProfileFactory(display_name='<Ann> "A" & Co', avatar="")
    ServiceFactory(
        freelancer=ann,
        title="Logos <script>alert(1)</script>",
        description="Clean & <b>bold</b> marks, 'fast'.",
    )

    html = _browse(client)

    card = _card(html, "Logos &lt;script&gt;alert(1)&lt;/script&gt;")
    assert "<script>" not in card
    assert "<b>" not in card
    assert ">&lt;Ann&gt; &quot;A&quot; &amp; Co</a>" in card
    assert "Clean &amp; &lt;b&gt;bold&lt;/b&gt; marks, &#x27;fast&#x27;." in card
    # The initial of a name that starts with markup is escaped too.
    assert 'aria-hidden="true">&lt;</span>' in card


def test_card_cuts_only_a_line_longer_than_the_card(client):
    ServiceFactory(title="Exactly", description="x" * 110)
    # Decomposed (100 code points), shown composed, as Truncator composes the longer ones.
    ServiceFactory(title="Accents", description="e\u0301" * 50)

    html = _browse(client)

    assert f'<p class="service-card__summary">{"x" * 110}</p>' in _card(html, "Exactly")
    assert f'<p class="service-card__summary">{"\u00e9" * 50}</p>' in _card(html, "Accents")


def test_card_shows_rating_and_rate(client):
    ServiceFactory(
        title="News feature",
        hourly_rate=Decimal("27.50"),
        starting_price=Decimal("25"),
        rating_average=Decimal("4.50"),
        review_count=3,
    )

    card = _card(_browse(client), "News feature")

    assert "$27.50/hr" in card
    assert "Starting at $25" in card
    assert "4.5" in card
    assert "(3 reviews)" in card


def test_card_without_a_minimum_price_says_nothing_about_it(client):
    ServiceFactory(title="News feature", starting_price=0)

    card = _card(_browse(client), "News feature")

    assert "$30/hr" in card
    assert "Starting at" not in card


def test_service_page_without_a_minimum_price_has_no_starting_at(client):
    service = ServiceFactory(title="News feature", starting_price=0)

    html = client.get(service.get_absolute_url()).content.decode()

    price_line = re.search(r'<p class="price-line">.*?</p>', html, re.S).group(0)
    assert "$30/hr" in price_line
    assert "Starting at" not in price_line


def _queries(client, url):
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as captured:
        html = client.get(url).content.decode()
    return len(captured), html


# Not "page": that is Playwright's fixture, and the name would make this a browser test.
@pytest.mark.parametrize("listing", ["profile", "browse"])
def test_cards_with_avatars_and_thumbnails_need_no_query_per_card(client, listing):
    fran = ProfileFactory(banner="banners/fran-wide.png", avatar="avatars/fran.png")
    for i in range(3):
        ServiceFactory(
            freelancer=fran, title=f"Gig {i}", description=f"Gig {i} first line.\nMore."
        )
    url = fran.get_absolute_url() if listing == "profile" else LIST_URL
    client.get(url)
    three, _ = _queries(client, url)

    for i in range(3):
        ServiceFactory(freelancer=fran, title=f"More {i}", description=f"More {i} first line.")
    six, html = _queries(client, url)

    assert html.count('class="service-card__thumb" src="/media/banners/fran-wide.png"') == 6
    assert "Gig 0 first line." in html
    assert "More 2 first line." in html
    assert six == three


def test_the_freelancers_own_pages_hand_their_cards_the_loaded_profile(client):
    # The profile page and the service page's "more from" cards are not joined to the
    # profile (the page loaded it already): the banner fallback still comes from it.
    fran = ProfileFactory(banner="banners/fran-wide.png")
    shown = ServiceFactory(freelancer=fran, title="Press release", banner="")
    ServiceFactory(freelancer=fran, title="Newsletter", banner="")
    caches["pages"].clear()

    with CaptureQueriesContext(connection) as queries:
        pages = [
            client.get(fran.get_absolute_url()).content.decode(),
            client.get(shown.get_absolute_url()).content.decode(),
        ]

    assert 'src="/media/banners/fran-wide.png"' in _card(pages[0], "Press release")
    assert 'src="/media/banners/fran-wide.png"' in _card(pages[1], "Newsletter")
    cards = [q["sql"] for q in queries.captured_queries if '"summary"' in q["sql"]]
    assert len(cards) == 2
    assert all('JOIN "profiles_profile"' not in sql for sql in cards)
