"""A storage that cannot take an upload (disk full, read-only, unwritable): the form comes
back with the error next to the field, nothing in the database changes and no file is
left behind."""

import pytest
from django.urls import reverse

from profiles.models import Article, Profile
from profiles.uploads import STORAGE_ERROR_MESSAGE
from tests.profiles import files
from tests.profiles.factories import ArticleFactory
from tests.profiles.forms import files_under, profile_data
from tests.profiles.storages import FAILING, FullStorage, use_storage

pytestmark = pytest.mark.django_db

failing_storages = pytest.mark.parametrize("backend", FAILING, ids=lambda cls: cls.__name__)


@pytest.fixture
def fran(client, freelancer):
    client.force_login(freelancer)
    return client


def _stored(settings):
    return files_under(settings.MEDIA_ROOT) + files_under(settings.PRIVATE_MEDIA_ROOT)


def _storage_failures(caplog):
    return [r for r in caplog.records if r.name == "profiles.uploads" and r.exc_info]


@failing_storages
@pytest.mark.parametrize(
    ("field", "upload"), [("avatar", files.png_file), ("resume", files.pdf_file)]
)
def test_an_upload_the_storage_cannot_take_is_a_form_error_and_changes_nothing(
    fran, freelancer, settings, monkeypatch, caplog, backend, field, upload
):
    headline = freelancer.profile.headline
    use_storage(settings, monkeypatch, backend)

    response = fran.post(
        reverse("profiles:edit"), profile_data(headline="A new headline", **{field: upload()})
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [STORAGE_ERROR_MESSAGE]}
    assert STORAGE_ERROR_MESSAGE in response.content.decode()
    profile = Profile.objects.get(user=freelancer)
    assert profile.headline == headline
    assert not getattr(profile, field)
    assert _stored(settings) == []
    assert len(_storage_failures(caplog)) == 1


@failing_storages
def test_a_new_avatar_the_storage_cannot_take_keeps_the_current_one(
    fran, freelancer, settings, monkeypatch, caplog, django_capture_on_commit_callbacks, backend
):
    fran.post(reverse("profiles:edit"), profile_data(avatar=files.png_file()))
    current = Profile.objects.get(user=freelancer).avatar.name
    use_storage(settings, monkeypatch, backend)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = fran.post(reverse("profiles:edit"), profile_data(avatar=files.jpeg_file()))

    assert response.status_code == 200
    assert response.context["form"].errors == {"avatar": [STORAGE_ERROR_MESSAGE]}
    assert callbacks == []  # the rollback dropped the deletion of the current avatar
    assert Profile.objects.get(user=freelancer).avatar.name == current
    assert _stored(settings) == [settings.MEDIA_ROOT / current]


def test_a_write_that_fills_the_disk_leaves_no_empty_file(freelancer, settings, monkeypatch):
    """The full storage really does leave a zero-byte file behind, for the test above to
    prove that it is taken back."""
    use_storage(settings, monkeypatch, FullStorage)
    profile = freelancer.profile

    with pytest.raises(OSError, match="No space left"):
        profile.avatar.save("direct.webp", files.png_file())

    assert [path.stat().st_size for path in _stored(settings)] == [0]


@failing_storages
def test_an_article_cover_the_storage_cannot_take_is_a_form_error(
    fran, freelancer, settings, monkeypatch, backend
):
    article = ArticleFactory(profile=freelancer.profile, title="Covering the election")
    use_storage(settings, monkeypatch, backend)

    response = fran.post(
        reverse("profiles:article_edit", kwargs={"pk": article.pk}),
        {
            "title": "A new title",
            "body": article.body,
            "cover": files.png_file(),
            "intent": "save",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"cover": [STORAGE_ERROR_MESSAGE]}
    article = Article.objects.get(pk=article.pk)
    assert article.title == "Covering the election"
    assert not article.cover
    assert _stored(settings) == []
