"""The outage drill's bookkeeping (`make drill`, bench/drill.py): how each answer counts,
and the table of phases. Pure functions, unit-tested in tests/marketplace/test_drill.py."""

import bisect
import re
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field

# How an answer is counted, in the table's order.
RESULTS = ["2xx", "3xx", "4xx", "503", "other 5xx", "connection error"]
ACKNOWLEDGED = re.compile(r"/dashboard/hires/(\d+)/")


def classify(status: int | None) -> str:
    """The column an answer counts in; None is a connection error or a timeout."""
    if status is None:
        return "connection error"
    if status == 503:
        return "503"
    if status >= 500:
        return "other 5xx"
    return {2: "2xx", 3: "3xx", 4: "4xx"}.get(status // 100, "other 5xx")


def acknowledged_id(status: int | None, location: str | None) -> int | None:
    """The hire request's id when the site acknowledged creating it: the redirect to it."""
    if status not in (302, 303) or not location:
        return None
    match = ACKNOWLEDGED.fullmatch(urllib.parse.urlsplit(location).path)
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class Outcome:
    done: float  # time.monotonic() when the answer (or the error) came
    kind: str  # "read" or "write"
    result: str  # one of RESULTS
    acknowledged: int | None = None  # a hire request's id, for acknowledged writes


@dataclass(frozen=True)
class Phase:
    name: str
    start: float
    database_back: bool = False  # the phase starts the moment the database is back up
    start_took: float | None = None  # seconds `pg_ctl start` took to bring it back


@dataclass
class PhaseSummary:
    name: str
    seconds: float
    counts: Counter = field(default_factory=Counter)
    first_success: float | None = None  # seconds after the phase began; recovery phases
    acknowledged: int = 0
    missing: int = 0
    database_back: bool = False
    start_took: float | None = None

    @property
    def requests(self) -> int:
        return sum(self.counts.values())


def summarize(
    outcomes: list[Outcome], phases: list[Phase], end: float, missing_ids: set[int]
) -> list[PhaseSummary]:
    """Each outcome counts in the phase during which its answer came."""
    starts = [phase.start for phase in phases]
    bounds = [*starts[1:], end]
    summaries = [
        PhaseSummary(
            phase.name,
            stop - phase.start,
            database_back=phase.database_back,
            start_took=phase.start_took,
        )
        for phase, stop in zip(phases, bounds, strict=True)
    ]
    for outcome in sorted(outcomes, key=lambda o: o.done):
        index = bisect.bisect_right(starts, outcome.done) - 1
        if index < 0 or outcome.done > end:
            continue
        summary, phase = summaries[index], phases[index]
        summary.counts[outcome.result] += 1
        succeeded = outcome.result in ("2xx", "3xx")
        if succeeded and phase.database_back and summary.first_success is None:
            summary.first_success = outcome.done - phase.start
        if outcome.acknowledged is not None:
            summary.acknowledged += 1
            summary.missing += outcome.acknowledged in missing_ids
    return summaries


def render(summaries: list[PhaseSummary]) -> str:
    lines = [
        "| phase | seconds | requests | 2xx | 3xx | 4xx | 503 | other 5xx | connection errors "
        "| database start took (s) | first success after the database is back (s) "
        "| writes acknowledged | acknowledged but missing |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: |",
    ]
    for s in summaries:
        if not s.database_back:
            first = "–"
        elif s.first_success is None:
            first = "none"
        else:
            first = f"{s.first_success:.2f}"
        counts = " | ".join(str(s.counts[result]) for result in RESULTS)
        took = "–" if s.start_took is None else f"{s.start_took:.2f}"
        lines.append(
            f"| {s.name} | {s.seconds:.1f} | {s.requests} | {counts} | {took} | {first} "
            f"| {s.acknowledged} | {s.missing} |"
        )
    total = sum(s.acknowledged for s in summaries)
    lost = sum(s.missing for s in summaries)
    lines += ["", f"Acknowledged hire requests: {total}; missing afterwards: {lost}."]
    return "\n".join(lines)
