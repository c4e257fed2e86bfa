"""Steady GET load through the balancer, for the failover test and `make stack-drill`:
pages of each kind in turn from a few threads, every outcome recorded."""

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable

# A cached page, the health check, a list and a search: each a different path in the app.
PATHS = ["/", "/healthz", "/services/", "/services/?q=django"]


def load(
    url: str,
    count: int,
    threads: int,
    *,
    when: tuple[int, Callable[[], object]] | None = None,
) -> tuple[list, float]:
    """`count` GETs (PATHS in turn) from `threads` threads; returns each outcome (the status,
    or the name of the error when nothing answered) and the seconds it took. With
    `when=(n, action)`, `action()` is called once `n` answers are in, under load."""
    results: list = []
    lock = threading.Lock()

    def worker(requests: int) -> None:
        for index in range(requests):
            try:
                with urllib.request.urlopen(url + PATHS[index % len(PATHS)], timeout=30) as answer:
                    outcome = answer.status
            except urllib.error.HTTPError as error:
                outcome = error.code
            except OSError as error:
                outcome = type(error).__name__
            with lock:
                results.append(outcome)

    pool = [threading.Thread(target=worker, args=(count // threads,)) for _ in range(threads)]
    started_at = time.monotonic()
    for thread in pool:
        thread.start()
    try:
        if when is not None:
            answers, action = when
            while len(results) < answers and any(thread.is_alive() for thread in pool):
                time.sleep(0.005)
            action()
    finally:
        for thread in pool:
            thread.join()
    return results, time.monotonic() - started_at
