"""The freelancer's services in the dashboard: list, create, edit, submit, withdraw, delete."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from profiles.models import Skill
from services.models import Category, Service
from tests.profiles import files
from tests.services.factories import EngagementFactory, ServiceFactory, leaf_category
from tests.services.forms import service_data

pytestmark = pytest.mark.django_db

S = Service.Status


@pytest.fixture
def fran(client, freelancer):
    """The test client, signed in as Fran the freelancer."""
    client.force_login(freelancer)
    return client


@pytest.fixture
def fran_draft(freelancer):
    return ServiceFactory(
        freelancer=freelancer.profile,
        title="Covering the election",
        slug="covering-the-election",
        status=S.DRAFT,
        published_at=None,
    )


@pytest.fixture
def olga_service(other_freelancer):
    return ServiceFactory(
        freelancer=other_freelancer.profile,
        title="Olga's translations",
        slug="olgas-translations",
        status=S.PUBLISHED,
    )


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def _url(name, service):
    return reverse(f"services:{name}", kwargs={"pk": service.pk})


# --- Access ------------------------------------------------------------------------------


DASHBOARD_URLS = [
    ("services:dashboard_list", False),
    ("services:dashboard_create", False),
    ("services:dashboard_edit", True),
    ("services:dashboard_submit", True),
    ("services:dashboard_withdraw", True),
    ("services:dashboard_delete", True),
]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("name", "with_pk"), DASHBOARD_URLS, ids=[n for n, _ in DASHBOARD_URLS])
def test_anonymous_user_is_sent_to_log_in_from_every_dashboard_url(
    client, fran_draft, method, name, with_pk
):
    url = reverse(name, kwargs={"pk": fran_draft.pk} if with_pk else {})

    response = getattr(client, method)(url, service_data() if method == "post" else None)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"
    fran_draft.refresh_from_db()
    assert fran_draft.status == S.DRAFT
    assert fran_draft.title == "Covering the election"
    assert Service.objects.count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("name", "with_pk"), DASHBOARD_URLS, ids=[n for n, _ in DASHBOARD_URLS])
def test_user_without_a_profile_is_sent_to_become_a_freelancer(
    client, stranger, fran_draft, method, name, with_pk
):
    client.force_login(stranger)
    url = reverse(name, kwargs={"pk": fran_draft.pk} if with_pk else {})

    response = getattr(client, method)(url, service_data() if method == "post" else None)

    assert response.status_code == 302
    assert response["Location"] == reverse("profiles:create")
    fran_draft.refresh_from_db()
    assert fran_draft.status == S.DRAFT
    assert Service.objects.count() == 1


@pytest.mark.parametrize("name", ["dashboard_submit", "dashboard_withdraw", "dashboard_delete"])
def test_the_post_only_urls_answer_get_with_405(fran, fran_draft, name):
    response = fran.get(_url(name, fran_draft))

    assert response.status_code == 405
    assert Service.objects.filter(pk=fran_draft.pk, status=S.DRAFT).exists()


@pytest.mark.parametrize(
    "name", ["dashboard_edit", "dashboard_submit", "dashboard_withdraw", "dashboard_delete"]
)
def test_another_freelancers_service_is_a_404_and_stays_untouched(fran, olga_service, name):
    response = fran.post(_url(name, olga_service), service_data(title="Hijacked"))

    assert response.status_code == 404
    olga_service.refresh_from_db()
    assert olga_service.title == "Olga's translations"
    assert olga_service.status == S.PUBLISHED


def test_another_freelancers_edit_page_is_a_404(fran, olga_service):
    response = fran.get(_url("dashboard_edit", olga_service))

    assert response.status_code == 404
    assert b"Olga" not in response.content


# --- Creating ----------------------------------------------------------------------------


def test_creating_a_service_makes_a_draft_and_opens_its_edit_page(fran, freelancer):
    response = fran.post(reverse("services:dashboard_create"), service_data())

    service = Service.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("dashboard_edit", service)
    assert service.freelancer == freelancer.profile
    assert service.status == S.DRAFT
    assert service.title == "News writing"
    assert service.slug == "news-writing"
    assert service.category == leaf_category()
    assert service.hourly_rate == Decimal("30")
    assert service.starting_price == Decimal("25")
    assert sorted(skill.name for skill in service.skills.all()) == ["Editing", "News Writing"]
    assert "Articles & News" in service.keywords
    assert _messages(response) == ["Your service is saved as a draft. Submit it when ready."]


def test_the_new_service_form_offers_only_subcategories(fran):
    response = fran.get(reverse("services:dashboard_create"))

    assert response.status_code == 200
    offered = {category.pk for category in response.context["form"].fields["category"].queryset}
    assert offered == set(Category.objects.leaves().values_list("pk", flat=True))
    assert not offered & set(Category.objects.top_level().values_list("pk", flat=True))


def test_creating_a_service_with_a_banner_stores_it_re_encoded(fran, settings):
    response = fran.post(
        reverse("services:dashboard_create"), service_data(banner=files.png_file())
    )

    assert response.status_code == 302
    banner = Service.objects.get().banner
    assert banner.name.endswith(".webp")
    assert (settings.MEDIA_ROOT / banner.name).is_file()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ""),
        ("title", "   "),
        ("hourly_rate", "0"),
        ("hourly_rate", "-5"),
        ("hourly_rate", "abc"),
        ("hourly_rate", ""),
        ("hourly_rate", "NaN"),
        ("starting_price", "-1"),
        ("description", ""),
        ("description", "x" * 10_001),
        ("category", ""),
        ("category", "top-level"),
        ("category", "999999"),
        ("engagement", "forever"),
        ("banner", "svg"),
        ("banner", "text-named-png"),
    ],
)
def test_bad_input_shows_the_form_again_with_the_error_on_its_field(fran, field, value):
    if value == "top-level":
        value = str(Category.objects.top_level().get(name="Writing & Translation").pk)
    elif value == "svg":
        value = files.svg_file()
    elif value == "text-named-png":
        value = files.text_named_png()

    response = fran.post(reverse("services:dashboard_create"), service_data(**{field: value}))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert b'class="field__errors"' in response.content
    assert not Service.objects.exists()
    assert not Skill.objects.exists()


# --- Editing -----------------------------------------------------------------------------


def test_the_edit_page_shows_the_service_with_its_skills(fran, fran_draft):
    fran_draft.skills.set([Skill.objects.create(name="Editing", slug="editing")])

    response = fran.get(_url("dashboard_edit", fran_draft))

    assert response.status_code == 200
    assert response.context["service"] == fran_draft
    assert response.context["form"].initial["skills"] == ["Editing"]
    assert b"Covering the election" in response.content


def test_under_premoderation_editing_a_live_title_sends_it_to_review(fran, freelancer, settings):
    settings.SERVICES_PREMODERATION = True
    service = ServiceFactory(freelancer=freelancer.profile, title="News writing")

    response = fran.post(
        _url("dashboard_edit", service),
        service_data(title="Long-form news writing", description=service.description),
    )

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.title == "Long-form news writing"
    assert service.status == S.PENDING
    assert _messages(response) == ["Saved. Your changes go live once the staff review them."]


def test_under_premoderation_resubmitting_the_same_text_keeps_a_service_live(
    fran, freelancer, settings
):
    settings.SERVICES_PREMODERATION = True
    service = ServiceFactory(
        freelancer=freelancer.profile,
        title="News writing",
        description="Reported, sourced, on deadline.",
    )

    response = fran.post(_url("dashboard_edit", service), service_data(hourly_rate="45"))

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.status == S.PUBLISHED
    assert service.hourly_rate == Decimal("45")
    assert _messages(response) == ["Your service is saved."]


def test_saving_without_a_new_banner_keeps_the_banner_and_the_service_live(
    fran, freelancer, settings
):
    settings.SERVICES_PREMODERATION = True
    fran.post(reverse("services:dashboard_create"), service_data(banner=files.png_file()))
    service = Service.objects.get()
    service.status, service.published_at = S.PUBLISHED, timezone.now()
    service.save()
    banner = service.banner.name

    response = fran.post(_url("dashboard_edit", service), service_data(hourly_rate="40"))

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.banner.name == banner
    assert (settings.MEDIA_ROOT / banner).is_file()
    assert service.status == S.PUBLISHED
    assert service.hourly_rate == Decimal("40")


def test_under_premoderation_a_new_banner_sends_a_live_service_to_review(
    fran, freelancer, settings
):
    settings.SERVICES_PREMODERATION = True
    service = ServiceFactory(
        freelancer=freelancer.profile,
        title="News writing",
        description="Reported, sourced, on deadline.",
    )

    response = fran.post(_url("dashboard_edit", service), service_data(banner=files.png_file()))

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.banner.name.endswith(".webp")
    assert service.status == S.PENDING


def test_editing_with_bad_input_changes_nothing(fran, fran_draft):
    response = fran.post(
        _url("dashboard_edit", fran_draft), service_data(title="New", hourly_rate="0")
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["hourly_rate"]
    fran_draft.refresh_from_db()
    assert fran_draft.title == "Covering the election"


# --- Submit, withdraw, delete ------------------------------------------------------------


def test_submitting_a_draft_under_premoderation_sends_it_to_review(fran, fran_draft, settings):
    settings.SERVICES_PREMODERATION = True

    response = fran.post(_url("dashboard_submit", fran_draft))

    assert response.status_code == 302
    assert response["Location"] == reverse("services:dashboard_list")
    fran_draft.refresh_from_db()
    assert fran_draft.status == S.PENDING
    assert _messages(response) == [
        "“Covering the election” is submitted; the staff will review it shortly."
    ]


def test_submitting_a_draft_without_premoderation_publishes_it(fran, fran_draft, settings):
    settings.SERVICES_PREMODERATION = False

    response = fran.post(_url("dashboard_submit", fran_draft))

    assert response.status_code == 302
    fran_draft.refresh_from_db()
    assert fran_draft.status == S.PUBLISHED
    assert fran_draft.published_at is not None
    assert _messages(response) == ["“Covering the election” is published."]


@pytest.mark.parametrize("status", [S.PENDING, S.PUBLISHED])
def test_withdrawing_takes_a_service_back_to_draft(fran, freelancer, status):
    service = ServiceFactory(
        freelancer=freelancer.profile,
        title="Covering the election",
        status=status,
        published_at=timezone.now() if status == S.PUBLISHED else None,
    )

    response = fran.post(_url("dashboard_withdraw", service))

    assert response.status_code == 302
    assert response["Location"] == reverse("services:dashboard_list")
    service.refresh_from_db()
    assert service.status == S.DRAFT
    assert _messages(response) == ["“Covering the election” is withdrawn and back to draft."]


def test_deleting_removes_the_service_and_says_so(fran, fran_draft):
    response = fran.post(_url("dashboard_delete", fran_draft))

    assert response.status_code == 302
    assert response["Location"] == reverse("services:dashboard_list")
    assert not Service.objects.filter(pk=fran_draft.pk).exists()
    assert _messages(response) == ["“Covering the election” is deleted."]


def test_deleting_a_hired_service_shows_an_error_and_keeps_it(fran, freelancer):
    service = ServiceFactory(freelancer=freelancer.profile, title="Hired once")
    EngagementFactory(service=service)

    response = fran.post(_url("dashboard_delete", service))

    assert response.status_code == 302
    assert response["Location"] == reverse("services:dashboard_list")
    assert Service.objects.filter(pk=service.pk).exists()
    assert _messages(response) == [
        "This service has hire requests, so it stays on record. Withdraw it instead."
    ]


def test_withdrawing_a_draft_shows_an_error_and_changes_nothing(fran, fran_draft):
    response = fran.post(_url("dashboard_withdraw", fran_draft), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("services:dashboard_list"), 302)]
    fran_draft.refresh_from_db()
    assert fran_draft.status == S.DRAFT
    assert [(str(message), message.level_tag) for message in response.context["messages"]] == [
        ("A service that is draft cannot be withdrawn.", "error")
    ]
    assert b"cannot be withdrawn" in response.content


@pytest.mark.parametrize("status", [S.PENDING, S.PUBLISHED, S.SUSPENDED])
def test_submitting_from_the_wrong_status_shows_an_error_and_changes_nothing(
    fran, freelancer, status
):
    service = ServiceFactory(
        freelancer=freelancer.profile,
        status=status,
        published_at=timezone.now() if status == S.PUBLISHED else None,
    )

    response = fran.post(_url("dashboard_submit", service))

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.status == status
    assert len(_messages(response)) == 1
    assert "cannot be submitted" in _messages(response)[0]


# --- The list ----------------------------------------------------------------------------


# session, user, profile, profile skills (prefetch), services with their categories
DASHBOARD_LIST_QUERIES = 6  # with the header's count of unread threads


@pytest.mark.parametrize("count", [3, 6])
def test_dashboard_list_query_count_does_not_grow_with_services(
    fran, freelancer, other_freelancer, django_assert_num_queries, count
):
    categories = ["articles-news", "logo-branding", "data-entry"]
    for n in range(count):
        ServiceFactory(
            freelancer=freelancer.profile,
            title=f"Live {n}",
            category=leaf_category(categories[n % 3]),
        )
    ServiceFactory(freelancer=freelancer.profile, title="Draft", status=S.DRAFT, published_at=None)
    ServiceFactory(freelancer=other_freelancer.profile, title="Not Fran's")

    with django_assert_num_queries(DASHBOARD_LIST_QUERIES):
        response = fran.get(reverse("services:dashboard_list"))

    assert response.status_code == 200
    titles = [service.title for service in response.context["services"]]
    assert titles[0] == "Draft"
    assert sorted(titles) == sorted(["Draft", *(f"Live {n}" for n in range(count))])
    assert response.content.count(b'class="badge badge--published"') == count
    assert response.content.count(b'class="badge badge--draft"') == 1
    assert "Design &amp; Art › Logo &amp; Branding" in response.content.decode()
    assert b"Not Fran" not in response.content


def test_dashboard_list_shows_the_note_of_a_rejected_service(fran, freelancer):
    ServiceFactory(
        freelancer=freelancer.profile,
        status=S.REJECTED,
        published_at=None,
        moderation_note="Add a sample of your work.",
    )

    response = fran.get(reverse("services:dashboard_list"))

    assert b"Add a sample of your work." in response.content


def test_empty_dashboard_list_invites_a_first_service(fran):
    response = fran.get(reverse("services:dashboard_list"))

    assert response.status_code == 200
    assert b"Add your first service" in response.content
