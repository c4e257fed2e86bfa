"""The CPU bookkeeping of `make bench` (bench/serving.py): a server's CPU time is its
process tree's, the workers or backends that exited during the run included."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from bench import serving

BURN = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass"


def test_a_child_that_has_exited_still_counts():
    before = serving.cpu_seconds(os.getpid())

    subprocess.run([sys.executable, "-c", BURN], check=True)

    assert serving.cpu_seconds(os.getpid()) - before >= 0.25


def test_a_running_child_counts():
    before = serving.cpu_seconds(os.getpid())
    child = subprocess.Popen(
        [sys.executable, "-c", BURN + "\nimport sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    try:
        # Once its burn is done it waits, alive: its time is in its own figures only.
        while serving._stat_seconds(child.pid, own=False) < 0.3:
            time.sleep(0.02)

        assert serving.cpu_seconds(os.getpid()) - before >= 0.25
    finally:
        child.communicate(b"")


def test_no_process_to_read_gives_none():
    assert serving.cpu_seconds(None) is None
    assert serving.cpu_seconds(2**22 + 1) is None  # above Linux's largest pid


@pytest.mark.django_db
def test_the_postgres_server_is_the_parent_of_a_backend():
    def psql(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]

    backend = psql("SELECT pg_backend_pid()")
    status = Path(f"/proc/{backend}/status").read_text()
    parent = int(next(line.split()[1] for line in status.splitlines() if line.startswith("PPid")))

    assert serving.postgres_pid(psql) == parent
