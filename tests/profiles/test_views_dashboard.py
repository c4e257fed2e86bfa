"""The freelancer's side: becoming a freelancer, the profile form, uploads and articles."""

from decimal import Decimal
from functools import partial

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from profiles.models import Article, Profile
from tests.profiles import files
from tests.profiles.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fran(client, freelancer):
    """The test client, signed in as Fran the freelancer."""
    client.force_login(freelancer)
    return client


@pytest.fixture
def fran_article(freelancer):
    return ArticleFactory(
        profile=freelancer.profile,
        title="Covering the election",
        slug="covering-the-election",
        status=Article.Status.DRAFT,
        published_at=None,
    )


def _files_under(root):
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def _profile_data(**overrides):
    """A complete, valid profile form submission."""
    data = {
        "display_name": "Fran Freelancer",
        "headline": "Investigative journalist",
        "about": "I dig into public records.",
        "country": "Portugal",
        "city": "Lisbon",
        "hourly_rate": "30",
        "availability": "available",
        "away_until": "",
        "skills": "",
        "resume_visibility": "everyone",
    }
    return data | overrides


def _post_profile(client, **overrides):
    return client.post(reverse("profiles:edit"), _profile_data(**overrides))


# --- Access ------------------------------------------------------------------------------


DASHBOARD_URLS = [
    ("profiles:dashboard", {}),
    ("profiles:create", {}),
    ("profiles:edit", {}),
    ("profiles:remove_upload", {"field": "avatar"}),
    ("profiles:articles", {}),
    ("profiles:article_create", {}),
    ("profiles:article_edit", {"pk": "article"}),
    ("profiles:article_publish", {"pk": "article"}),
    ("profiles:article_unpublish", {"pk": "article"}),
    ("profiles:article_delete", {"pk": "article"}),
]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("name", "kwargs"), DASHBOARD_URLS, ids=[n for n, _ in DASHBOARD_URLS])
def test_anonymous_user_is_sent_to_log_in_from_every_dashboard_url(
    client, fran_article, method, name, kwargs
):
    kwargs = {
        key: fran_article.pk if value == "article" else value for key, value in kwargs.items()
    }
    url = reverse(name, kwargs=kwargs)

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"
    fran_article.refresh_from_db()
    assert fran_article.status == Article.Status.DRAFT


@pytest.mark.parametrize("name", ["profiles:edit", "profiles:articles", "profiles:article_create"])
def test_user_without_a_profile_is_sent_to_become_a_freelancer(client, stranger, name):
    client.force_login(stranger)

    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"] == reverse("profiles:create")


def test_dashboard_of_a_user_without_a_profile_offers_to_become_a_freelancer(client, stranger):
    client.force_login(stranger)

    response = client.get(reverse("profiles:dashboard"))

    assert response.status_code == 200
    assert response.context["profile"] is None
    assert b"Become a freelancer" in response.content


def test_becoming_a_freelancer_creates_a_profile_with_a_slug_from_the_name(client, stranger):
    client.force_login(stranger)

    response = client.post(
        reverse("profiles:create"),
        {"display_name": "Sam Stranger", "headline": "Copy editor"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("profiles:edit")
    profile = Profile.objects.get(user=stranger)
    assert profile.slug == "sam-stranger"
    assert profile.display_name == "Sam Stranger"
    assert profile.headline == "Copy editor"
    assert profile.status == Profile.Status.ACTIVE


def test_second_freelancer_with_the_same_name_gets_another_slug(client, stranger):
    namesake = UserFactory(email="sam2@example.com", name="Sam Stranger")
    for user in (stranger, namesake):
        client.force_login(user)
        client.post(reverse("profiles:create"), {"display_name": "Sam Stranger"})

    assert Profile.objects.get(user=stranger).slug == "sam-stranger"
    assert Profile.objects.get(user=namesake).slug == "sam-stranger-2"


def test_becoming_a_freelancer_without_a_name_shows_the_error_and_saves_nothing(client, stranger):
    client.force_login(stranger)

    response = client.post(reverse("profiles:create"), {"display_name": "", "headline": "x"})

    assert response.status_code == 200
    assert "display_name" in response.context["form"].errors
    assert not Profile.objects.filter(user=stranger).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_freelancer_opening_become_a_freelancer_is_sent_to_edit(fran, freelancer, method):
    response = getattr(fran, method)(reverse("profiles:create"), {"display_name": "Fran Again"})

    assert response.status_code == 302
    assert response["Location"] == reverse("profiles:edit")
    assert Profile.objects.get(user=freelancer).display_name == "Fran Freelancer"


# --- Editing the profile -----------------------------------------------------------------


def test_edit_page_shows_the_profile_form(fran, freelancer):
    response = fran.get(reverse("profiles:edit"))

    assert response.status_code == 200
    assert response.context["form"].instance == freelancer.profile
    assert b"Edit your profile" in response.content


def test_editing_the_profile_saves_text_rate_and_availability(fran, freelancer):
    response = _post_profile(
        fran,
        display_name="Francesca F.",
        headline="Data journalist",
        about="Numbers tell stories.",
        country="Spain",
        city="Madrid",
        hourly_rate="27.50",
        availability="busy",
        resume_visibility="signed_in",
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("profiles:edit")
    profile = Profile.objects.get(user=freelancer)
    assert profile.display_name == "Francesca F."
    assert profile.headline == "Data journalist"
    assert profile.about == "Numbers tell stories."
    assert profile.location == "Madrid, Spain"
    assert profile.hourly_rate == Decimal("27.50")
    assert profile.availability == Profile.Availability.BUSY
    assert profile.resume_visibility == Profile.ResumeVisibility.SIGNED_IN
    assert profile.slug == "fran-freelancer"


def test_away_with_a_date_is_saved(fran, freelancer):
    _post_profile(fran, availability="away", away_until="2031-05-01")

    profile = Profile.objects.get(user=freelancer)
    assert profile.availability == Profile.Availability.AWAY
    assert profile.away_until.isoformat() == "2031-05-01"


def test_away_without_a_date_shows_the_error_next_to_the_date_and_saves_nothing(fran, freelancer):
    response = _post_profile(fran, availability="away", away_until="", headline="Changed")

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["away_until"] == ["Say until when you are away."]
    assert "availability" not in form.errors
    assert b'id="id_away_until_error"' in response.content
    profile = Profile.objects.get(user=freelancer)
    assert profile.availability == Profile.Availability.AVAILABLE
    assert profile.headline != "Changed"


def test_a_zero_rate_shows_the_error_and_saves_nothing(fran, freelancer):
    response = _post_profile(fran, hourly_rate="0", headline="Changed")

    assert response.status_code == 200
    assert response.context["form"].errors["hourly_rate"]
    profile = Profile.objects.get(user=freelancer)
    assert profile.hourly_rate == Decimal("30")
    assert profile.headline != "Changed"


def test_skills_typed_in_two_cases_end_as_one_skill(fran, freelancer):
    _post_profile(fran, skills="news writing, News Writing, Editing")

    names = sorted(freelancer.profile.skills.values_list("name", flat=True))
    assert names == ["Editing", "News Writing"]


def test_valid_uploads_are_saved_checked_and_renamed(fran, freelancer, settings):
    data = _profile_data(
        avatar=files.png_file(name="me.png"),
        banner=files.jpeg_file(name="wide.jpg"),
        resume=files.pdf_file(name="my-cv.pdf"),
    )

    response = fran.post(reverse("profiles:edit"), data)

    assert response.status_code == 302
    profile = Profile.objects.get(user=freelancer)
    media, private = settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT
    assert profile.avatar.name.startswith("profiles/avatars/")
    assert profile.avatar.name.endswith(".webp")
    assert "me" not in profile.avatar.name.rsplit("/", 1)[1]
    assert profile.banner.name.startswith("profiles/banners/")
    assert profile.banner.name.endswith(".webp")
    assert profile.resume.name.startswith("resumes/")
    assert profile.resume.name.endswith(".pdf")
    assert "my-cv" not in profile.resume.name
    assert _files_under(media) == sorted(
        [media / profile.avatar.name, media / profile.banner.name]
    )
    assert _files_under(private) == [private / profile.resume.name]
    assert (private / profile.resume.name).read_bytes().startswith(b"%PDF-")


def test_two_avatar_uploads_get_different_random_names(fran, freelancer):
    fran.post(reverse("profiles:edit"), _profile_data(avatar=files.png_file(name="me.png")))
    first = Profile.objects.get(user=freelancer).avatar.name
    fran.post(reverse("profiles:edit"), _profile_data(avatar=files.png_file(name="me.png")))
    second = Profile.objects.get(user=freelancer).avatar.name

    assert first != second


def test_saving_without_new_files_keeps_the_current_ones(
    fran, freelancer, settings, django_capture_on_commit_callbacks
):
    fran.post(reverse("profiles:edit"), _profile_data(avatar=files.png_file()))
    avatar = Profile.objects.get(user=freelancer).avatar.name

    with django_capture_on_commit_callbacks(execute=True):
        response = _post_profile(fran, headline="Another headline")

    assert response.status_code == 302
    profile = Profile.objects.get(user=freelancer)
    assert profile.avatar.name == avatar
    assert profile.headline == "Another headline"
    assert (settings.MEDIA_ROOT / avatar).is_file()  # after the commit callbacks ran
    assert _files_under(settings.MEDIA_ROOT) == [settings.MEDIA_ROOT / avatar]


def test_replacing_the_avatar_deletes_the_old_file_only_after_commit(
    fran, freelancer, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        fran.post(reverse("profiles:edit"), _profile_data(avatar=files.png_file()))
    old = settings.MEDIA_ROOT / Profile.objects.get(user=freelancer).avatar.name

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = fran.post(
            reverse("profiles:edit"), _profile_data(avatar=files.jpeg_file(name="new.jpg"))
        )

    assert response.status_code == 302
    new = settings.MEDIA_ROOT / Profile.objects.get(user=freelancer).avatar.name
    assert new != old
    assert old.is_file()
    assert new.is_file()
    for callback in callbacks:  # the commit
        callback()

    assert not old.exists()
    assert new.is_file()


@pytest.mark.parametrize(
    ("field", "upload", "root_setting"),
    [
        ("avatar", files.png_file, "MEDIA_ROOT"),
        ("banner", files.jpeg_file, "MEDIA_ROOT"),
        ("resume", files.pdf_file, "PRIVATE_MEDIA_ROOT"),
    ],
)
def test_removing_an_upload_deletes_its_file_after_commit(
    fran, freelancer, settings, django_capture_on_commit_callbacks, field, upload, root_setting
):
    fran.post(reverse("profiles:edit"), _profile_data(**{field: upload()}))
    stored = (
        getattr(settings, root_setting) / getattr(Profile.objects.get(user=freelancer), field).name
    )
    assert stored.is_file()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = fran.post(reverse("profiles:remove_upload", kwargs={"field": field}))

    assert response.status_code == 302
    assert response["Location"] == reverse("profiles:edit")
    assert not getattr(Profile.objects.get(user=freelancer), field)
    assert stored.is_file()
    for callback in callbacks:  # the commit
        callback()

    assert not stored.exists()


def test_removing_an_unknown_upload_is_404(fran, freelancer):
    response = fran.post(reverse("profiles:remove_upload", kwargs={"field": "display_name"}))

    assert response.status_code == 404
    assert Profile.objects.get(user=freelancer).display_name == "Fran Freelancer"


def test_remove_upload_refuses_get(fran, freelancer, settings):
    fran.post(reverse("profiles:edit"), _profile_data(avatar=files.png_file()))

    response = fran.get(reverse("profiles:remove_upload", kwargs={"field": "avatar"}))

    assert response.status_code == 405
    assert Profile.objects.get(user=freelancer).avatar


def test_rejected_save_leaves_no_uploaded_file_behind(fran, freelancer, settings):
    """A business rule failing in the action must not leave the new file on disk."""
    response = fran.post(
        reverse("profiles:edit"),
        # Only the action's full_clean() knows the About limit: the form lets it through.
        _profile_data(about="x" * 5001, avatar=files.png_file()),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["about"]
    assert not Profile.objects.get(user=freelancer).avatar
    assert _files_under(settings.MEDIA_ROOT) == []


def _pdf_named(factory):
    return partial(factory, name="resume.pdf", content_type="application/pdf")


HOSTILE_UPLOADS = [
    *(
        (field, factory)
        for field in ("avatar", "banner")
        for factory in (
            files.text_named_png,
            files.svg_file,
            files.png_bomb_header,
            files.truncated_jpeg,
            files.empty_file,
            files.oversize_file,
        )
    ),
    ("resume", files.html_named_pdf),
    ("resume", partial(files.png_file, name="resume.pdf")),
    ("resume", files.truncated_pdf),
    ("resume", _pdf_named(files.empty_file)),
    ("resume", _pdf_named(files.oversize_file)),
]


def _upload_id(value):
    if isinstance(value, partial):
        return f"{value.func.__name__}_as_pdf"
    return getattr(value, "__name__", value)


@pytest.mark.parametrize(("field", "factory"), HOSTILE_UPLOADS, ids=_upload_id)
def test_hostile_upload_shows_the_error_on_its_field_and_saves_nothing(
    fran, freelancer, settings, field, factory
):
    before = Profile.objects.get(user=freelancer)

    response = fran.post(
        reverse("profiles:edit"),
        _profile_data(headline="Changed headline", city="Porto", **{field: factory()}),
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field]
    assert list(form.errors) == [field]
    after = Profile.objects.get(user=freelancer)
    assert after.headline == before.headline
    assert after.city == before.city
    assert after.updated_at == before.updated_at
    assert not getattr(after, field)
    assert _files_under(settings.MEDIA_ROOT) == []
    assert _files_under(settings.PRIVATE_MEDIA_ROOT) == []


# --- Authorization -----------------------------------------------------------------------


ARTICLE_ACTIONS = [
    ("get", "profiles:article_edit"),
    ("post", "profiles:article_edit"),
    ("post", "profiles:article_publish"),
    ("post", "profiles:article_unpublish"),
    ("post", "profiles:article_delete"),
]


def _article_edit_data(**overrides):
    return {"title": "Hijacked", "body": "Hijacked body", "intent": "publish"} | overrides


@pytest.mark.parametrize(("method", "name"), ARTICLE_ACTIONS)
def test_another_freelancer_cannot_touch_frans_article(
    client, other_freelancer, fran_article, method, name
):
    client.force_login(other_freelancer)

    response = getattr(client, method)(
        reverse(name, kwargs={"pk": fran_article.pk}), _article_edit_data()
    )

    assert response.status_code == 404
    article = Article.objects.get(pk=fran_article.pk)
    assert article.title == "Covering the election"
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None


@pytest.mark.parametrize(("method", "name"), ARTICLE_ACTIONS)
def test_stranger_is_sent_to_become_a_freelancer_and_changes_nothing(
    client, stranger, fran_article, method, name
):
    client.force_login(stranger)

    response = getattr(client, method)(
        reverse(name, kwargs={"pk": fran_article.pk}), _article_edit_data()
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("profiles:create")
    article = Article.objects.get(pk=fran_article.pk)
    assert article.title == "Covering the election"
    assert article.status == Article.Status.DRAFT


def test_another_freelancers_article_list_does_not_show_frans_articles(
    client, other_freelancer, fran_article
):
    client.force_login(other_freelancer)

    response = client.get(reverse("profiles:articles"))

    assert response.status_code == 200
    assert list(response.context["articles"]) == []
    assert b"Covering the election" not in response.content


# --- Articles ----------------------------------------------------------------------------


def _post_article(client, url=None, **data):
    return client.post(url or reverse("profiles:article_create"), data)


def test_saving_a_new_article_makes_a_draft(fran, freelancer):
    response = _post_article(fran, title="My first piece", body="Some *words*.", intent="save")

    article = Article.objects.get(profile=freelancer.profile)
    assert response.status_code == 302
    assert response["Location"] == reverse("profiles:article_edit", kwargs={"pk": article.pk})
    assert article.title == "My first piece"
    assert article.slug == "my-first-piece"
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    assert article.body_html == "<p>Some <em>words</em>.</p>"
    draft_url = article.get_absolute_url()
    assert Client().get(draft_url).status_code == 404
    assert fran.get(draft_url).status_code == 200


def test_previewing_an_article_saves_nothing_and_shows_it_sanitised(fran, freelancer):
    response = _post_article(
        fran,
        title="Preview me",
        body="Hello **there**\n\n<script>alert('owned')</script>",
        intent="preview",
    )

    assert response.status_code == 200
    assert not freelancer.profile.articles.exists()
    preview = response.context["preview"]
    assert "<strong>there</strong>" in preview
    assert "<script" not in preview
    assert b"<strong>there</strong>" in response.content
    assert b"<script>alert(" not in response.content


def test_article_form_with_errors_shows_them_and_saves_nothing(fran, freelancer):
    response = _post_article(fran, title="", body="Body", intent="publish")

    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert not freelancer.profile.articles.exists()


def test_publishing_a_new_article_sets_its_publication_date(fran, freelancer):
    _post_article(fran, title="Straight out", body="Text.", intent="publish")

    article = Article.objects.get(profile=freelancer.profile)
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at is not None
    assert Client().get(article.get_absolute_url()).status_code == 200


def test_publishing_a_draft_from_the_list_makes_it_public(fran, fran_article):
    response = fran.post(reverse("profiles:article_publish", kwargs={"pk": fran_article.pk}))

    assert response.status_code == 302
    assert response["Location"] == reverse("profiles:articles")
    fran_article.refresh_from_db()
    assert fran_article.status == Article.Status.PUBLISHED
    assert fran_article.published_at is not None
    assert Client().get(fran_article.get_absolute_url()).status_code == 200


def test_unpublishing_an_article_makes_it_a_draft_and_its_page_404(fran, freelancer):
    article = ArticleFactory(profile=freelancer.profile, title="Live", slug="live")
    public = Client()
    assert public.get(article.get_absolute_url()).status_code == 200

    response = fran.post(reverse("profiles:article_unpublish", kwargs={"pk": article.pk}))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert public.get(article.get_absolute_url()).status_code == 404


def test_deleting_an_article_removes_it(fran, fran_article):
    response = fran.post(reverse("profiles:article_delete", kwargs={"pk": fran_article.pk}))

    assert response.status_code == 302
    assert response["Location"] == reverse("profiles:articles")
    assert not Article.objects.filter(pk=fran_article.pk).exists()


@pytest.mark.parametrize("name", ["article_publish", "article_unpublish", "article_delete"])
def test_article_state_changes_refuse_get(fran, fran_article, name):
    response = fran.get(reverse(f"profiles:{name}", kwargs={"pk": fran_article.pk}))

    assert response.status_code == 405
    assert Article.objects.get(pk=fran_article.pk).status == Article.Status.DRAFT


def test_editing_an_article_keeps_its_slug_when_the_title_changes(fran, fran_article):
    url = reverse("profiles:article_edit", kwargs={"pk": fran_article.pk})

    response = _post_article(
        fran, url, title="Covering the recount", body="New *text*.", intent="save"
    )

    assert response.status_code == 302
    assert response["Location"] == url
    fran_article.refresh_from_db()
    assert fran_article.title == "Covering the recount"
    assert fran_article.slug == "covering-the-election"
    assert fran_article.body_html == "<p>New <em>text</em>.</p>"
    assert fran_article.status == Article.Status.DRAFT


def test_duplicate_title_in_the_same_profile_gets_another_slug(fran, freelancer, fran_article):
    _post_article(fran, title="Covering the election", body="Again.", intent="save")

    slugs = sorted(freelancer.profile.articles.values_list("slug", flat=True))
    assert slugs == ["covering-the-election", "covering-the-election-2"]


def test_same_title_in_another_profile_keeps_the_plain_slug(
    client, other_freelancer, fran_article
):
    client.force_login(other_freelancer)

    _post_article(client, title="Covering the election", body="Mine.", intent="save")

    assert other_freelancer.profile.articles.get().slug == "covering-the-election"


ARTICLE_LIST_QUERIES = 5


@pytest.mark.parametrize("count", [3, 6])
def test_article_list_query_count_does_not_grow_with_articles(
    fran, freelancer, django_assert_num_queries, count
):
    for n in range(count):
        ArticleFactory(profile=freelancer.profile, title=f"Piece {n}")
    ArticleFactory(
        profile=freelancer.profile, title="Draft piece", status="draft", published_at=None
    )

    with django_assert_num_queries(ARTICLE_LIST_QUERIES):
        response = fran.get(reverse("profiles:articles"))

    assert response.status_code == 200
    assert len(response.context["articles"]) == count + 1
    assert response.content.count(b'class="badge badge--published"') == count
    assert response.content.count(b'class="badge badge--draft"') == 1
    assert response.context["articles"][0].title == "Draft piece"


# --- Overview ----------------------------------------------------------------------------


def test_dashboard_lists_what_the_profile_is_missing(fran, freelancer):
    response = fran.get(reverse("profiles:dashboard"))

    assert response.status_code == 200
    assert response.context["profile"] == freelancer.profile
    missing = response.context["missing"]
    assert "a photo" in missing
    assert "a resume" in missing
    assert "a headline" not in missing
    assert b"<li>a photo</li>" in response.content


def test_dashboard_stops_asking_for_a_photo_once_there_is_one(fran, freelancer):
    freelancer.profile.avatar.save("me.webp", ContentFile(b"webp"), save=True)

    response = fran.get(reverse("profiles:dashboard"))

    assert "a photo" not in response.context["missing"]
    assert b"<li>a photo</li>" not in response.content
    assert b"<li>a resume</li>" in response.content


def test_complete_profile_has_nothing_missing(fran, freelancer):
    profile = freelancer.profile
    profile.city, profile.country = "Lisbon", "Portugal"
    profile.avatar.save("me.webp", ContentFile(b"webp"), save=False)
    profile.banner.save("wide.webp", ContentFile(b"webp"), save=False)
    profile.resume.save("cv.pdf", ContentFile(files.pdf_bytes()), save=False)
    profile.save()
    profile.skills.set([])
    fran.post(
        reverse("profiles:edit"),
        _profile_data(skills="Editing"),
    )
    ArticleFactory(profile=profile)

    response = fran.get(reverse("profiles:dashboard"))

    assert response.context["missing"] == []
    assert b"Your profile is complete." in response.content
