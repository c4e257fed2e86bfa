"""An app server killed under load costs no request: the balancer retries on the other.

Runs last in its module order on purpose: it brings the killed server back with
`python -m stack up` (which restarts only what is not running)."""

import os
import signal
import subprocess

import pytest

from stack.config import ROOT, VENV_BIN
from stack.load import load
from stack.processes import read_pid

pytestmark = pytest.mark.stack

THREADS = 8
REQUESTS = 2400  # in all; at ~150-300 req/s on two cores, 8-16 s
KILLED_AFTER = REQUESTS // 3


def test_killing_an_app_server_under_load_fails_no_request(stack):
    victim = read_pid(stack.pid_file("app_b"))
    assert victim, "app server B runs"
    try:
        # The master; its workers follow within ~1 s.
        results, seconds = load(
            stack.url,
            REQUESTS,
            THREADS,
            when=(KILLED_AFTER, lambda: os.kill(victim, signal.SIGKILL)),
        )
    finally:
        subprocess.run([VENV_BIN / "python", "-m", "stack", "up"], cwd=ROOT, check=True)

    failures = [outcome for outcome in results if outcome != 200]
    assert len(results) == REQUESTS
    assert failures == [], (
        f"{len(failures)} of {len(results)} requests failed in {seconds:.1f} s "
        f"(server killed after {KILLED_AFTER})"
    )
