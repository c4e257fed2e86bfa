"""Moderators decide; they never edit what users wrote or uploaded. A superuser may edit a
profile, and every upload made in the admin goes through the dashboard's checks."""

import io

import pytest
from django import forms
from django.contrib import admin
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse
from PIL import Image

from profiles.actions import moderator_appoint
from profiles.models import Profile
from reviews.models import Report
from tests.profiles import files
from tests.profiles.factories import ArticleFactory, SkillFactory, UserFactory
from tests.reviews.factories import ReviewFactory
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
# What a moderator may still change on a change form: a service's category (a decision
# about where it is listed, not the freelancer's words). Everything else is an action.
MODERATOR_EDITABLE = {"Service": {"category"}}


@pytest.fixture
def mod_client(db):
    client = Client()
    client.force_login(
        moderator_appoint(user=UserFactory(email="mia@example.com", second_factor=True))
    )
    return client


@pytest.fixture
def root(db):
    return UserFactory(email="root@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def root_client(root):
    client = Client()
    client.force_login(root)
    return client


@pytest.fixture
def profile(freelancer):
    profile = freelancer.profile
    profile.about = "My own words."
    profile.resume = SimpleUploadedFile("cv.pdf", files.pdf_bytes())
    profile.resume_visibility = Profile.ResumeVisibility.NOBODY
    profile.save()
    profile.skills.set([SkillFactory(name="News Writing")])
    return profile


def _change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def _form_data(response):
    """What a browser sends back from the change page as shown (no new files)."""
    form = response.context["adminform"].form
    data = {"_save": "Save"}
    for name in form.fields:
        value = form[name].value()
        if value is None or isinstance(value, File):
            continue
        data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        for key, value in inline.formset.management_form.initial.items():
            data[f"{inline.formset.prefix}-{key}"] = value
    return data


def _gps_jpeg(name="me.jpg"):
    exif = Image.Exif()
    exif[0x010F] = "Snoopcam"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)})
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 80, 40)).save(out, "JPEG", exif=exif.tobytes())
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)  # the test's own premise
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def _stored(profile):
    return (
        profile.about,
        profile.display_name,
        profile.resume_visibility,
        profile.avatar.name,
        profile.resume.name,
        sorted(profile.skills.values_list("name", flat=True)),
    )


# --- Moderators -------------------------------------------------------------------------


def test_a_moderator_posting_changed_content_to_a_profile_changes_nothing(
    mod_client, root_client, profile
):
    before = _stored(profile)
    # The whole form, as a superuser's page would send it, with the content changed.
    data = _form_data(root_client.get(_change_url(profile)))
    data |= {
        "display_name": "Someone Else",
        "about": "Words the freelancer never wrote.",
        "resume_visibility": Profile.ResumeVisibility.EVERYONE,
        "skills": [SkillFactory(name="Poetry").pk],
        "avatar": files.png_file(),
        "resume": files.pdf_file(),
    }

    response = mod_client.post(_change_url(profile), data)

    assert response.status_code == 302
    profile.refresh_from_db()
    assert _stored(profile) == before


def test_a_moderator_sees_the_profiles_content_read_only(mod_client, profile):
    response = mod_client.get(_change_url(profile))

    page = response.content.decode()
    assert response.status_code == 200
    assert "My own words." in page
    for name in ("display_name", "about", "resume_visibility", "avatar", "resume", "skills"):
        assert f'name="{name}"' not in page


def _objects(profile):
    service = ServiceFactory(freelancer=profile)
    review = ReviewFactory(engagement__service=service)
    return {
        "User": profile.user,
        "Profile": profile,
        "Article": ArticleFactory(profile=profile),
        "Service": service,
        "Engagement": review.engagement,
        "Review": review,
        "Report": Report.objects.create(review=review, reporter=UserFactory(), reason="Rude."),
    }


def test_a_moderators_change_forms_hold_no_content_field(mod_client, profile):
    for model_name, obj in _objects(profile).items():
        response = mod_client.get(_change_url(obj))

        assert response.status_code == 200, model_name
        fields = set(response.context["adminform"].form.fields)
        assert fields <= MODERATOR_EDITABLE.get(model_name, set()), model_name


def test_a_superuser_keeps_the_edits_moderators_lack(root_client, profile):
    response = root_client.get(_change_url(profile))

    assert {"about", "avatar", "resume", "resume_visibility"} <= set(
        response.context["adminform"].form.fields
    )


# --- Superusers' uploads ----------------------------------------------------------------


def test_a_superusers_avatar_upload_is_stored_re_encoded_without_exif(root_client, profile):
    data = _form_data(root_client.get(_change_url(profile)))

    response = root_client.post(_change_url(profile), {**data, "avatar": _gps_jpeg()})

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.avatar.name.endswith(".webp")
    with profile.avatar.open("rb") as stored:
        content = stored.read()
    img = Image.open(io.BytesIO(content))
    assert (img.format, img.size) == ("WEBP", (256, 256))
    assert not img.getexif()
    assert b"Snoopcam" not in content
    assert b"Exif" not in content


def test_a_superusers_png_named_cv_pdf_is_refused_as_a_resume(root_client, profile):
    before = _stored(profile)
    data = _form_data(root_client.get(_change_url(profile)))

    response = root_client.post(
        _change_url(profile),
        {**data, "resume": files.png_file(name="cv.pdf")},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["resume"] == [
        "Upload your resume as a PDF file."
    ]
    profile.refresh_from_db()
    assert _stored(profile) == before


def test_a_superusers_edit_goes_through_the_dashboards_action(root_client, profile):
    data = _form_data(root_client.get(_change_url(profile)))

    response = root_client.post(_change_url(profile), {**data, "about": "Corrected on request."})

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.about == "Corrected on request."
    assert sorted(profile.skills.values_list("name", flat=True)) == ["News Writing"]


def test_no_admin_form_takes_a_file_without_checking_its_content(root, profile):
    """Whichever admin a file could be sent through, its field checks the content."""
    objects = _objects(profile)
    request = RequestFactory().get("/admin/")
    request.user = root
    for model, model_admin in admin.site._registry.items():
        obj = objects.get(model.__name__)
        form = model_admin.get_form(request, obj, change=obj is not None)
        inline_forms = [
            inline.get_formset(request, obj).form
            for inline in model_admin.get_inline_instances(request, obj)
        ]
        for form_class in [form, *inline_forms]:
            for name, field in form_class.base_fields.items():
                if isinstance(field, forms.FileField):
                    assert getattr(field, "checks_content", False), (model.__name__, name)
