"""Backups: the database and both media folders in one archive, and the way back.

An archive is a tar file holding

- `manifest.json`: when, from which server, with which pg_dump, and what it holds;
- `database.dump`: the database in PostgreSQL's custom format (`pg_dump -Fc`), without the
  rows of the database cache tables (cached pages and rate-limit counts rebuild themselves);
- `media/…` and `private-media/…`: every file of MEDIA_ROOT and PRIVATE_MEDIA_ROOT. With
  the files in S3 buckets (S3_ENDPOINT_URL) there are no such folders: the archive holds the
  database only, and the commands say so; back the buckets up with the store's own tools.

It is written to a hidden temporary file beside its final name and renamed once complete
and flushed to disk, so a failure (a full disk, a killed process) never leaves a truncated
archive under a real name. A restore goes into an empty database and empty media folders
only, unless forced; the database part runs in one transaction, so a failed restore leaves
no half-restored database.

pg_dump and pg_restore must match the server: the embedded PostgreSQL's own binaries for
the project's local cluster, else the PATH's first, then any other installed PostgreSQL.

`backup` and `restore` are here; the tar file is `archive`'s, the database `database`'s.
"""

import tarfile
import tempfile
from pathlib import Path

from django.utils import timezone

from marketplace.backups.archive import (
    DUMP,
    FORMAT,
    MANIFEST,
    MEDIA_FOLDERS,
    archive_name,
    buckets_not_archived,
    fsync_dir,
    media_files,
    media_roots_from_settings,
    read_manifest,
    restore_media,
    sha256_of,
    write_archive,
)
from marketplace.backups.database import (
    Tools,
    connect,
    database_cache_tables,
    drop_relations,
    find_tools,
    libpq,
    run,
    server_version,
    user_relations,
)
from marketplace.backups.errors import BackupError

__all__ = [
    "DUMP",
    "FORMAT",
    "MANIFEST",
    "MEDIA_FOLDERS",
    "BackupError",
    "Tools",
    "archive_name",
    "backup",
    "buckets_not_archived",
    "find_tools",
    "media_roots_from_settings",
    "restore",
    "restore_blockers",
]


def backup(*, database: dict, media_roots: dict[str, Path], backup_dir: Path) -> Path:
    """Write one archive of `database` and the `media_roots` into `backup_dir`; its path."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    name = archive_name()
    final = backup_dir / name
    for n in range(2, 100):  # two backups in one second
        if not final.exists():
            break
        final = backup_dir / name.replace(".tar", f"-{n}.tar")
    partial = backup_dir / f".{final.name}.partial"
    dump = backup_dir / f".{final.name}.dump.partial"
    connection = connect(database)
    try:
        server_major, version = server_version(connection)
        tools = find_tools(database, server_major)
        excluded = [f"--exclude-table-data={table}" for table in database_cache_tables()]
        conninfo, env = libpq(database)
        run([tools.pg_dump, "--format=custom", "--file", dump, *excluded, conninfo], env=env)
        files = {folder: media_files(root) for folder, root in media_roots.items()}
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "database": {
                "name": database.get("NAME"),
                "server_version": version,
                "pg_dump_version": tools.version,
                "bytes": dump.stat().st_size,
                "sha256": sha256_of(dump),
                "cache_tables_without_rows": database_cache_tables(),
            },
            "folders": {
                folder: {"files": len(paths), "bytes": sum(p.stat().st_size for p in paths)}
                for folder, paths in files.items()
            },
        }
        write_archive(partial, manifest=manifest, dump=dump, files=files, media_roots=media_roots)
        partial.rename(final)
        fsync_dir(backup_dir)
        return final
    except OSError as error:  # a full disk, most likely
        raise BackupError(f"could not write the archive: {error}") from error
    finally:
        connection.close()
        dump.unlink(missing_ok=True)
        partial.unlink(missing_ok=True)


def restore_blockers(*, database: dict, media_roots: dict[str, Path]) -> list[str]:
    """What a restore would overwrite: a database with tables, media folders with files."""
    blockers = []
    connection = connect(database)
    try:
        if relations := user_relations(connection):
            blockers.append(
                f"the database {database.get('NAME')!r} is not empty ({len(relations)} tables, "
                "views or sequences)"
            )
    finally:
        connection.close()
    for root in media_roots.values():
        if root.exists() and any(root.iterdir()):
            blockers.append(f"the folder {root} is not empty")
    return blockers


def restore(
    archive: Path, *, database: dict, media_roots: dict[str, Path], force: bool = False
) -> dict:
    """Restore `archive` into `database` and the `media_roots`; its manifest.

    Refuses (BackupError) when any of them holds data, unless `force`, which first drops
    every table, view and sequence of the database and empties the folders.
    """
    with tarfile.open(archive, mode="r:") as tar:
        manifest = read_manifest(tar)
        blockers = restore_blockers(database=database, media_roots=media_roots)
        if blockers and not force:
            raise BackupError(
                "refusing to overwrite existing data: "
                + "; ".join(blockers)
                + ". Restore into an empty database and empty folders, or force it "
                "(`--force`, `make restore FORCE=1`) to replace what is there."
            )
        with tempfile.TemporaryDirectory(prefix="marketplace-restore-") as scratch:
            tar.extract(DUMP, path=scratch, filter="data")
            dump = Path(scratch) / DUMP
            if sha256_of(dump) != manifest["database"]["sha256"]:
                raise BackupError("the database dump in the archive is damaged (checksum)")
            connection = connect(database)
            try:
                server_major, _ = server_version(connection)
                if force:
                    drop_relations(connection)
            finally:
                connection.close()
            tools = find_tools(database, server_major)
            conninfo, env = libpq(database)
            run(
                [
                    tools.pg_restore,
                    *("--dbname", conninfo),
                    # One transaction: all restored, or nothing.
                    *("--single-transaction", "--exit-on-error"),
                    # Owned by whoever restores, whatever the old server's roles were.
                    *("--no-owner", "--no-privileges"),
                    *(("--clean", "--if-exists") if force else ()),
                    dump,
                ],
                env=env,
            )
        restore_media(tar, media_roots, force=force)
    return manifest
