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
"""

import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import psycopg
from django.conf import settings
from django.db.utils import load_backend
from django.utils import timezone
from psycopg.conninfo import make_conninfo

from marketplace import localdb

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
# Archive folder -> the setting naming where its files live.
MEDIA_FOLDERS = {"media": "MEDIA_ROOT", "private-media": "PRIVATE_MEDIA_ROOT"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Tools:
    pg_dump: Path
    pg_restore: Path
    version: str  # of the tools, e.g. "18.1"


# --- Finding pg_dump and pg_restore ---------------------------------------------------------


def _tool_version(path: Path) -> str:
    # "pg_dump (PostgreSQL) 18.1" -> "18.1"
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=True)
    return out.stdout.split()[-1]


def _candidate_bin_dirs(database: dict) -> list[Path]:
    embedded = localdb.bin_dirs()
    on_path = [Path(found).resolve().parent for found in [shutil.which("pg_dump")] if found]
    ordered = embedded + on_path if _uses_local_cluster(database) else on_path + embedded
    return list(dict.fromkeys(ordered))


def find_tools(database: dict, server_major: int) -> Tools:
    """pg_dump and pg_restore of the server's major version, else the closest newer one."""
    found = []
    for bin_dir in _candidate_bin_dirs(database):
        if (bin_dir / "pg_dump").exists() and (bin_dir / "pg_restore").exists():
            version = _tool_version(bin_dir / "pg_dump")
            found.append((int(version.split(".")[0]), version, bin_dir))
    exact = [entry for entry in found if entry[0] == server_major]
    newer = sorted(entry for entry in found if entry[0] > server_major)
    if not (exact or newer):
        have = ", ".join(sorted({version for _, version, _ in found})) or "none"
        raise BackupError(
            f"the database server is PostgreSQL {server_major}, but no pg_dump/pg_restore of "
            f"that version or newer was found (found: {have}). Install the PostgreSQL "
            f"{server_major} client tools."
        )
    _, version, bin_dir = (exact or newer)[0]
    return Tools(bin_dir / "pg_dump", bin_dir / "pg_restore", version)


# --- Talking to the database --------------------------------------------------------------


def _connection_params(database: dict) -> dict:
    """psycopg's keyword arguments for `database` (a complete Django settings dict), as
    Django computes them: the URL's host (a socket folder too), port, SSL options..."""
    wrapper = load_backend(database["ENGINE"]).DatabaseWrapper(database)
    return wrapper.get_connection_params()


def _connect(database: dict):
    """A psycopg connection of its own to `database`, in autocommit."""
    try:
        connection = psycopg.connect(**_connection_params(database))
    except psycopg.OperationalError as error:
        raise BackupError(f"cannot connect to the database: {error}") from error
    connection.autocommit = True
    return connection


# Django's connection arguments that are psycopg's own, not libpq's.
NOT_LIBPQ = {"context", "cursor_factory", "prepare_threshold"}


def _libpq(database: dict) -> tuple[str, dict[str, str]]:
    """The connection string and environment that point pg_dump/pg_restore at `database`.

    The password goes into the environment (PGPASSWORD), never onto the command line.
    """
    params = {
        key: value
        for key, value in _connection_params(database).items()
        if key not in NOT_LIBPQ and value not in (None, "")
    }
    env = dict(os.environ)
    if password := params.pop("password", None):
        env["PGPASSWORD"] = str(password)
    return make_conninfo(**params), env


def _uses_local_cluster(database: dict) -> bool:
    host = _connection_params(database).get("host")
    return str(host or "") == str(localdb.DEFAULT.socket_dir)


def _run(cmd: list, env: dict) -> None:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(cmd[0]).name} failed: {result.stderr.strip()}")


USER_RELATIONS = """
    SELECT c.oid::regclass::text, c.relkind
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname !~ '^pg_'
      AND NOT EXISTS (  -- objects of extensions come and go with their extension
          SELECT 1 FROM pg_depend d
          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
    ORDER BY 1
"""
DROP_BY_KIND = {"r": "TABLE", "p": "TABLE", "f": "FOREIGN TABLE", "v": "VIEW"}
DROP_BY_KIND |= {"m": "MATERIALIZED VIEW", "S": "SEQUENCE"}


def _user_relations(connection) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(USER_RELATIONS)
        return cursor.fetchall()


def _drop_relations(connection) -> None:
    with connection.cursor() as cursor:
        for name, kind in _user_relations(connection):
            cursor.execute(f"DROP {DROP_BY_KIND[kind]} IF EXISTS {name} CASCADE")


def _database_cache_tables() -> list[str]:
    return [
        cache["LOCATION"]
        for cache in settings.CACHES.values()
        if cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    ]


# --- Files ----------------------------------------------------------------------------------


def _files(root: Path) -> list[Path]:
    """Every regular file under `root`, in a stable order (none if it does not exist)."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def archive_name(now=None) -> str:
    return f"marketplace-{(now or timezone.now()):%Y%m%d-%H%M%S}.tar"


# --- Backup ---------------------------------------------------------------------------------


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
    connection = _connect(database)
    try:
        server_major, server_version = _server_version(connection)
        tools = find_tools(database, server_major)
        excluded = [f"--exclude-table-data={table}" for table in _database_cache_tables()]
        conninfo, env = _libpq(database)
        _run([tools.pg_dump, "--format=custom", "--file", dump, *excluded, conninfo], env=env)
        files = {folder: _files(root) for folder, root in media_roots.items()}
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "database": {
                "name": database.get("NAME"),
                "server_version": server_version,
                "pg_dump_version": tools.version,
                "bytes": dump.stat().st_size,
                "sha256": _sha256(dump),
                "cache_tables_without_rows": _database_cache_tables(),
            },
            "folders": {
                folder: {"files": len(paths), "bytes": sum(p.stat().st_size for p in paths)}
                for folder, paths in files.items()
            },
        }
        with partial.open("wb") as raw:
            with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
                data = json.dumps(manifest, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime = len(data), int(timezone.now().timestamp())
                tar.addfile(info, io.BytesIO(data))
                tar.add(dump, arcname=DUMP, recursive=False)
                for folder, paths in files.items():
                    for path in paths:
                        relative = path.relative_to(media_roots[folder]).as_posix()
                        tar.add(path, arcname=f"{folder}/{relative}", recursive=False)
            raw.flush()
            os.fsync(raw.fileno())
        partial.rename(final)
        _fsync_dir(backup_dir)
        return final
    except OSError as error:  # a full disk, most likely
        raise BackupError(f"could not write the archive: {error}") from error
    finally:
        connection.close()
        dump.unlink(missing_ok=True)
        partial.unlink(missing_ok=True)


def _server_version(connection) -> tuple[int, str]:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
    return connection.info.server_version // 10000, version


# --- Restore --------------------------------------------------------------------------------


def _read_archive(tar: tarfile.TarFile) -> dict:
    """The manifest, once every member is checked to be where an archive puts files."""
    names = set()
    for member in tar.getmembers():
        path = PurePosixPath(member.name)
        allowed = member.name in (MANIFEST, DUMP) or (
            path.parts[0] in MEDIA_FOLDERS and ".." not in path.parts and member.isfile()
        )
        if path.is_absolute() or not allowed:
            raise BackupError(f"not a marketplace backup: unexpected member {member.name!r}")
        names.add(member.name)
    if not {MANIFEST, DUMP} <= names:
        raise BackupError("not a marketplace backup: no manifest or database dump inside")
    manifest = json.load(tar.extractfile(MANIFEST))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def restore_blockers(*, database: dict, media_roots: dict[str, Path]) -> list[str]:
    """What a restore would overwrite: a database with tables, media folders with files."""
    blockers = []
    connection = _connect(database)
    try:
        if relations := _user_relations(connection):
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
        manifest = _read_archive(tar)
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
            if _sha256(dump) != manifest["database"]["sha256"]:
                raise BackupError("the database dump in the archive is damaged (checksum)")
            connection = _connect(database)
            try:
                server_major, _ = _server_version(connection)
                if force:
                    _drop_relations(connection)
            finally:
                connection.close()
            tools = find_tools(database, server_major)
            conninfo, env = _libpq(database)
            _run(
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
        for root in media_roots.values():
            if force and root.exists():
                for child in root.iterdir():
                    if child.is_dir() and not child.is_symlink():
                        shutil.rmtree(child)
                    else:
                        child.unlink()
        for member in tar.getmembers():
            folder, _, relative = member.name.partition("/")
            if folder in media_roots:
                root = media_roots[folder]
                root.mkdir(parents=True, exist_ok=True)
                tar.extract(member.replace(name=relative), path=root, filter="data")
    return manifest


def media_roots_from_settings() -> dict[str, Path]:
    """The local media folders, none when the files are in S3 buckets."""
    if settings.S3_ENDPOINT_URL:
        return {}
    return {folder: Path(getattr(settings, name)) for folder, name in MEDIA_FOLDERS.items()}


def buckets_not_archived() -> str:
    """What a backup leaves out when the files are in S3 buckets ('' when they are not)."""
    if not settings.S3_ENDPOINT_URL:
        return ""
    buckets = ", ".join(
        storage["OPTIONS"]["bucket_name"]
        for alias, storage in settings.STORAGES.items()
        if alias in ("default", "private")
    )
    return (
        f"uploaded files are in S3 buckets ({buckets} at {settings.S3_ENDPOINT_URL}) and are "
        "NOT in the archive: back the buckets up with the store's own tools (versioning, "
        "replication or a sync to another store)"
    )
