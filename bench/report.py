"""The tables `make bench` (run.py) prints and writes to docs/benchmarks.md."""


def render(load_rows, single_rows) -> str:
    lines = [
        "## Under load",
        "",
        "As served (anonymous pages from the page cache, `PAGE_CACHE_TIMEOUT=600`), then",
        "computed for every request (`PAGE_CACHE_TIMEOUT=0`), each against a baseline",
        "measured on the same server (`/bench/baseline`: one SELECT of 20 rows in the",
        "site's frame). requests/s and the latencies are wrk's (2 threads, the connections",
        'below, a page at a time); "x baseline" is the page\'s requests/s divided by the',
        "baseline's in the same run, the figure to compare across runs and machines. The",
        'rows "..., N different" and "searches, N random" ask for a page picked at random',
        "per request, so that most miss the page cache even when it is on (it starts",
        'empty, so no earlier run\'s pages are served). "uncached CPU ms" is the CPU',
        "time a computed request took, in the gunicorn workers + in PostgreSQL (read from",
        "/proc around wrk's run; n/a for a server on another machine): with wrk on the",
        "same cores, requests/s can never pass (cores x 1,000) / (their sum + wrk's share),",
        "so it shows which side a page's time has to come off.",
        "",
        "| services | page | requests/s | p50 ms | p99 ms | x baseline "
        "| uncached requests/s | uncached p99 ms | uncached x baseline "
        "| uncached CPU ms (app + db) | non-2xx |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {size} | {name} | {rps:.0f} | {p50:.1f} | {p99:.1f} | {ratio:.2f} "
        f"| {u_rps:.0f} | {u_p99:.1f} | {u_ratio:.2f} | {_cpu(cpu)} | {err} |"
        for size, name, rps, p50, p99, ratio, u_rps, u_p99, u_ratio, cpu, err in load_rows
    ]
    lines += [
        "",
        "## One user at a time (search, page cache off)",
        "",
        "| services | query | p50 ms | p95 ms |",
        "| ---: | --- | ---: | ---: |",
    ]
    lines += [
        f"| {size} | {name} | {p50:.1f} | {p95:.1f} |" for size, name, p50, p95 in single_rows
    ]
    return "\n".join(lines)


def render_random(rows, slowest) -> str:
    lines = [
        "## Random searches and filtered browses (made from the data's own words and values)",
        "",
        "Each once, one at a time, page cache off (`bench/workload.py` says how they are",
        "made: searches of one to three words, some phrases and word beginnings, 40 % with",
        "a category, every sort, pages 1-3; browses without words by a category, a skill,",
        "rates and a rating drawn from the data, every sort, pages 1-3 and 7).",
        'p50/p95/p99/slowest are milliseconds for the whole response; "x baseline" is the',
        "searches under load (wrk picking one at random per request) as a ratio to the",
        "baseline's requests/s on the same server, page cache off (computed) and on (as",
        "served).",
        "",
        "| services | workload | p50 ms | p95 ms | p99 ms | slowest ms "
        "| uncached x baseline | as served x baseline |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {size} | {kind} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {worst:.1f} "
        f"| {_ratio(u_ratio)} | {_ratio(c_ratio)} |"
        for size, kind, p50, p95, p99, worst, u_ratio, c_ratio in rows
    ]
    lines += ["", "The five slowest of each size and workload:", ""]
    lines += ["| services | ms | page |", "| ---: | ---: | --- |"]
    lines += [f"| {size} | {ms:.1f} | `{path}` |" for size, ms, path in slowest]
    return "\n".join(lines)


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _cpu(cpu: dict[str, float | None]) -> str:
    """The app's and PostgreSQL's CPU ms a request, "app + db" ("n/a" where unread)."""
    return " + ".join("n/a" if cpu[key] is None else f"{cpu[key]:.1f}" for key in ("app", "db"))
