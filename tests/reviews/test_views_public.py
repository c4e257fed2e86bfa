"""How reviews show on the service page and the freelancer's profile page: count, average,
distribution, order, paging, escaping, structured data and query counts.
"""

import json
import re
from decimal import Decimal

import pytest

from reviews import actions
from tests.reviews.pages import dated_review, visible_text
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _reviews_section(response) -> str:
    """The HTML of the page's reviews section."""
    html = response.content.decode()
    match = re.search(r'<section class="section reviews" id="reviews".*?</section>', html, re.S)
    assert match, "the page has no reviews section"
    return match.group(0)


PAGES = ["service", "profile"]


def _page_url(which, service):
    return (
        service.get_absolute_url() if which == "service" else service.freelancer.get_absolute_url()
    )


@pytest.mark.parametrize("which", PAGES)
def test_with_no_reviews_the_page_says_so(client, service, which):
    section = visible_text(_reviews_section(client.get(_page_url(which, service))))

    assert section == "0 Reviews This Freelancer has not received any feedback."


@pytest.mark.parametrize("which", PAGES)
def test_one_review_is_counted_in_the_singular(client, service, which):
    dated_review(service, rating=5, name="Ana Adams", day=3)

    section = _reviews_section(client.get(_page_url(which, service)))

    assert '<h2 id="reviews-title">1 Review</h2>' in section
    assert "not received any feedback" not in section


@pytest.mark.parametrize("which", PAGES)
def test_the_page_shows_count_average_with_stars_and_distribution(
    client, service, three_reviews, which
):
    section = _reviews_section(client.get(_page_url(which, service)))
    text = visible_text(section)

    assert '<h2 id="reviews-title">3 Reviews</h2>' in section
    assert text.startswith("3 Reviews ★★★★ ☆ 4.3 out of 5 4.3")  # 13 / 3 = 4.33: a half star
    assert (
        "Reviews by stars 5 stars 33% 1 4 stars 67% 2 3 stars 0% 0 2 stars 0% 0 1 star 0% 0"
        in text
    )


@pytest.mark.parametrize("which", PAGES)
def test_each_review_shows_its_hire_label_client_date_ratings_and_reply_newest_first(
    client, service, three_reviews, which
):
    section = visible_text(_reviews_section(client.get(_page_url(which, service))))

    ben = section.index("★★★★☆ 4 out of 5 Ben Brown Mar 5, 2025 Hired through the marketplace")
    cleo = section.index("★★★★☆ 4 out of 5 Cleo Cruz Mar 4, 2025 Hired through the marketplace")
    ana = section.index("★★★★★ 5 out of 5 Ana Adams Mar 3, 2025 Hired through the marketplace")
    assert ben < cleo < ana
    assert section.count("Hired through the marketplace · requested") == 3
    assert "Verified" not in section
    assert "Ben Brown says: a 4-star job, on time and well sourced." in section
    assert "Communication 4/5 · Quality 4/5 · Value 4/5" in section
    assert section.endswith(
        "Ana Adams says: a 5-star job, on time and well sourced. "
        "Reply from Fran Freelancer Mar 4, 2025 Thank you, Ana!"
    )
    assert section.count("Reply from Fran Freelancer") == 1


def test_the_profile_page_names_the_service_each_review_is_for(client, freelancer, service):
    editing = ServiceFactory(freelancer=freelancer.profile, title="Copy editing")
    dated_review(service, rating=5, name="Ana Adams", day=3)
    dated_review(editing, rating=3, name="Ben Brown", day=5)

    response = client.get(freelancer.profile.get_absolute_url())
    section = _reviews_section(response)
    text = visible_text(section)

    assert "2 Reviews ★★★★☆ 4 out of 5 4.0" in text
    assert text.index("Ben Brown") < text.index("For Copy editing") < text.index("Ana Adams")
    assert text.index("Ana Adams") < text.index("For News writing")
    assert f'href="{editing.get_absolute_url()}"' in section


def test_the_service_page_shows_only_its_own_reviews(client, freelancer, service):
    editing = ServiceFactory(freelancer=freelancer.profile, title="Copy editing")
    dated_review(service, rating=5, name="Ana Adams", day=3)
    dated_review(editing, rating=3, name="Ben Brown", day=5)

    text = visible_text(_reviews_section(client.get(service.get_absolute_url())))

    assert text.startswith("1 Review ★★★★★ 5 out of 5 5.0")
    assert "Ana Adams" in text
    assert "Ben Brown" not in text


@pytest.mark.parametrize("which", PAGES)
def test_a_hidden_review_does_not_appear(client, service, three_reviews, moderator, which):
    actions.review_hide(review=three_reviews[1], moderator=moderator, reason="Insults.")

    text = visible_text(_reviews_section(client.get(_page_url(which, service))))

    assert text.startswith("2 Reviews ★★★★ ☆ 4.5 out of 5 4.5")  # Ana's 5 and Cleo's 4
    assert "Ben Brown" not in text
    assert "5 stars 50% 1 4 stars 50% 1 3 stars" in text
    assert "Ana Adams" in text
    assert "Cleo Cruz" in text


@pytest.fixture
def twelve_reviews(service):
    """Reviewers 1 to 12, reviewer 12 the newest (March 12), all 5 stars but 1 and 2."""
    return [
        dated_review(service, rating=5 if n > 2 else 3, name=f"Reviewer {n:02d}", day=n)
        for n in range(1, 13)
    ]


def _reviewers(response):
    """The authors of the page of reviews the view hands the page, in the order shown."""
    page = response.context["detail"].reviews.page
    return [review.author.display_name for review in page.object_list]


@pytest.mark.parametrize("which", PAGES)
def test_ten_reviews_a_page_newest_first_and_the_rest_on_page_two(
    client, service, twelve_reviews, which
):
    url = _page_url(which, service)

    first = client.get(url)
    second = client.get(url, {"reviews": 2})

    assert _reviewers(first) == [f"Reviewer {n:02d}" for n in range(12, 2, -1)]
    assert _reviewers(second) == ["Reviewer 02", "Reviewer 01"]
    first_text = visible_text(_reviews_section(first))
    second_text = visible_text(_reviews_section(second))
    assert first_text.startswith("12 Reviews")
    assert "Page 1 of 2 Older →" in first_text
    assert 'href="?reviews=2#reviews"' in _reviews_section(first)
    assert "← Newer Page 2 of 2" in second_text
    assert second_text.startswith("12 Reviews")  # the count and summary stay whole


@pytest.mark.parametrize("which", PAGES)
@pytest.mark.parametrize("asked", ["abc", "0", "99"])
def test_a_bad_reviews_page_number_shows_a_real_page(
    client, service, twelve_reviews, which, asked
):
    response = client.get(_page_url(which, service), {"reviews": asked})

    assert response.status_code == 200
    expected = 2 if asked == "99" else 1
    page = response.context["detail"].reviews.page
    assert (page.number, page.paginator.num_pages) == (expected, 2)


@pytest.mark.parametrize("which", PAGES)
def test_review_text_and_replies_are_escaped(client, service, which):
    dated_review(
        service,
        rating=1,
        name="Mal Ory",
        day=3,
        text='<script>alert("review")</script><b>bold</b> and <img src=x onerror=alert(1)>',
        reply='<script>alert("reply")</script><a href="javascript:alert(2)">x</a>',
    )

    html = client.get(_page_url(which, service)).content.decode()

    assert "<script>alert(" not in html
    assert "<b>bold</b>" not in html
    assert "<img src=x" not in html
    assert '<a href="javascript:' not in html
    assert "&lt;script&gt;alert(&quot;review&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(&quot;reply&quot;)&lt;/script&gt;" in html


def test_a_clients_name_is_escaped(client, service):
    dated_review(service, rating=5, name="<i>Eve</i>", day=3)

    html = _reviews_section(client.get(service.get_absolute_url()))

    assert "<i>Eve</i>" not in html
    assert "&lt;i&gt;Eve&lt;/i&gt;" in html


def _service_json_ld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json"[^>]*>(.*?)</script>', response.content.decode(), re.S
    )
    found = [data for data in map(json.loads, blocks) if data.get("@type") == "Service"]
    assert len(found) == 1
    return found[0]


def test_the_service_json_ld_has_the_aggregate_rating_once_reviewed(client, service):
    assert "aggregateRating" not in _service_json_ld(client.get(service.get_absolute_url()))
    for n, stars in enumerate([5, 4, 4], start=1):
        dated_review(service, rating=stars, name=f"Client {n}", day=n)

    data = _service_json_ld(client.get(service.get_absolute_url()))

    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": "4.33",
        "reviewCount": 3,
        "bestRating": 5,
        "worstRating": 1,
    }


def test_the_rating_in_the_side_card_matches_the_reviews(client, service, three_reviews):
    service.refresh_from_db()
    assert (service.rating_average, service.review_count) == (Decimal("4.33"), 3)

    text = visible_text(client.get(service.get_absolute_url()).content.decode())

    assert "★★★★ ☆ 4.3 out of 5 4.3 · 3 reviews" in text


# Anonymous, the service page runs: the service with its freelancer, user and category path
# (its row carries the star distribution and the figures of "How this rating is
# computed"); its skills; the freelancer's other services; the page of reviews with their
# authors and their jobs' dates and message counts. Signed in adds the session and the
# user, and for anyone but the owner whether they have a completed job to review. Signed
# in, the header counts unread threads too. No page may take more than 8.
SERVICE_PAGE_QUERIES = {"anonymous": 4, "client_user": 8, "freelancer": 7, "stranger": 8}


# The profile page: the profile with its user (and its stored review figures); skills;
# published articles; public services; the page of reviews with their authors, services
# and their jobs' dates and message counts. Signed in adds the session and the user, and
# the header counts unread threads.
PROFILE_PAGE_QUERIES = {"anonymous": 5, "client_user": 8, "freelancer": 8, "stranger": 8}


def _many_reviews(service, count, *, elsewhere):
    """`count` reviews of `service`, every other one replied to, and `elsewhere` reviews of
    another service of the same freelancer."""
    other = ServiceFactory(freelancer=service.freelancer, title="Copy editing")
    for n in range(count):
        dated_review(
            service,
            rating=1 + n % 5,
            name=f"Reviewer {n:02d}",
            day=1 + n,
            reply="Thanks!" if n % 2 else None,
        )
    for n in range(elsewhere):
        dated_review(other, rating=5, name=f"Elsewhere {n}", day=20 + n, reply="Thanks!")


@pytest.mark.parametrize(("count", "reviews_page"), [(3, 1), (12, 1), (12, 2)])
@pytest.mark.parametrize("viewer", list(SERVICE_PAGE_QUERIES))
def test_service_page_query_count_is_pinned_whatever_the_number_of_reviews(
    client, request, service, django_assert_num_queries, viewer, count, reviews_page
):
    _many_reviews(service, count, elsewhere=2)
    if viewer != "anonymous":
        client.force_login(request.getfixturevalue(viewer))

    with django_assert_num_queries(SERVICE_PAGE_QUERIES[viewer]):
        response = client.get(service.get_absolute_url(), {"reviews": reviews_page})

    assert response.status_code == 200
    assert visible_text(_reviews_section(response)).count("Hired through the marketplace") == (
        min(10, count - 10 * (reviews_page - 1))
    )


@pytest.mark.parametrize(("count", "reviews_page"), [(3, 1), (12, 1), (12, 2)])
@pytest.mark.parametrize("viewer", list(PROFILE_PAGE_QUERIES))
def test_profile_page_query_count_is_pinned_whatever_the_number_of_reviews(
    client, request, service, django_assert_num_queries, viewer, count, reviews_page
):
    _many_reviews(service, count - 2, elsewhere=2)  # the profile lists both services' reviews
    if viewer != "anonymous":
        client.force_login(request.getfixturevalue(viewer))

    with django_assert_num_queries(PROFILE_PAGE_QUERIES[viewer]):
        response = client.get(service.freelancer.get_absolute_url(), {"reviews": reviews_page})

    assert response.status_code == 200
    assert visible_text(_reviews_section(response)).count("Hired through the marketplace") == (
        min(10, count - 10 * (reviews_page - 1))
    )
