"""The review pages (write, reply, report, dashboard) and how reviews show on the service
page and the freelancer's profile page."""

import datetime
import json
import re
from decimal import Decimal
from html import unescape
from urllib.parse import quote

import pytest
from django.urls import reverse

from reviews import actions
from reviews.models import Review, ReviewReport
from services.models import Service
from tests.profiles.factories import UserFactory
from tests.reviews.factories import review_publish
from tests.services.factories import EngagementFactory, ServiceFactory

pytestmark = pytest.mark.django_db

GOOD_TEXT = "Careful research, clean copy, delivered a day early."
VALID = {
    "rating": "5",
    "communication": "4",
    "quality": "5",
    "value": "3",
    "text": GOOD_TEXT,
}


def _text(html):
    """The page's visible text, tags removed and white space folded."""
    html = re.sub(r"<(script|style|head)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _reviews_section(response) -> str:
    """The HTML of the page's reviews section."""
    html = response.content.decode()
    match = re.search(r'<section class="section reviews" id="reviews".*?</section>', html, re.S)
    assert match, "the page has no reviews section"
    return match.group(0)


def _field_block(response, label) -> str:
    """The HTML of the one form field labelled `label`, its errors included."""
    html = response.content.decode()
    blocks = re.split(r'<div class="field(?: field--error)?">', html)[1:]
    found = [block for block in blocks if f">{label}</" in block]
    assert len(found) == 1, f"no single field labelled {label!r}"
    return found[0]


def _login_url(url):
    return f"{reverse('account_login')}?next={quote(url)}"


@pytest.fixture
def service(freelancer):
    return ServiceFactory(freelancer=freelancer.profile, title="News writing", slug="news")


@pytest.fixture
def job(service, client_user):
    """Casey's completed job on Fran's service, not reviewed yet."""
    return EngagementFactory(completed=True, service=service, client=client_user)


@pytest.fixture
def review(job):
    """Casey's review of the job, through the action."""
    return actions.review_submit(
        engagement=job,
        author=job.client,
        rating=4,
        communication=4,
        quality=4,
        value=4,
        text=GOOD_TEXT,
    )


def _create_url(engagement):
    return reverse("reviews:create", kwargs={"engagement_pk": engagement.pk})


# --- Writing a review ----------------------------------------------------------------------


def test_the_client_of_a_completed_job_sees_the_review_form(client, client_user, job):
    client.force_login(client_user)

    response = client.get(_create_url(job))

    assert response.status_code == 200
    text = _text(response.content.decode())
    assert "Review your job" in text
    assert "How did Fran Freelancer do on “ News writing ”?" in text  # two links
    for label in ["Overall", "Communication", "Quality of work", "Value for money"]:
        assert _field_block(response, label)


def test_a_valid_review_is_published_and_redirects_to_it_on_the_service_page(
    client, client_user, job, service
):
    client.force_login(client_user)

    response = client.post(_create_url(job), VALID)

    review = Review.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{service.get_absolute_url()}#review-{review.pk}"
    assert (review.engagement, review.author) == (job, client_user)
    assert (review.rating, review.communication, review.quality, review.value) == (5, 4, 5, 3)
    assert review.text == GOOD_TEXT
    page = client.get(response["Location"])
    assert "Thank you: your review is published." in _text(page.content.decode())
    assert f'id="review-{review.pk}"' in page.content.decode()


@pytest.mark.parametrize("value", ["0", "6", "3.5", "abc", ""])
@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("rating", "Overall"),
        ("communication", "Communication"),
        ("quality", "Quality of work"),
        ("value", "Value for money"),
    ],
)
def test_a_bad_rating_answers_the_form_with_the_error_at_the_field(
    client, client_user, job, field, label, value
):
    client.force_login(client_user)

    response = client.post(_create_url(job), VALID | {field: value})

    assert response.status_code == 200
    block = _field_block(response, label)
    assert f'id="id_{field}_error"' in block
    message = (
        "This field is required."
        if value == ""
        else f"Select a valid choice. {value} is not one of the available choices."
    )
    assert message in unescape(block)
    assert not Review.objects.exists()


def test_a_too_short_review_answers_the_form_with_the_error_at_the_field(client, client_user, job):
    client.force_login(client_user)

    response = client.post(_create_url(job), VALID | {"text": "Too short"})

    assert response.status_code == 200
    block = _field_block(response, "Your review")
    assert 'id="id_text_error"' in block
    assert "Ensure this value has at least 20 characters (it has 9)." in unescape(block)
    assert "Too short</textarea>" in block  # what was typed is kept
    assert not Review.objects.exists()


def test_a_job_that_is_not_completed_answers_a_clear_error(client, client_user, service):
    job = EngagementFactory(accepted=True, service=service, client=client_user)
    client.force_login(client_user)

    response = client.post(_create_url(job), VALID)

    assert response.status_code == 200
    errors = re.search(r'<div class="form-errors".*?</div>', response.content.decode(), re.S)
    assert errors
    assert "You can review a job once the freelancer has completed it." in errors.group(0)
    assert not Review.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("viewer", ["stranger", "freelancer", "other_freelancer"])
def test_someone_elses_job_is_404(client, request, job, method, viewer):
    client.force_login(request.getfixturevalue(viewer))

    response = getattr(client, method)(_create_url(job), VALID)

    assert response.status_code == 404
    assert not Review.objects.exists()


def test_an_unknown_job_is_404(client, client_user):
    client.force_login(client_user)

    assert (
        client.get(reverse("reviews:create", kwargs={"engagement_pk": 999_999})).status_code == 404
    )


def test_a_job_already_reviewed_answers_a_clear_error(client, client_user, job, review):
    client.force_login(client_user)

    opened = client.get(_create_url(job), follow=True)
    assert opened.redirect_chain == [(job.get_absolute_url(), 302)]
    assert "cannot be reviewed" in _text(opened.content.decode())
    response = client.post(_create_url(job), VALID | {"rating": "1"})

    assert response.status_code == 200
    assert "You have already reviewed this job." in _text(response.content.decode())
    assert list(Review.objects.values_list("pk", "rating")) == [(review.pk, 4)]


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_log_in_to_review(client, job, method):
    url = _create_url(job)

    response = client.post(url, VALID) if method == "post" else client.get(url)

    assert response.status_code == 302
    assert response["Location"] == _login_url(url)
    assert not Review.objects.exists()


def test_the_service_page_invites_the_client_to_review_a_completed_job_once(
    client, client_user, job, service
):
    client.force_login(client_user)

    before = client.get(service.get_absolute_url()).content.decode()
    assert f'href="{_create_url(job)}"' in before

    client.post(_create_url(job), VALID)
    after = client.get(service.get_absolute_url()).content.decode()
    assert _create_url(job) not in after


# --- Replying --------------------------------------------------------------------------------


def _reply_url(review):
    return reverse("reviews:reply", kwargs={"pk": review.pk})


def test_the_reviewed_freelancer_replies_from_the_reply_page(client, freelancer, review):
    client.force_login(freelancer)

    page = client.get(_reply_url(review))
    response = client.post(_reply_url(review), {"reply": "Thank you, Casey!"})

    assert page.status_code == 200
    assert "Reply to Casey Client" in _text(page.content.decode())
    assert GOOD_TEXT in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:dashboard")
    review.refresh_from_db()
    assert review.reply == "Thank you, Casey!"


def test_the_freelancer_edits_a_reply(client, freelancer, review):
    actions.review_reply(review=review, actor=freelancer, text="Thank you, Casey!")
    client.force_login(freelancer)

    page = client.get(_reply_url(review))
    client.post(_reply_url(review), {"reply": "Thanks again, Casey."})

    assert "Thank you, Casey!</textarea>" in page.content.decode()
    assert "Update reply" in page.content.decode()
    review.refresh_from_db()
    assert review.reply == "Thanks again, Casey."


def test_an_empty_reply_answers_the_form_with_the_error_at_the_field(client, freelancer, review):
    client.force_login(freelancer)

    response = client.post(_reply_url(review), {"reply": ""})

    assert response.status_code == 200
    block = _field_block(response, "Your public reply")
    assert "This field is required." in block
    review.refresh_from_db()
    assert review.reply == ""


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("viewer", ["client_user", "stranger", "other_freelancer", "moderator"])
def test_the_reply_page_is_404_to_anyone_but_the_reviewed_freelancer(
    client, request, review, method, viewer
):
    client.force_login(request.getfixturevalue(viewer))

    response = getattr(client, method)(_reply_url(review), {"reply": "Not mine to answer."})

    assert response.status_code == 404
    review.refresh_from_db()
    assert review.reply == ""


def test_anonymous_visitors_are_sent_to_log_in_to_reply(client, review):
    response = client.get(_reply_url(review))

    assert response.status_code == 302
    assert response["Location"] == _login_url(_reply_url(review))


# --- Reporting -------------------------------------------------------------------------------


def _report_url(review):
    return reverse("reviews:report", kwargs={"pk": review.pk})


@pytest.mark.parametrize("reporter", ["stranger", "freelancer", "other_freelancer"])
def test_a_signed_in_user_reports_a_review(client, request, review, service, reporter):
    user = request.getfixturevalue(reporter)
    client.force_login(user)

    page = client.get(_report_url(review))
    response = client.post(_report_url(review), {"reason": "It advertises another site."})

    assert page.status_code == 200
    assert GOOD_TEXT in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == f"{service.get_absolute_url()}#review-{review.pk}"
    report = ReviewReport.objects.get()
    assert (report.review, report.reporter, report.reason) == (
        review,
        user,
        "It advertises another site.",
    )


def test_reporting_your_own_review_answers_a_clear_error(client, client_user, review):
    client.force_login(client_user)

    response = client.post(_report_url(review), {"reason": "I changed my mind about it."})

    assert response.status_code == 200
    assert "You cannot report your own review." in _text(response.content.decode())
    assert not ReviewReport.objects.exists()


def test_a_second_open_report_answers_a_clear_error(client, stranger, review):
    client.force_login(stranger)
    client.post(_report_url(review), {"reason": "It advertises another site."})

    response = client.post(_report_url(review), {"reason": "It still advertises it."})

    assert response.status_code == 200
    assert "You have already reported this review." in _text(response.content.decode())
    assert ReviewReport.objects.count() == 1


def test_a_too_short_report_answers_the_form_with_the_error_at_the_field(client, stranger, review):
    client.force_login(stranger)

    response = client.post(_report_url(review), {"reason": "Bad."})

    assert response.status_code == 200
    block = _field_block(response, "What is wrong with this review?")
    assert "Ensure this value has at least 10 characters (it has 4)." in unescape(block)
    assert not ReviewReport.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_log_in_to_report(client, review, method):
    url = _report_url(review)
    response = (
        client.post(url, {"reason": "It advertises a site."})
        if method == "post"
        else client.get(url)
    )

    assert response.status_code == 302
    assert response["Location"] == _login_url(_report_url(review))
    assert not ReviewReport.objects.exists()


def test_a_hidden_review_cannot_be_reported(client, stranger, moderator, review):
    actions.review_hide(review=review, moderator=moderator, reason="Names a private person.")
    client.force_login(stranger)

    assert client.get(_report_url(review)).status_code == 404
    response = client.post(_report_url(review), {"reason": "It advertises another site."})
    assert response.status_code == 404
    assert not ReviewReport.objects.exists()


@pytest.mark.parametrize("status", [Service.Status.SUSPENDED, Service.Status.REJECTED])
def test_a_review_of_a_service_that_is_not_public_cannot_be_reported(
    client, stranger, review, service, status
):
    Service.objects.filter(pk=service.pk).update(status=status)
    client.force_login(stranger)

    assert client.get(_report_url(review)).status_code == 404
    response = client.post(_report_url(review), {"reason": "It advertises another site."})
    assert response.status_code == 404
    assert not ReviewReport.objects.exists()


def test_an_unknown_review_cannot_be_reported(client, stranger):
    client.force_login(stranger)

    assert client.get(reverse("reviews:report", kwargs={"pk": 999_999})).status_code == 404


# --- How reviews show on the service and profile pages ---------------------------------------

PAGES = ["service", "profile"]


def _page_url(which, service):
    return (
        service.get_absolute_url() if which == "service" else service.freelancer.get_absolute_url()
    )


def _dated_review(service, *, rating, name, day, text=None, reply=None):
    """A review by a client called `name` on March `day`, 2025 at noon, through the actions."""
    review = review_publish(
        service=service,
        client=UserFactory(name=name),
        rating=rating,
        text=text or f"{name} says: a {rating}-star job, on time and well sourced.",
    )
    when = datetime.datetime(2025, 3, day, 12, tzinfo=datetime.UTC)
    Review.objects.filter(pk=review.pk).update(created_at=when)
    if reply:
        actions.review_reply(review=review, actor=service.freelancer.user, text=reply)
        Review.objects.filter(pk=review.pk).update(replied_at=when + datetime.timedelta(days=1))
    return review


@pytest.fixture
def three_reviews(service):
    """Ana (5 stars, Mar 3, with Fran's reply), Ben (4, Mar 5), Cleo (4, Mar 4)."""
    return [
        _dated_review(service, rating=5, name="Ana Adams", day=3, reply="Thank you, Ana!"),
        _dated_review(service, rating=4, name="Ben Brown", day=5),
        _dated_review(service, rating=4, name="Cleo Cruz", day=4),
    ]


@pytest.mark.parametrize("which", PAGES)
def test_with_no_reviews_the_page_says_so(client, service, which):
    section = _text(_reviews_section(client.get(_page_url(which, service))))

    assert section == "0 Reviews This Freelancer has not received any feedback."


@pytest.mark.parametrize("which", PAGES)
def test_one_review_is_counted_in_the_singular(client, service, which):
    _dated_review(service, rating=5, name="Ana Adams", day=3)

    section = _reviews_section(client.get(_page_url(which, service)))

    assert '<h2 id="reviews-title">1 Review</h2>' in section
    assert "not received any feedback" not in section


@pytest.mark.parametrize("which", PAGES)
def test_the_page_shows_count_average_with_stars_and_distribution(
    client, service, three_reviews, which
):
    section = _reviews_section(client.get(_page_url(which, service)))
    text = _text(section)

    assert '<h2 id="reviews-title">3 Reviews</h2>' in section
    assert text.startswith("3 Reviews ★★★★☆ 4.3 out of 5 stars")  # 13 / 3 = 4.33
    assert (
        "Reviews by stars 5 stars 33% 1 4 stars 67% 2 3 stars 0% 0 2 stars 0% 0 1 star 0% 0"
        in text
    )


@pytest.mark.parametrize("which", PAGES)
def test_each_review_shows_verified_hire_client_date_ratings_and_reply_newest_first(
    client, service, three_reviews, which
):
    section = _text(_reviews_section(client.get(_page_url(which, service))))

    ben = section.index("★★★★☆ Ben Brown ✔ Verified hire Mar 5, 2025")
    cleo = section.index("★★★★☆ Cleo Cruz ✔ Verified hire Mar 4, 2025")
    ana = section.index("★★★★★ Ana Adams ✔ Verified hire Mar 3, 2025")
    assert ben < cleo < ana
    assert section.count("Verified hire") == 3
    assert "Ben Brown says: a 4-star job, on time and well sourced." in section
    assert "Communication 4/5 · Quality 4/5 · Value 4/5" in section
    assert section.endswith(
        "Ana Adams says: a 5-star job, on time and well sourced. "
        "Reply from Fran Freelancer Mar 4, 2025 Thank you, Ana!"
    )
    assert section.count("Reply from Fran Freelancer") == 1


def test_the_profile_page_names_the_service_each_review_is_for(client, freelancer, service):
    editing = ServiceFactory(freelancer=freelancer.profile, title="Copy editing")
    _dated_review(service, rating=5, name="Ana Adams", day=3)
    _dated_review(editing, rating=3, name="Ben Brown", day=5)

    response = client.get(freelancer.profile.get_absolute_url())
    section = _reviews_section(response)
    text = _text(section)

    assert "2 Reviews ★★★★☆ 4.0" in text
    assert text.index("Ben Brown") < text.index("For Copy editing") < text.index("Ana Adams")
    assert text.index("Ana Adams") < text.index("For News writing")
    assert f'href="{editing.get_absolute_url()}"' in section


def test_the_service_page_shows_only_its_own_reviews(client, freelancer, service):
    editing = ServiceFactory(freelancer=freelancer.profile, title="Copy editing")
    _dated_review(service, rating=5, name="Ana Adams", day=3)
    _dated_review(editing, rating=3, name="Ben Brown", day=5)

    text = _text(_reviews_section(client.get(service.get_absolute_url())))

    assert text.startswith("1 Review ★★★★★ 5.0")
    assert "Ana Adams" in text
    assert "Ben Brown" not in text


@pytest.mark.parametrize("which", PAGES)
def test_a_hidden_review_does_not_appear(client, service, three_reviews, moderator, which):
    actions.review_hide(review=three_reviews[1], moderator=moderator, reason="Insults.")

    text = _text(_reviews_section(client.get(_page_url(which, service))))

    assert text.startswith("2 Reviews ★★★★★ 4.5")  # Ana's 5 and Cleo's 4
    assert "Ben Brown" not in text
    assert "5 stars 50% 1 4 stars 50% 1 3 stars" in text
    assert "Ana Adams" in text
    assert "Cleo Cruz" in text


@pytest.fixture
def twelve_reviews(service):
    """Reviewers 1 to 12, reviewer 12 the newest (March 12), all 5 stars but 1 and 2."""
    return [
        _dated_review(service, rating=5 if n > 2 else 3, name=f"Reviewer {n:02d}", day=n)
        for n in range(1, 13)
    ]


def _reviewers(response):
    return re.findall(r"(Reviewer \d\d) ✔ Verified hire", _text(_reviews_section(response)))


@pytest.mark.parametrize("which", PAGES)
def test_ten_reviews_a_page_newest_first_and_the_rest_on_page_two(
    client, service, twelve_reviews, which
):
    url = _page_url(which, service)

    first = client.get(url)
    second = client.get(url, {"reviews": 2})

    assert _reviewers(first) == [f"Reviewer {n:02d}" for n in range(12, 2, -1)]
    assert _reviewers(second) == ["Reviewer 02", "Reviewer 01"]
    first_text = _text(_reviews_section(first))
    second_text = _text(_reviews_section(second))
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
    assert f"Page {expected} of 2" in _text(_reviews_section(response))


@pytest.mark.parametrize("which", PAGES)
def test_review_text_and_replies_are_escaped(client, service, which):
    _dated_review(
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
    _dated_review(service, rating=5, name="<i>Eve</i>", day=3)

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
        _dated_review(service, rating=stars, name=f"Client {n}", day=n)

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

    text = _text(client.get(service.get_absolute_url()).content.decode())

    assert "★★★★☆ 4.3 · 3 reviews" in text


# --- Query counts ------------------------------------------------------------------------------

# Anonymous, the service page runs: the service with its freelancer, user and category path;
# its skills; the freelancer's other services; the page of reviews with their authors; the
# star distribution. Signed in adds the session and the user, and for anyone but the owner
# whether they have a completed job to review. No page may take more than 8.
SERVICE_PAGE_QUERIES = {"anonymous": 5, "client_user": 8, "freelancer": 7, "stranger": 8}
# The profile page: the profile with its user; skills; published articles; public services;
# the page of reviews with their authors and services; the star distribution. Signed in adds
# the session and the user.
PROFILE_PAGE_QUERIES = {"anonymous": 6, "client_user": 8, "freelancer": 8, "stranger": 8}


def _many_reviews(service, count, *, elsewhere):
    """`count` reviews of `service`, every other one replied to, and `elsewhere` reviews of
    another service of the same freelancer."""
    other = ServiceFactory(freelancer=service.freelancer, title="Copy editing")
    for n in range(count):
        _dated_review(
            service,
            rating=1 + n % 5,
            name=f"Reviewer {n:02d}",
            day=1 + n,
            reply="Thanks!" if n % 2 else None,
        )
    for n in range(elsewhere):
        _dated_review(other, rating=5, name=f"Elsewhere {n}", day=20 + n, reply="Thanks!")


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
    assert _text(_reviews_section(response)).count("Verified hire") == (
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
    assert _text(_reviews_section(response)).count("Verified hire") == (
        min(10, count - 10 * (reviews_page - 1))
    )


# --- The reviews dashboard -----------------------------------------------------------------------

# The session, the user; then for the reviews received and the reviews written each a count
# and a page.
DASHBOARD_QUERIES = 6


@pytest.mark.parametrize("count", [3, 5])
def test_the_dashboard_lists_reviews_received_and_written_in_pinned_queries(
    client, freelancer, other_freelancer, service, moderator, django_assert_num_queries, count
):
    received = [
        _dated_review(
            service, rating=4, name=f"Client {n}", day=n, reply="Thanks!" if n % 2 else None
        )
        for n in range(1, count + 1)
    ]
    actions.review_hide(review=received[0], moderator=moderator, reason="Names a person.")
    olgas = ServiceFactory(freelancer=other_freelancer.profile, title="Translation")
    for n in range(count):
        review_publish(service=olgas, client=freelancer, rating=3, text=f"Fran wrote review {n}.")
    client.force_login(freelancer)

    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("reviews:dashboard"))

    assert response.status_code == 200
    text = _text(response.content.decode())
    mine, written = text.split("Reviews you wrote")
    assert re.findall(r"(Client \d) on News writing", mine) == [
        f"Client {n}" for n in range(count, 0, -1)
    ]
    assert "Hidden by the staff: Names a person." in mine
    assert mine.count("Edit your reply") == (count + 1) // 2  # Fran answered the odd ones
    assert written.count("for Translation by Olga Other") == count


def test_the_dashboard_needs_a_login(client):
    url = reverse("reviews:dashboard")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == _login_url(url)


def test_the_dashboard_shows_nothing_of_other_freelancers_reviews(
    client, other_freelancer, service, three_reviews
):
    client.force_login(other_freelancer)

    text = _text(client.get(reverse("reviews:dashboard")).content.decode())

    assert "No reviews of your services yet." in text
    assert "You have not reviewed a job yet." in text
    assert "Ana Adams" not in text
