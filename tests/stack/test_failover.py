"""An app server killed under load costs no request: the balancer retries on the other.

Runs last in its module order on purpose: it brings the killed server back with
`python -m stack up` (which restarts only what is not running)."""

import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest

from stack.config import ROOT, VENV_BIN
from stack.processes import read_pid

pytestmark = pytest.mark.stack

THREADS = 8
REQUESTS = 2400  # in all; at ~150-300 req/s on two cores, 8-16 s
PATHS = ["/", "/healthz", "/services/", "/services/?q=django"]


def _load(url: str, count: int, results: list, lock: threading.Lock) -> None:
    for index in range(count):
        try:
            with urllib.request.urlopen(url + PATHS[index % len(PATHS)], timeout=30) as answer:
                outcome = answer.status
        except urllib.error.HTTPError as error:
            outcome = error.code
        except OSError as error:
            outcome = type(error).__name__
        with lock:
            results.append(outcome)


def test_killing_an_app_server_under_load_fails_no_request(stack):
    victim = read_pid(stack.pid_file("app_b"))
    assert victim, "app server B runs"
    results: list = []
    lock = threading.Lock()
    threads = [
        threading.Thread(target=_load, args=(stack.url, REQUESTS // THREADS, results, lock))
        for _ in range(THREADS)
    ]
    started_at = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        while len(results) < REQUESTS // 3:
            time.sleep(0.01)
        os.kill(victim, signal.SIGKILL)  # the master; its workers follow within ~1 s
        killed_at = len(results)
        for thread in threads:
            thread.join(timeout=120)
    finally:
        subprocess.run([VENV_BIN / "python", "-m", "stack", "up"], cwd=ROOT, check=True)

    failures = [outcome for outcome in results if outcome != 200]
    seconds = time.monotonic() - started_at
    assert len(results) == REQUESTS
    assert failures == [], (
        f"{len(failures)} of {len(results)} requests failed in {seconds:.1f} s "
        f"(server killed after {killed_at})"
    )
