"""The profile form: text, rate, availability, skills, and the uploads it saves, replaces and
removes.
"""

from decimal import Decimal
from functools import partial

import pytest
from django.urls import reverse

from profiles.models import Profile
from tests.profiles import files
from tests.profiles.forms import files_under, profile_data

pytestmark = pytest.mark.django_db


def _post_profile(client, **overrides):
    return client.post(reverse("profiles:edit"), profile_data(**overrides))


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
    data = profile_data(
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
    assert files_under(media) == sorted([media / profile.avatar.name, media / profile.banner.name])
    assert files_under(private) == [private / profile.resume.name]
    assert (private / profile.resume.name).read_bytes().startswith(b"%PDF-")


def test_two_avatar_uploads_get_different_random_names(fran, freelancer):
    fran.post(reverse("profiles:edit"), profile_data(avatar=files.png_file(name="me.png")))
    first = Profile.objects.get(user=freelancer).avatar.name
    fran.post(reverse("profiles:edit"), profile_data(avatar=files.png_file(name="me.png")))
    second = Profile.objects.get(user=freelancer).avatar.name

    assert first != second


def test_saving_without_new_files_keeps_the_current_ones(
    fran, freelancer, settings, django_capture_on_commit_callbacks
):
    fran.post(reverse("profiles:edit"), profile_data(avatar=files.png_file()))
    avatar = Profile.objects.get(user=freelancer).avatar.name

    with django_capture_on_commit_callbacks(execute=True):
        response = _post_profile(fran, headline="Another headline")

    assert response.status_code == 302
    profile = Profile.objects.get(user=freelancer)
    assert profile.avatar.name == avatar
    assert profile.headline == "Another headline"
    assert (settings.MEDIA_ROOT / avatar).is_file()  # after the commit callbacks ran
    assert files_under(settings.MEDIA_ROOT) == [settings.MEDIA_ROOT / avatar]


def test_replacing_the_avatar_deletes_the_old_file_only_after_commit(
    fran, freelancer, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        fran.post(reverse("profiles:edit"), profile_data(avatar=files.png_file()))
    old = settings.MEDIA_ROOT / Profile.objects.get(user=freelancer).avatar.name

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = fran.post(
            reverse("profiles:edit"), profile_data(avatar=files.jpeg_file(name="new.jpg"))
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
    fran.post(reverse("profiles:edit"), profile_data(**{field: upload()}))
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
    fran.post(reverse("profiles:edit"), profile_data(avatar=files.png_file()))

    response = fran.get(reverse("profiles:remove_upload", kwargs={"field": "avatar"}))

    assert response.status_code == 405
    assert Profile.objects.get(user=freelancer).avatar


def test_rejected_save_leaves_no_uploaded_file_behind(fran, freelancer, settings):
    """A business rule failing in the action must not leave the new file on disk."""
    response = fran.post(
        reverse("profiles:edit"),
        # Only the action's full_clean() knows the About limit: the form lets it through.
        profile_data(about="x" * 5001, avatar=files.png_file()),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["about"]
    assert not Profile.objects.get(user=freelancer).avatar
    assert files_under(settings.MEDIA_ROOT) == []


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
        profile_data(headline="Changed headline", city="Porto", **{field: factory()}),
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
    assert files_under(settings.MEDIA_ROOT) == []
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == []
