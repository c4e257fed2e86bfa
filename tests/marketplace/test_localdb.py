"""The project's own PostgreSQL, started for real in a throwaway folder of the checkout."""

import os
import shutil
import signal
import subprocess
import threading
import time
import uuid

import pytest

from marketplace import localdb


@pytest.fixture
def cluster():
    # Inside the checkout's .pg/, which the unprivileged server user can reach (unlike
    # root's private tmp folders).
    cluster = localdb.LocalCluster(localdb.ROOT / ".pg" / f"test-{uuid.uuid4().hex[:8]}")
    yield cluster
    cluster.reset()
    shutil.rmtree(cluster.pg_dir, ignore_errors=True)


def _select_one(cluster):
    bin_dir = localdb.bin_dirs()[0]
    return subprocess.run(
        [bin_dir / "psql", cluster.url, "-tAc", "SELECT 1"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()


def test_start_creates_a_cluster_on_a_unix_socket_only(cluster):
    cluster.start()

    assert _select_one(cluster) == "1"
    conf = (cluster.data_dir / "postgresql.conf").read_text()
    assert "listen_addresses = ''" in conf
    assert cluster.url.startswith("postgres://postgres@/marketplace?host=/")


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
    os.kill(cluster.running_pid(), signal.SIGKILL)
    time.sleep(0.2)

    cluster.start()

    assert _select_one(cluster) == "1"


def test_stop_and_start_again_keep_the_data(cluster):
    cluster.start()
    bin_dir = localdb.bin_dirs()[0]
    subprocess.run([bin_dir / "psql", cluster.url, "-c", "CREATE TABLE kept (x int)"], check=True)

    cluster.stop()
    assert cluster.status() == "stopped"
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


def test_a_deep_checkout_puts_the_socket_in_a_short_folder(tmp_path):
    deep = localdb.LocalCluster(tmp_path / ("x" * 90) / ".pg")

    assert len(str(deep.socket_dir / ".s.PGSQL.5432")) < 107
    assert deep.socket_dir != deep.data_dir


def test_a_zombie_process_counts_as_dead():
    child = subprocess.Popen(["true"])
    time.sleep(0.2)  # exited, not yet reaped: a zombie

    assert not localdb.process_alive(child.pid)
    child.wait()
    assert localdb.process_alive(os.getpid())
