"""Every page of the site fits a 360 px screen: public pages, both sides' dashboards, the
account pages and the staff's moderation pages, each opened in Chromium at 360 px wide
(through `visit()`, so axe checks it too); nothing on it is wider than the screen, and no
page has two search boxes.

The list of pages is checked against the URL configuration: a new page of ours that is
missing here (and not set aside below with its reason) fails the last test.
"""

import pytest
from django.urls import URLResolver, get_resolver, reverse

from profiles.actions import moderator_appoint
from profiles.mail import MailKind, unsubscribe_token
from reviews import actions as review_actions
from reviews.models import Report
from services import actions as service_actions
from services.models import Service
from tests.browser.conftest import sign_in
from tests.profiles.factories import ArticleFactory, SkillFactory, UserFactory
from tests.services.factories import ServiceFactory, engagement_in, leaf_category

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 780}
# The innermost elements that reach past the screen's right edge, to name in a failure.
CULPRITS = """width => [...document.querySelectorAll("main *, header *")]
    .filter(e => e.getBoundingClientRect().right > width + 1)
    .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > width + 1))
    .slice(0, 3)
    .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""
# Long words and links are what push a phone page sideways.
LONG_TEXT = (
    "Sources: https://example.com/archive/2026/elections/regional-results-by-district-and-ward "
    "and the Bundesverfassungsgerichtsentscheidungen of last spring."
)

# Pages of our apps that are not pages: forms' POST targets, downloads, redirects.
NOT_PAGES = {
    "healthz": "a health check",
    "bench_baseline": "the benchmark's baseline",
    "robots_txt": "text for crawlers",
    "sitemap": "XML",
    "sitemap_section": "XML",
    "favicon": "an image",
    "media": "uploaded files",
    "profiles:resume": "a PDF download",
    "profiles:remove_upload": "POST only",
    "profiles:article_publish": "POST only",
    "profiles:article_unpublish": "POST only",
    "profiles:article_delete": "POST only",
    "services:dashboard_submit": "POST only",
    "services:dashboard_withdraw": "POST only",
    "services:dashboard_delete": "POST only",
    "services:engagement_accept": "POST only",
    "services:engagement_decline": "POST only",
    "services:engagement_cancel": "POST only",
    "services:engagement_deliver": "POST only",
    "services:engagement_complete": "POST only",
    "services:attachment": "a file download",
    "services:hire": "POST only (the form is on the service page)",
    "exports:download": "a ZIP download",
    "profiles:account_signup": "the same page as account_signup, visited below",
}


@pytest.fixture
def site(freelancer, client_user, stranger):
    """A little of everything: Fran's services in every state, an article, Casey's
    requests with a thread, a review with a reply and a report, a suspension to appeal."""
    moderator = moderator_appoint(
        user=UserFactory(email="mod@example.com", name="Mo Derator", second_factor=True)
    )
    fran = freelancer.profile
    journalism = SkillFactory(name="Investigative Journalism")
    live = ServiceFactory(
        freelancer=fran,
        title="Investigative reporting and fact-checking for regional newspapers",
        description=LONG_TEXT,
        skills=[journalism],
    )
    ServiceFactory(
        freelancer=fran,
        title="Proofreading annual reports",
        status=Service.Status.PENDING,
        published_at=None,
    )
    to_suspend = ServiceFactory(freelancer=fran, title="Zeppelin history features")
    service_actions.service_suspend(service=to_suspend, moderator=moderator, note=LONG_TEXT)
    article = ArticleFactory(profile=fran, title="How I verify a leaked document")
    requested = engagement_in("requested", service=live, client=client_user, message=LONG_TEXT)
    service_actions.message_send(engagement=requested, author=client_user, text=LONG_TEXT)
    answer = service_actions.message_send(engagement=requested, author=freelancer, text=LONG_TEXT)
    to_review = engagement_in("completed", service=live, client=client_user)
    reviewed = engagement_in("completed", service=live, client=stranger)
    review = review_actions.review_submit(
        engagement=reviewed,
        author=stranger,
        rating=4,
        communication=4,
        quality=5,
        value=3,
        text=LONG_TEXT,
    )
    review_actions.review_reply(review=review, actor=freelancer, text=LONG_TEXT)
    review_actions.review_report(review=review, reporter=client_user, reason=LONG_TEXT)
    return {
        "moderator": moderator,
        "live": live,
        "suspended": to_suspend,
        "article": article,
        "skill": journalism,
        "requested": requested,
        "answer": answer,
        "to_review": to_review,
        "review": review,
    }


def _public_pages(d):
    fran = d["live"].freelancer
    return {
        "home": "/",
        "how_it_works": reverse("how_it_works"),
        "services:list": reverse("services:list") + "?q=reporting",
        "services:category": reverse("services:category", args=["writing-translation"]),
        "services:subcategory": leaf_category("articles-news").get_absolute_url(),
        "empty category": reverse("services:subcategory", args=["legal", "contracts"]),
        "services:detail": d["live"].get_absolute_url(),
        "reviews:detail": reverse("reviews:detail", args=[d["review"].pk]),
        "profiles:list": reverse("profiles:list"),
        "profiles:detail": fran.get_absolute_url(),
        "profiles:article": reverse("profiles:article", args=[fran.slug, d["article"].slug]),
        "profiles:skill": reverse("profiles:skill", args=[d["skill"].slug]),
        "not found": "/no-such-page/",
        "account_login": reverse("account_login"),
        "account_signup": reverse("account_signup"),
        "account_reset_password": reverse("account_reset_password"),
        "account_reset_password_done": reverse("account_reset_password_done"),
        "account_request_login_code": reverse("account_request_login_code"),
        "accounts:deletion_policy": reverse("accounts:deletion_policy"),
        "accounts:deleted": reverse("accounts:deleted"),
        "accounts:unsubscribe": reverse(
            "accounts:unsubscribe",
            args=[unsubscribe_token(user=d["requested"].client, kind=MailKind.MESSAGES)],
        ),
    }


def _client_pages(d):
    engagement = d["requested"]
    return {
        "profiles:dashboard": reverse("profiles:dashboard"),
        "services:hires": reverse("services:hires"),
        "services:engagement": engagement.get_absolute_url(),
        "services:thread": reverse("services:thread", args=[engagement.pk]),
        "services:message_report": reverse(
            "services:message_report", args=[engagement.pk, d["answer"].pk]
        ),
        "reviews:create": reverse("reviews:create", args=[d["to_review"].pk]),
        "reviews:dashboard": reverse("reviews:dashboard"),
        "reviews:report": reverse("reviews:report", args=[d["review"].pk]),
        "reviews:report_service": reverse("reviews:report_service", args=[d["live"].slug]),
        "reviews:report_profile": reverse(
            "reviews:report_profile", args=[d["live"].freelancer.slug]
        ),
        "profiles:create": reverse("profiles:create"),
        "profiles:account": reverse("profiles:account"),
        "services:notifications": reverse("services:notifications"),
        "account_email": reverse("account_email"),
        "account_change_password": reverse("account_change_password"),
        "mfa_index": reverse("mfa_index"),
        "exports:page": reverse("exports:page"),
        "accounts:delete": reverse("accounts:delete"),
        "account_logout": reverse("account_logout"),
    }


def _freelancer_pages(d):
    fran = d["live"].freelancer
    entry = _suspension_entry(d["suspended"])
    return {
        "profiles:dashboard": reverse("profiles:dashboard"),
        "profiles:edit": reverse("profiles:edit"),
        "profiles:articles": reverse("profiles:articles"),
        "profiles:article_create": reverse("profiles:article_create"),
        "profiles:article_edit": reverse("profiles:article_edit", args=[d["article"].pk]),
        "services:dashboard_list": reverse("services:dashboard_list"),
        "services:dashboard_create": reverse("services:dashboard_create"),
        "services:dashboard_edit": reverse("services:dashboard_edit", args=[d["live"].pk]),
        "services:requests": reverse("services:requests"),
        "services:engagement": d["requested"].get_absolute_url(),
        "services:thread": reverse("services:thread", args=[d["requested"].pk]),
        "reviews:dashboard": reverse("reviews:dashboard"),
        "reviews:reply": reverse("reviews:reply", args=[d["review"].pk]),
        "reviews:appeal_create": f"{reverse('reviews:appeal_create')}?decision={entry}",
        "own public profile": fran.get_absolute_url(),
    }


def _suspension_entry(service):
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    return (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(service), object_id=str(service.pk)
        )
        .latest("action_time")
        .pk
    )


def _moderation_pages(d):
    report = Report.objects.get()
    return {
        "admin:index": reverse("admin:index"),
        "pending services": reverse("admin:services_service_changelist")
        + "?status__exact=pending",
        "a service": reverse("admin:services_service_change", args=[d["live"].pk]),
        "reports": reverse("admin:reviews_report_changelist") + "?status__exact=open",
        "a report": reverse("admin:reviews_report_change", args=[report.pk]),
        "reviews": reverse("admin:reviews_review_changelist"),
        "a review": reverse("admin:reviews_review_change", args=[d["review"].pk]),
        "appeals": reverse("admin:reviews_appeal_changelist"),
        "profiles": reverse("admin:profiles_profile_changelist"),
        "a profile": reverse("admin:profiles_profile_change", args=[d["live"].freelancer.pk]),
        "users": reverse("admin:profiles_user_changelist"),
        "articles": reverse("admin:profiles_article_changelist"),
        "skills": reverse("admin:profiles_skill_changelist"),
        "categories": reverse("admin:services_category_changelist"),
        "hire requests": reverse("admin:services_engagement_changelist"),
        "messages": reverse("admin:services_message_changelist"),
        "a message": reverse("admin:services_message_change", args=[d["answer"].pk]),
        "message reports": reverse("admin:services_messagereport_changelist"),
        "history": reverse("admin:admin_logentry_changelist"),
    }


def _assert_every_page_fits(page, visit, pages):
    """Each page at 360 px: nothing wider than the screen, and never two search boxes."""
    page.set_viewport_size(PHONE)
    too_wide, two_searches = {}, []
    for name, path in pages.items():
        visit(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[name] = (path, width, page.evaluate(CULPRITS, PHONE["width"]))
        if page.locator("input[type=search]").count() > 1:
            two_searches.append(path)
    assert not too_wide, f"pages wider than {PHONE['width']} px: {too_wide}"
    assert not two_searches, f"pages with two search boxes: {two_searches}"


def test_every_public_page_fits_a_phone(page, visit, site):
    _assert_every_page_fits(page, visit, _public_pages(site))


def test_every_page_of_a_clients_dashboard_fits_a_phone(
    page, live_server, visit, site, client_user
):
    sign_in(page, live_server, client_user)
    _assert_every_page_fits(page, visit, _client_pages(site))


def test_every_page_of_a_freelancers_dashboard_fits_a_phone(
    page, live_server, visit, site, freelancer
):
    sign_in(page, live_server, freelancer)
    _assert_every_page_fits(page, visit, _freelancer_pages(site))


def test_every_moderation_page_fits_a_phone(page, live_server, visit, site):
    sign_in(page, live_server, site["moderator"])
    _assert_every_page_fits(page, visit, _moderation_pages(site))


def _route_names(patterns, namespace=""):
    """Names of our own routes: the admin's and allauth's pages are many, and listed above
    where a user meets them."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                yield from _route_names(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name and not pattern.lookup_str.startswith("allauth."):
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_the_pages_above_are_every_page_of_ours(site):
    listed = set().union(
        _public_pages(site), _client_pages(site), _freelancer_pages(site), NOT_PAGES
    )

    assert set(_route_names(get_resolver().url_patterns)) - listed == set()
