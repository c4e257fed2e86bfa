"""`make bench`: every page against the machine's limit, at 10,000 and 1,000,000 services.

For each size it builds (or reuses) a bench database with `seed_bulk`, starts the
production-like server (gunicorn sync workers, DEBUG off), loads each page with wrk on
loopback for a bounded time, and compares it with a baseline page measured on the same
server (one SELECT of 20 rows in the site's frame): once as served, with anonymous pages
from the page cache, and once with the page cache off, so every request is computed. Then
it times the search mix for a single user, with the page cache off. It prints the tables
and writes them, with the machine, to docs/benchmarks.md.

Environment: BENCH_SIZES (default "10000,1000000"), BENCH_SECONDS (per page, default 10),
BENCH_CONNECTIONS (default 8), BENCH_WORKERS (gunicorn workers, default 3).
"""

import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import report as report_module  # noqa: E402 - after the path is set
from bench import serving, workload  # noqa: E402
from marketplace import localdb  # noqa: E402

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "10000,1000000").split(",")]
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
SINGLE_USER_RUNS = 40
SPREAD_PAGES = 5_000

SEARCH_MIX = {
    "search: rare word": "/services/?q=zyl7",
    "search: common word": "/services/?q=news",
    "search: phrase": '/services/?q="news writing"',
    "search: filters + sort": (
        "/services/?q=design&category=design-art&min_rate=20&max_rate=80&sort=rate_asc"
    ),
}


def database_url(size: int) -> str:
    base = os.environ.get("BENCH_DATABASE_URL") or localdb.database_url()
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit(parts._replace(path=f"/marketplace_bench_{size}"))


def production_env(size: int, **settings: str) -> dict[str, str]:
    """The environment of a production-like process on the bench database for `size`."""
    return serving.production_env(database_url(size), **settings)


def manage(size: int, *args: str, capture=False) -> str:
    return serving.manage(production_env(size), *args, capture=capture)


def psql(size: int | None, sql: str) -> str:
    url = (
        database_url(size) if size else database_url(0).replace("marketplace_bench_0", "postgres")
    )
    bin_dir = localdb.bin_dirs()[0]
    return subprocess.run(
        [bin_dir / "psql", url, "-tAc", sql], capture_output=True, text=True, check=True
    ).stdout.strip()


def ensure_database(size: int) -> None:
    """Create and seed the bench database for `size` services unless it is there already."""
    name = f"marketplace_bench_{size}"
    if not psql(None, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):
        psql(None, f"CREATE DATABASE {name}")
    manage(size, "migrate", "--noinput", "--verbosity", "0")
    manage(size, "createcachetable")
    count = int(psql(size, "SELECT count(*) FROM services_service"))
    if count < size:
        print(f"seeding {size:,} services into {name} (once; later runs reuse it)")
        started = time.monotonic()
        manage(size, "seed_bulk", "--services", str(size - count))
        print(f"seeded in {time.monotonic() - started:.0f}s")


def sample_urls(size: int) -> dict[str, str]:
    service = psql(
        size,
        "SELECT slug FROM services_service WHERE status = 'published' "
        "AND review_count > 0 ORDER BY id LIMIT 1",
    )
    profile = psql(
        size,
        "SELECT p.slug FROM profiles_profile p WHERE p.review_count > 0 ORDER BY p.id LIMIT 1",
    )
    return {
        "baseline": "/bench/baseline",
        "home": "/",
        "browse": "/services/",
        **SEARCH_MIX,
        "category page": "/categories/writing-translation/articles-news/",
        "service page": f"/services/{service}/",
        "profile page": f"/freelancers/{profile}/",
        # The long tail: each request a page picked at random from many, so that most
        # requests find no cached page.
        SPREAD: "/services/{random}/",
        PROFILE_SPREAD: "/freelancers/{random}/",
        RANDOM_SEARCHES: "/services/?{random}",
    }


SPREAD = f"service pages, {SPREAD_PAGES:,} different"
PROFILE_SPREAD = f"profile pages, {SPREAD_PAGES:,} different"
RANDOM_SEARCHES = f"searches, {workload.SEARCH_COUNT} random"


def spread_scripts(size: int, searches: list[str]) -> dict[str, Path]:
    """wrk scripts that request a random one of SPREAD_PAGES published services, of as
    many public profiles, or of the random searches."""
    slugs = psql(
        size,
        "SELECT slug FROM services_service WHERE status = 'published' "
        f"ORDER BY md5(slug) LIMIT {SPREAD_PAGES}",
    ).split()
    profiles = psql(
        size,
        "SELECT slug FROM profiles_profile WHERE status = 'active' "
        f"ORDER BY md5(slug) LIMIT {SPREAD_PAGES}",
    ).split()
    return {
        SPREAD: workload.lua_script([f"/services/{s}/" for s in slugs], f"{size}-services"),
        PROFILE_SPREAD: workload.lua_script(
            [f"/freelancers/{s}/" for s in profiles], f"{size}-profiles"
        ),
        RANDOM_SEARCHES: workload.lua_script(searches, f"{size}-searches"),
    }


def start_server(size: int, *, page_cache: bool) -> subprocess.Popen:
    env = production_env(
        size,
        BENCHMARK_VIEWS="true",
        PAGE_CACHE_TIMEOUT="600" if page_cache else "0",
        LOG_LEVEL="WARNING",
    )
    return serving.start_gunicorn(env, port=PORT, workers=WORKERS)


def wrk(path: str, script: Path | None = None, *, cpu: dict[str, int | None]) -> dict:
    """Requests/s, p50 and p99 (ms) for `path` (or the paths `script` picks) under load,
    and the CPU ms a request took in each process tree of `cpu` (name: pid)."""
    url = BASE + urllib.parse.quote(path, safe="/?=&:")
    options = ["-s", str(script)] if script else []
    subprocess.run(["wrk", "-t1", "-c2", "-d2s", *options, url], capture_output=True, check=True)
    before = {name: serving.cpu_seconds(pid) for name, pid in cpu.items()}
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", *options, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    after = {name: serving.cpu_seconds(pid) for name, pid in cpu.items()}
    requests = max(int(re.search(r"(\d+) requests in", out).group(1)), 1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1)),
        "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
        # CPU ms a request in each process tree; None where /proc could not tell.
        "cpu": {
            name: None
            if None in (before[name], after[name])
            else (after[name] - before[name]) * 1000 / requests
            for name in cpu
        },
    }


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def single_user(path: str) -> list[float]:
    timings = []
    for run in range(SINGLE_USER_RUNS + 3):
        elapsed = _get(path)
        if run >= 3:  # the first few warm the caches
            timings.append(elapsed)
    return timings


def _get(path: str) -> float:
    """One request's time in ms (the whole response read)."""
    url = BASE + urllib.parse.quote(path, safe="/?=&:+%")
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def random_workload(searches: list[str]) -> tuple[list[float], list[tuple[float, str]]]:
    """Each random search once, one at a time (after 20 to warm the workers up): the
    timings and the five slowest with their URLs."""
    for path in searches[:20]:
        _get(path)
    timed = [(_get(path), path) for path in searches]
    return [t for t, _ in timed], sorted(timed, reverse=True)[:5]


def percentile(values: list[float], pct: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(pct) - 1]


def machine() -> str:
    postgres = psql(None, "SHOW server_version")
    return (
        f"{serving.machine()}, PostgreSQL {postgres}; "
        f"load average {os.getloadavg()[0]:.1f} at the end of the run; "
        f"gunicorn {WORKERS} sync workers; wrk 2 threads, {CONNECTIONS} connections, "
        f"{SECONDS}s a page, on the same machine"
    )


def main() -> None:
    load_rows, single_rows, random_rows, slowest = [], [], [], []
    for size in SIZES:
        ensure_database(size)
        urls = sample_urls(size)
        searches = workload.search_paths(lambda sql, size=size: psql(size, sql))
        scripts = spread_scripts(size, searches)
        cached = under_load(size, urls, scripts, page_cache=True)
        uncached = under_load(size, urls, scripts, page_cache=False)
        for name in urls:
            r, u = cached[name], uncached[name]
            load_rows.append(
                (
                    f"{size:,}",
                    name,
                    r["rps"],
                    r["p50"],
                    r["p99"],
                    r["rps"] / cached["baseline"]["rps"],
                    u["rps"],
                    u["p99"],
                    u["rps"] / uncached["baseline"]["rps"],
                    u["cpu"],
                    r["errors"] + u["errors"],
                )
            )
        # One user at a time measures the search itself: the page cache stays off.
        server = start_server(size, page_cache=False)
        try:
            mix = []
            for name, path in SEARCH_MIX.items():
                timings = single_user(path)
                mix += timings
                single_rows.append(
                    (f"{size:,}", name, statistics.median(timings), percentile(timings, 95))
                )
            single_rows.append(
                (f"{size:,}", "search mix", statistics.median(mix), percentile(mix, 95))
            )
            for kind, paths in (
                ("searches", searches),
                (
                    "filtered browses",
                    workload.browse_paths(lambda sql, size=size: psql(size, sql)),
                ),
            ):
                timings, worst = random_workload(paths)
                ratios = (
                    (
                        uncached[RANDOM_SEARCHES]["rps"] / uncached["baseline"]["rps"],
                        cached[RANDOM_SEARCHES]["rps"] / cached["baseline"]["rps"],
                    )
                    if kind == "searches"
                    else (None, None)
                )
                random_rows.append(
                    (
                        f"{size:,}",
                        f"{len(timings)} {kind}",
                        statistics.median(timings),
                        percentile(timings, 95),
                        percentile(timings, 99),
                        max(timings),
                        *ratios,
                    )
                )
                slowest += [(f"{size:,}", ms, path) for ms, path in worst]
        finally:
            serving.stop_server(server)
    report = (
        report_module.render(load_rows, single_rows)
        + "\n\n"
        + report_module.render_random(random_rows, slowest)
    )
    print(report)
    docs = ROOT / "docs" / "benchmarks.md"
    docs.parent.mkdir(exist_ok=True)
    docs.write_text(
        "# Benchmarks\n\nWritten by `make bench` (bench/run.py); numbers from the last run.\n\n"
        f"Machine: {machine()}.\n\n{report}\n"
    )
    print(f"written to {docs.relative_to(ROOT)}")


def under_load(
    size: int, urls: dict[str, str], scripts: dict[str, Path], *, page_cache: bool
) -> dict[str, dict]:
    """wrk's figures for each page, the baseline included, on a server of its own. The
    page cache starts empty: a run made within its ten minutes by any checkout (the cache
    lives in the bench database, its keys the same from commit to commit) would otherwise
    hand this one its pages."""
    if page_cache:
        manage(
            size, "shell", "-c", "from django.core.cache import caches; caches['pages'].clear()"
        )
    server = start_server(size, page_cache=page_cache)
    cpu = {"app": server.pid, "db": serving.postgres_pid(lambda sql: psql(size, sql))}
    try:
        return {
            name: wrk("/", scripts[name], cpu=cpu) if name in scripts else wrk(path, cpu=cpu)
            for name, path in urls.items()
        }
    finally:
        serving.stop_server(server)


if __name__ == "__main__":
    main()
