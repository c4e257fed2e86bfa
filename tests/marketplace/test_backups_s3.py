"""With uploads in S3 buckets a backup holds the database only, and says so."""

import io
import tarfile

import pytest
from django.core.management import call_command

from marketplace import backups

# pg_dump runs in another process: it sees only committed rows.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def files_in_buckets(settings):
    settings.S3_ENDPOINT_URL = "http://127.0.0.1:8333"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": "pub"},
        },
        "private": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"bucket_name": "cv"}},
    }
    # A stray local file is not what the site serves any more: it stays out too.
    settings.MEDIA_ROOT.mkdir(parents=True)
    (settings.MEDIA_ROOT / "photo.png").write_bytes(b"png")


def test_a_backup_with_files_in_buckets_holds_the_database_and_says_the_files_are_not_in_it(
    files_in_buckets, tmp_path
):
    stderr = io.StringIO()

    call_command("backup", dir=tmp_path, stdout=io.StringIO(), stderr=stderr)

    [archive] = tmp_path.glob("marketplace-*.tar")
    with tarfile.open(archive) as tar:
        assert sorted(tar.getnames()) == [backups.DUMP, backups.MANIFEST]
    warning = stderr.getvalue()
    assert "NOT in the archive" in warning
    assert "pub, cv at http://127.0.0.1:8333" in warning
