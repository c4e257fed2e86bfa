"""Resume downloads: who may have Fran's resume, and how it is served."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from profiles.models import Profile
from tests.profiles.files import pdf_bytes

pytestmark = pytest.mark.django_db

RESUME_URL = "/freelancers/fran-freelancer/resume/"
PROFILE_URL = "/freelancers/fran-freelancer/"

OK, LOGIN, NOT_FOUND = "200 attachment", "redirect to login", "404"

# visibility x viewer -> outcome. Staff have no special access outside the admin.
ACCESS = {
    ("everyone", "anonymous"): OK,
    ("everyone", "client_user"): OK,
    ("everyone", "owner"): OK,
    ("everyone", "moderator"): OK,
    ("signed_in", "anonymous"): LOGIN,
    ("signed_in", "client_user"): OK,
    ("signed_in", "owner"): OK,
    ("signed_in", "moderator"): OK,
    ("nobody", "anonymous"): NOT_FOUND,
    ("nobody", "client_user"): NOT_FOUND,
    ("nobody", "owner"): OK,
    ("nobody", "moderator"): NOT_FOUND,
}
ACCESS_CASES = [(vis, viewer, outcome) for (vis, viewer), outcome in ACCESS.items()]


@pytest.fixture
def resume_pdf():
    return pdf_bytes(pages=2)


@pytest.fixture
def fran_profile(freelancer, resume_pdf):
    """Fran's profile with a resume on file."""
    profile = freelancer.profile
    profile.resume.save("0a1b2c3d.pdf", ContentFile(resume_pdf), save=True)
    return profile


@pytest.fixture
def sign_in(client, request):
    """Signs the test client in as a viewer from the cast ("anonymous" stays signed out)."""

    def sign_in_as(viewer):
        if viewer != "anonymous":
            name = "freelancer" if viewer == "owner" else viewer
            client.force_login(request.getfixturevalue(name))
        return client

    return sign_in_as


def _set(profile, **fields):
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()


def _assert_resume_served(response, resume_pdf):
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="fran-freelancer-resume.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == resume_pdf


def test_resume_url_is_the_documented_address(fran_profile):
    assert reverse("profiles:resume", kwargs={"slug": "fran-freelancer"}) == RESUME_URL
    assert fran_profile.get_absolute_url() == PROFILE_URL


@pytest.mark.parametrize(("visibility", "viewer", "outcome"), ACCESS_CASES)
def test_resume_download_follows_its_visibility(
    fran_profile, sign_in, resume_pdf, visibility, viewer, outcome
):
    _set(fran_profile, resume_visibility=visibility)

    response = sign_in(viewer).get(RESUME_URL)

    if outcome == OK:
        _assert_resume_served(response, resume_pdf)
        assert response["Cache-Control"] == "private, no-store"
    elif outcome == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={RESUME_URL}"
    else:
        assert response.status_code == 404
        assert "Content-Disposition" not in response


@pytest.mark.parametrize("viewer", ["anonymous", "client_user", "owner", "moderator"])
def test_profile_without_a_resume_has_no_download(freelancer, sign_in, viewer):
    assert not freelancer.profile.resume

    response = sign_in(viewer).get(RESUME_URL)

    assert response.status_code == 404


def test_resume_whose_file_is_gone_is_404(fran_profile, client):
    fran_profile.resume.storage.delete(fran_profile.resume.name)

    response = client.get(RESUME_URL)

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("viewer", "outcome"),
    [
        ("anonymous", NOT_FOUND),
        ("client_user", NOT_FOUND),
        ("moderator", NOT_FOUND),
        ("owner", OK),
    ],
)
def test_suspended_profiles_resume_is_404_for_all_but_the_owner(
    fran_profile, sign_in, resume_pdf, viewer, outcome
):
    _set(fran_profile, status=Profile.Status.SUSPENDED)

    response = sign_in(viewer).get(RESUME_URL)

    if outcome == OK:
        _assert_resume_served(response, resume_pdf)
    else:
        assert response.status_code == 404


def test_resume_of_a_deactivated_user_is_404(fran_profile, freelancer, client):
    freelancer.is_active = False
    freelancer.save()

    assert client.get(RESUME_URL).status_code == 404


def test_unknown_freelancers_resume_is_404(client):
    assert client.get("/freelancers/nobody-here/resume/").status_code == 404


def test_resume_download_refuses_post(fran_profile, client):
    assert client.post(RESUME_URL).status_code == 405


@pytest.mark.parametrize(("visibility", "viewer", "outcome"), ACCESS_CASES)
def test_profile_page_offers_the_resume_exactly_when_the_viewer_may_download_it(
    fran_profile, sign_in, visibility, viewer, outcome
):
    _set(fran_profile, resume_visibility=visibility)

    response = sign_in(viewer).get(PROFILE_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert ("Download Resume" in content) is (outcome == OK)
    assert (f'href="{RESUME_URL}"' in content) is (outcome == OK)
    assert ("Sign in to download the resume" in content) is (outcome == LOGIN)


@pytest.mark.parametrize("viewer", ["anonymous", "client_user", "owner"])
def test_profile_page_without_a_resume_offers_no_download(freelancer, sign_in, viewer):
    response = sign_in(viewer).get(PROFILE_URL)

    assert response.status_code == 200
    assert b"Download Resume" not in response.content
    assert b"Sign in to download the resume" not in response.content
