"""`make drill`: the database goes away under load, twice, and the site comes back.

On a throwaway PostgreSQL cluster of its own (`.pg/drill/`, erased at the end; the
development database is never touched), started with the durable settings (`fsync`,
`synchronous_commit` and `full_page_writes` on) and seeded with `seed_bulk`, it starts the
production-like server (gunicorn, 4 sync workers, DEBUG off) and drives steady mixed load
from threads on 127.0.0.1: anonymous readers (home, browse, service pages) and signed-in
writers sending hire requests. Phases: baseline; the database stopped (`pg_ctl stop -m
fast`); started again and recovery; the postmaster killed (`kill -9`); started again and
recovery. For each phase it counts the answers by kind, the seconds until the first
success once the database is back, and the hire requests whose creation the site
acknowledged (the redirect to the new request) but which are missing afterwards. It prints
the table and writes it, with the machine, to docs/reliability.md.

Environment: DRILL_SECONDS (each phase, default 10), DRILL_PORT (default 8766).
"""

import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import serving  # noqa: E402 - after the path is set
from bench.drill_tally import (  # noqa: E402
    Outcome,
    Phase,
    acknowledged_id,
    classify,
    render,
    summarize,
)
from marketplace import localdb  # noqa: E402

PORT = int(os.environ.get("DRILL_PORT", "8766"))
SECONDS = float(os.environ.get("DRILL_SECONDS", "10"))
WORKERS = 4
READERS = 4
WRITERS = 2
SERVICES = 300
REQUEST_TIMEOUT = 10
DURABLE = {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}
CLUSTER = localdb.LocalCluster(ROOT / ".pg" / "drill")

# --- The load --------------------------------------------------------------------------------


def request(method: str, path: str, *, body=None, headers=None) -> tuple[int | None, str | None]:
    """Status and Location of one request on a fresh connection; None on any network error."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=REQUEST_TIMEOUT)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location")
    except (OSError, http.client.HTTPException):
        return None, None
    finally:
        connection.close()


class Load:
    """Reader and writer threads that run until `stop()`; each keeps its own outcomes."""

    def __init__(self, read_paths: list[str], service_slugs: list[str], sessions: list[str]):
        self.read_paths = read_paths
        self.service_slugs = service_slugs
        self.sessions = sessions
        self.stopping = threading.Event()
        self.outcomes: list[list[Outcome]] = []
        self.threads = [
            threading.Thread(target=self._reader, args=(n,), daemon=True) for n in range(READERS)
        ] + [
            threading.Thread(target=self._writer, args=(session,), daemon=True)
            for session in sessions
        ]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def stop(self) -> list[Outcome]:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=REQUEST_TIMEOUT + 5)
        return [outcome for mine in self.outcomes for outcome in mine]

    def _mine(self) -> list[Outcome]:
        mine: list[Outcome] = []
        self.outcomes.append(mine)  # list.append is atomic
        return mine

    def _reader(self, seed: int) -> None:
        mine, rng = self._mine(), random.Random(seed)
        while not self.stopping.is_set():
            status, _ = request("GET", rng.choice(self.read_paths))
            mine.append(Outcome(time.monotonic(), "read", classify(status)))
            if status is None:
                time.sleep(0.05)  # a refused connection returns at once

    def _writer(self, session: str) -> None:
        mine, rng = self._mine(), random.Random(session)
        csrf = "".join(rng.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=32))
        headers = {
            "Cookie": f"sessionid={session}; csrftoken={csrf}",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        n = 0
        while not self.stopping.is_set():
            n += 1
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": csrf,
                    "message": f"Drill hire request number {n}: please quote for two weeks.",
                    "budget": "500",
                }
            )
            slug = rng.choice(self.service_slugs)
            status, location = request(
                "POST", f"/services/{slug}/hire/", body=body, headers=headers
            )
            mine.append(
                Outcome(
                    time.monotonic(),
                    "write",
                    classify(status),
                    acknowledged_id(status, location),
                )
            )
            if status is None:
                time.sleep(0.05)


# --- The database --------------------------------------------------------------------------


def bin_dir() -> Path:
    return localdb.bin_dirs()[0]


def psql(sql: str, database: str = localdb.DB_NAME) -> str:
    url = CLUSTER.url.replace(f"/{localdb.DB_NAME}?", f"/{database}?")
    return subprocess.run(
        [bin_dir() / "psql", url, "-tAc", sql], capture_output=True, text=True, check=True
    ).stdout.strip()


def start_durable_cluster() -> dict[str, str]:
    """A new cluster with the durable settings, verified; the settings as the server has them."""
    CLUSTER.reset()
    CLUSTER.start()
    for name, value in DURABLE.items():
        psql(f"ALTER SYSTEM SET {name} = {value}")
    psql("ALTER SYSTEM SET shared_buffers = '128MB'")  # a small throwaway database
    CLUSTER.stop()
    CLUSTER.start()
    actual = {name: psql(f"SHOW {name}") for name in DURABLE}
    if actual != DURABLE:
        raise SystemExit(f"the drill cluster is not durable: {actual}")
    return actual


def stop_fast() -> None:
    # pg_ctl refuses to run as root: as root it runs as the cluster's owner, as localdb does.
    cmd = [bin_dir() / "pg_ctl", "stop", "-D", CLUSTER.data_dir, "-m", "fast", "-s"]
    subprocess.run(localdb.as_server_user(cmd), check=True, cwd="/")


def kill_postmaster() -> None:
    os.kill(CLUSTER.running_pid(), signal.SIGKILL)


def start_again() -> float:
    """Start the cluster, in how many seconds; after a kill -9 its old backends may hold
    shared memory briefly."""
    started = time.monotonic()
    for _ in range(40):
        try:
            CLUSTER.start()
            return time.monotonic() - started
        except subprocess.CalledProcessError:
            time.sleep(0.25)
    raise SystemExit(f"the drill cluster did not start again; see {CLUSTER.log_file}")


SETUP_WRITERS = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from profiles.models import User
keys = []
for n in range({writers}):
    user = User.objects.create_user(email=f"drill-writer-{{n}}@example.com")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    keys.append(session.session_key)
print(json.dumps(keys))
"""


def prepare(env: dict[str, str]) -> tuple[list[str], list[str], list[str]]:
    """Schema and data: the read paths, public services to hire, writers' session keys."""
    serving.manage(env, "migrate", "--noinput", "--verbosity", "0")
    serving.manage(env, "createcachetable")
    serving.manage(env, "seed_bulk", "--services", str(SERVICES), capture=True)
    out = serving.manage(env, "shell", "-c", SETUP_WRITERS.format(writers=WRITERS), capture=True)
    sessions = json.loads(out.strip().splitlines()[-1])
    slugs = psql(
        "SELECT s.slug FROM services_service s JOIN profiles_profile p ON p.id = s.freelancer_id "
        "JOIN profiles_user u ON u.id = p.user_id WHERE s.status = 'published' "
        "AND p.status = 'active' AND u.is_active ORDER BY s.id LIMIT 50"
    ).split()
    read_paths = ["/", "/services/", "/services/?q=design", *(f"/services/{s}/" for s in slugs)]
    return read_paths, slugs, sessions


def port_is_free() -> bool:
    with socket.socket() as probe:
        # As gunicorn binds: connections of an earlier run in TIME_WAIT don't count.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", PORT))
        except OSError:
            return False
    return True


def main() -> None:
    if not port_is_free():
        raise SystemExit(f"port {PORT} is in use; set DRILL_PORT to a free one")
    started = time.monotonic()
    print("starting a throwaway cluster with the durable settings in .pg/drill/")
    durable = start_durable_cluster()
    scratch = Path(tempfile.mkdtemp(prefix="marketplace-drill-"))
    log = CLUSTER.pg_dir / "gunicorn.log"
    env = serving.production_env(
        CLUSTER.url,
        MEDIA_ROOT=str(scratch / "media"),
        PRIVATE_MEDIA_ROOT=str(scratch / "private-media"),
        HIRE_REQUESTS_PER_HOUR="1000000",  # the writers are few and busy
        LOG_LEVEL="WARNING",
    )
    server = load = None
    try:
        read_paths, slugs, sessions = prepare(env)
        version = psql("SHOW server_version")
        with log.open("w") as log_handle:
            server = serving.start_gunicorn(
                env, port=PORT, workers=WORKERS, stdout=log_handle, stderr=log_handle
            )
            print(f"set up in {time.monotonic() - started:.0f}s; load for ~{5 * SECONDS:.0f}s")
            load = Load(read_paths, slugs, sessions)
            load.start()
            phases = run_phases()
            end = time.monotonic()
            outcomes = load.stop()
            load = None
            serving.stop_server(server)
            server = None
        acknowledged = {o.acknowledged for o in outcomes if o.acknowledged is not None}
        found = {int(i) for i in psql(found_sql(acknowledged)).split()} if acknowledged else set()
        summaries = summarize(outcomes, phases, end, acknowledged - found)
    finally:
        if load:
            load.stop()
        if server:
            serving.stop_server(server)
        CLUSTER.reset()
    report = render(summaries)
    print(report)
    write_docs(report, version, durable)
    print(f"drill done in {time.monotonic() - started:.0f}s; server log in {log}")


def found_sql(ids: set[int]) -> str:
    return f"SELECT id FROM services_engagement WHERE id IN ({','.join(map(str, sorted(ids)))})"


def run_phases() -> list[Phase]:
    phases = []

    def begin(name: str, *, start_took=None) -> None:
        phases.append(Phase(name, time.monotonic(), start_took is not None, start_took))
        print(f"  {name}")

    begin("baseline")
    time.sleep(SECONDS)
    begin("database stopped (pg_ctl stop -m fast)")
    stop_fast()
    time.sleep(SECONDS)
    took = start_again()
    begin("recovery after the stop", start_took=took)
    time.sleep(SECONDS)
    begin("database killed (kill -9 of the postmaster)")
    kill_postmaster()
    time.sleep(SECONDS)
    took = start_again()
    begin("recovery after kill -9", start_took=took)
    time.sleep(SECONDS)
    return phases


def write_docs(report: str, version: str, durable: dict[str, str]) -> None:
    settings = ", ".join(f"`{name}={value}`" for name, value in durable.items())
    docs = ROOT / "docs" / "reliability.md"
    docs.write_text(
        f"""# Reliability: a database outage under load

Written by `make drill` (bench/drill.py); numbers from the last run.

Machine: {serving.machine()}, PostgreSQL {version} on a throwaway cluster of the drill's own
(`.pg/drill/`, erased afterwards) with {settings}; gunicorn {WORKERS} sync workers, DEBUG
off; the load on the same machine: {READERS} reader threads (home, browse, a search, 50
service pages; anonymous, so pages come from the page cache as in production) and
{WRITERS} writer threads (signed-in clients sending hire requests on those services), each
request on a new connection to 127.0.0.1, {REQUEST_TIMEOUT} s timeout. Each phase lasts
about {SECONDS:.0f} s.

{report}

What the columns mean:

- **phase**: baseline; the database stopped with `pg_ctl stop -m fast` (it closes every
  session and shuts down cleanly) and left down; started again (`pg_ctl start -w`) and
  the recovery that follows; the postmaster killed with `kill -9` (no shutdown at all: the
  next start replays the write-ahead log) and left down; started again and the recovery.
  An answer counts in the phase during which it arrived, and a "down" phase lasts until
  `pg_ctl start` has returned: its few 2xx are answers that came just before the stop took
  effect, or just after the restarted database accepted connections.
- **2xx / 3xx**: pages served; a 3xx is a writer's hire request acknowledged with the
  redirect to the request it created.
- **4xx**: refused requests (none expected: the writers' sessions and CSRF tokens are
  valid and the hourly hire limit is lifted for the drill).
- **503**: the designed "database unavailable" page with `Retry-After`, which every page
  answers while the database cannot be reached.
- **other 5xx**: any other server error, such as a traceback's 500 (none expected).
- **connection errors**: no HTTP answer at all (refused, reset, or over the timeout):
  the server itself failed, not the database.
- **database start took**: how long `pg_ctl start -w` took to bring the database back
  (after `kill -9` this includes crash recovery, the replay of the write-ahead log); the
  site answers 503 meanwhile, counted in the phase before.
- **first success after the database is back**: seconds from the moment the database
  accepted connections again (`pg_ctl start` returned) to the first page served:
  persistent connections are health-checked, so each worker replaces its dead connection
  on its next request, and requests already waiting are served at once (hence ~0).
  `pg_ctl` notices readiness by polling, so a few 503s may still arrive just after it
  returns: answers to requests that reached the database while it was starting.
- **writes acknowledged / acknowledged but missing**: hire requests answered with the
  redirect to the created request (the generator keeps each id), and how many of those
  ids were not in the database after the drill. With the durable settings this must be
  0: a commit is on disk before the site answers. The development cluster's
  `fsync=off`/`synchronous_commit=off` may lose them on `kill -9`.
"""
    )
    print(f"written to {docs.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
