"""Backups for real: pg_dump and pg_restore against the test server, files on disk."""

import contextlib
import errno
import io
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.utils import load_backend

from marketplace import backups
from tests.profiles.factories import ProfileFactory

# pg_dump runs in another process: it sees only committed rows.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def new_database():
    """An empty database on the test server, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield {**connection.settings_dict, "NAME": name}
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def _cursor(database: dict):
    """A cursor on `database` through a Django connection of its own, closed afterwards."""
    wrapper = load_backend(database["ENGINE"]).DatabaseWrapper(database)
    try:
        with wrapper.cursor() as cursor:
            yield cursor
    finally:
        wrapper.close()


def _row_counts(database: dict) -> dict[str, int]:
    with _cursor(database) as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _media_roots(tmp_path: Path, name: str) -> dict[str, Path]:
    return {"media": tmp_path / name / "media", "private-media": tmp_path / name / "private"}


def test_a_backup_restores_into_a_new_database_and_new_folders(settings, tmp_path, new_database):
    call_command("seed_demo", scale=0, stdout=io.StringIO())
    call_command("backup", dir=tmp_path / "backups", stdout=io.StringIO())
    [archive] = (tmp_path / "backups").iterdir()
    target_roots = _media_roots(tmp_path, "restored")

    manifest = backups.restore(archive, database=new_database, media_roots=target_roots)

    source, restored = _row_counts(connection.settings_dict), _row_counts(new_database)
    # Cached pages and rate-limit counts are not backed up; their tables are restored empty.
    cache_tables = set(manifest["database"]["cache_tables_without_rows"])
    assert cache_tables == {"django_cache", "page_cache"}
    assert {t: restored[t] for t in cache_tables} == dict.fromkeys(cache_tables, 0)
    assert {t: n for t, n in restored.items() if t not in cache_tables} == {
        t: n for t, n in source.items() if t not in cache_tables
    }
    assert source["services_engagement"] > 0
    assert source["reviews_review"] > 0
    media, private = _files(settings.MEDIA_ROOT), _files(settings.PRIVATE_MEDIA_ROOT)
    assert media
    assert private
    assert _files(target_roots["media"]) == media
    assert _files(target_roots["private-media"]) == private
    assert archive.name.startswith("marketplace-")
    assert archive.suffix == ".tar"


def test_restore_refuses_data_it_would_overwrite_unless_forced(settings, tmp_path, new_database):
    ProfileFactory(display_name="Kept Around")
    (settings.PRIVATE_MEDIA_ROOT / "resumes").mkdir(parents=True)
    (settings.PRIVATE_MEDIA_ROOT / "resumes" / "cv.pdf").write_bytes(b"%PDF-1.4 kept")
    archive = backups.backup(
        database=connection.settings_dict,
        media_roots=backups.media_roots_from_settings(),
        backup_dir=tmp_path / "backups",
    )

    # The live database (migrated, with rows) and its folder of resumes are not empty.
    with pytest.raises(CommandError, match="refusing to overwrite") as refused:
        call_command("restore", str(archive))
    assert "is not empty" in str(refused.value)
    assert "--force" in str(refused.value)

    # An empty database, but a media folder with a file in it: refused as well.
    roots = _media_roots(tmp_path, "target")
    roots["media"].mkdir(parents=True)
    (roots["media"] / "stray.png").write_bytes(b"stray")
    with pytest.raises(backups.BackupError, match=r"folder .*media is not empty"):
        backups.restore(archive, database=new_database, media_roots=roots)
    assert _row_counts(new_database) == {}

    # Forced: the stray file and a table the archive does not know are gone.
    with _cursor(new_database) as cursor:
        cursor.execute("CREATE TABLE leftover (id int)")
    backups.restore(archive, database=new_database, media_roots=roots, force=True)
    assert "leftover" not in _row_counts(new_database)
    assert _row_counts(new_database)["profiles_profile"] == 1
    assert _files(roots["media"]) == {}
    assert _files(roots["private-media"]) == {"resumes/cv.pdf": b"%PDF-1.4 kept"}


def test_a_disk_that_fills_up_leaves_no_archive_behind(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT.mkdir(parents=True)
    (settings.MEDIA_ROOT / "photo.png").write_bytes(b"png")
    add = tarfile.TarFile.add

    def add_until_full(self, name, *args, **kwargs):
        if "photo" in str(name):
            raise OSError(errno.ENOSPC, "No space left on device")
        return add(self, name, *args, **kwargs)

    monkeypatch.setattr(tarfile.TarFile, "add", add_until_full)

    with pytest.raises(CommandError, match="No space left"):
        call_command("backup", dir=tmp_path / "backups")

    assert list((tmp_path / "backups").iterdir()) == []


def test_restore_rejects_an_archive_that_is_not_a_backup(tmp_path, new_database):
    archive = tmp_path / "evil.tar"
    with tarfile.open(archive, "w") as tar:
        (tmp_path / "x").write_text("x")
        tar.add(tmp_path / "x", arcname="../outside")

    with pytest.raises(backups.BackupError, match="not a marketplace backup"):
        backups.restore(
            archive, database=new_database, media_roots=_media_roots(tmp_path, "target")
        )
