"""The database side of a backup: the server, and pg_dump and pg_restore of its version."""

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.conf import settings
from django.db.utils import load_backend
from psycopg.conninfo import make_conninfo

from marketplace import localdb
from marketplace.backups.errors import BackupError


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


def connect(database: dict):
    """A psycopg connection of its own to `database`, in autocommit."""
    try:
        connection = psycopg.connect(**_connection_params(database))
    except psycopg.OperationalError as error:
        raise BackupError(f"cannot connect to the database: {error}") from error
    connection.autocommit = True
    return connection


# Django's connection arguments that are psycopg's own, not libpq's.
NOT_LIBPQ = {"context", "cursor_factory", "prepare_threshold"}


def libpq(database: dict) -> tuple[str, dict[str, str]]:
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


def run(cmd: list, env: dict) -> None:
    """Run pg_dump or pg_restore; BackupError with its own message when it fails."""
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(cmd[0]).name} failed: {result.stderr.strip()}")


def server_version(connection) -> tuple[int, str]:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
    return connection.info.server_version // 10000, version


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


def user_relations(connection) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(USER_RELATIONS)
        return cursor.fetchall()


def drop_relations(connection) -> None:
    """Drop every table, view and sequence of the database (not those of extensions)."""
    with connection.cursor() as cursor:
        for name, kind in user_relations(connection):
            cursor.execute(f"DROP {DROP_BY_KIND[kind]} IF EXISTS {name} CASCADE")


def database_cache_tables() -> list[str]:
    return [
        cache["LOCATION"]
        for cache in settings.CACHES.values()
        if cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    ]
