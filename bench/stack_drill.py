"""`make stack-drill`: the stack from nothing, measured; prints the numbers docs/scaling.md
quotes. Time to start and stop, memory, replica lag, reads leaving the primary, the
balancer's split, and an app server killed with kill -9 under load. All traffic stays
on 127.0.0.1."""

import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.serving import machine
from stack.__main__ import parts
from stack.config import ROOT, VENV_BIN, Stack
from stack.load import load
from stack.postgres import transactions
from stack.processes import memory_kib, read_pid
from stack.topology import balancer_stats

STACK = Stack.here()


def run(*args: str) -> float:
    started_at = time.monotonic()
    subprocess.run([VENV_BIN / "python", "-m", "stack", *args], cwd=ROOT, check=True)
    return time.monotonic() - started_at


def replica_lag(samples: int = 500) -> list[float]:
    """Milliseconds from a committed insert on the primary to the row seen on the replica."""

    def connect(part):
        url = STACK.database_url(part).replace("postgres://", "postgresql://")
        return psycopg.connect(url, autocommit=True)

    lags = []
    with connect("primary") as primary, connect("replica") as replica:
        primary.execute("CREATE TABLE IF NOT EXISTS stack_probe (key text PRIMARY KEY)")
        while not replica.execute("SELECT to_regclass('stack_probe')").fetchone()[0]:
            time.sleep(0.01)
        for index in range(samples):
            key = f"drill-{time.time_ns()}-{index}"
            primary.execute("INSERT INTO stack_probe (key) VALUES (%s)", [key])
            committed = time.perf_counter()
            while not replica.execute(
                "SELECT 1 FROM stack_probe WHERE key = %s", [key]
            ).fetchone():
                time.sleep(0.0002)
            lags.append((time.perf_counter() - committed) * 1000)
        primary.execute("DELETE FROM stack_probe WHERE key LIKE 'drill-%'")
    return lags


def database_transactions() -> dict[str, int]:
    """Transactions so far on each database (backends report them within about a second of
    going idle, hence the pause)."""
    time.sleep(2)
    return {part: transactions(STACK, part) for part in ("primary", "replica")}


def kill_app_b() -> None:
    os.kill(read_pid(STACK.pid_file("app_b")), signal.SIGKILL)


def delta(before, after) -> dict[str, dict[str, int]]:
    return {s: {k: after[s][k] - before[s][k] for k in after[s]} for s in after}


def main() -> None:
    print(f"machine: {machine()}; load average before: {os.getloadavg()[0]:.1f}")
    run("reset")
    up = run("up")
    memory = {name: memory_kib(pid) // 1024 for name, pid, _, _ in parts(STACK) if pid}
    print(
        f"start from nothing: {up:.1f} s; memory (PSS, MiB): {memory}, "
        f"total {sum(memory.values())} MiB"
    )
    lags = sorted(replica_lag())
    p99 = lags[int(len(lags) * 0.99) - 1]
    print(
        f"replica lag over {len(lags)} writes: p50 {statistics.median(lags):.1f} ms, "
        f"p99 {p99:.1f} ms, max {lags[-1]:.1f} ms"
    )
    searches = 200
    done_before = database_transactions()
    for _ in range(searches):
        # A new word each time: never in the page cache, always a query.
        urllib.request.urlopen(f"{STACK.url}/services/?q={uuid.uuid4().hex[:8]}").close()
    done = {part: count - done_before[part] for part, count in database_transactions().items()}
    print(
        f"{searches} anonymous searches, database transactions meanwhile (HAProxy's health "
        f"checks, ~2/s on each, included): replica {done['replica']}, "
        f"primary {done['primary']}"
    )
    before = balancer_stats(STACK)
    results, seconds = load(STACK.url, 2000, 8)
    split = delta(before, balancer_stats(STACK))
    errors = sum(outcome != 200 for outcome in results)
    print(
        f"steady load: {len(results)} requests in {seconds:.1f} s ({len(results) / seconds:.0f}"
        f" req/s), {errors} errors; app_a {split['app_a']['stot']}, "
        f"app_b {split['app_b']['stot']}"
    )
    before = balancer_stats(STACK)
    results, seconds = load(STACK.url, 4000, 8, when=(1000, kill_app_b))
    after = delta(before, balancer_stats(STACK))
    errors = [outcome for outcome in results if outcome != 200]
    print(
        f"app_b killed (kill -9) after 1000 of {len(results)} requests: {len(errors)} errors "
        f"{sorted(set(map(str, errors)))}; retried by HAProxy "
        f"{after['BACKEND']['wretr']}, redispatched {after['BACKEND']['wredis']}; "
        f"app_a {after['app_a']['stot']}, app_b {after['app_b']['stot']} ({seconds:.1f} s)"
    )
    restart = run("up")
    print(f"app_b back (python -m stack up): {restart:.1f} s")
    print(f"stop: {run('down'):.1f} s")


if __name__ == "__main__":
    main()
