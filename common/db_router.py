"""Reads to the replica, writes to the primary, and every read that must see a write to the
primary too.

With a "replica" database configured (DATABASE_REPLICA_URL), a read goes to the replica
unless

- it runs inside a transaction on the primary (`atomic()`): what the transaction reads must
  be what it locks and writes, and a replica a few milliseconds behind is not;
- the request is pinned to the primary: the visitor wrote in the last
  READ_YOUR_WRITES_SECONDS (ReadYourWritesMiddleware), so the page they are redirected to
  shows their change (a write reaches the replica in ~4 ms here, and a read straight after
  it missed it 434 times in 500);
- it reads tables that are read-modify-write by nature: cache entries (rate-limit counts,
  page-cache version tokens), sessions and the task queue;
- the replica is down or more than REPLICA_MAX_LAG_SECONDS behind, as last checked (at most
  every CHECK_SECONDS per process).

Writes, and `select_for_update()` (Django sends it through db_for_write), always go to the
primary. Without a replica every query goes to "default", as before.
"""

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

PRIMARY = DEFAULT_DB_ALIAS
REPLICA = "replica"
# How often one process asks the replica how far behind it is.
CHECK_SECONDS = 2.0
# Tables read to be written back at once, or whose staleness breaks something, by app
# label: Django's database cache, sessions, and django-tasks-db's queue (whose label is
# not its module's name; its worker locks a task with select_for_update in a transaction
# opened on the alias a read of the queue is routed to).
PRIMARY_ONLY_APPS = frozenset({"django_cache", "sessions", "django_tasks_database"})

# Set by ReadYourWritesMiddleware for one request (a context variable: per thread and task).
_pinned: ContextVar[bool] = ContextVar("reads_pinned_to_primary", default=False)

# How far behind the replica is, in seconds: 0 when it has replayed all it received, even
# when the primary has been idle (pg_last_xact_replay_timestamp() alone would grow then);
# NULL-safe on a server that is not a replica at all.
LAG_SQL = """
    SELECT CASE
        WHEN NOT pg_is_in_recovery() THEN 0
        WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
        ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
    END
"""


@contextmanager
def pinned_to_primary() -> Iterator[None]:
    """Every read of the code inside goes to the primary."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


def is_pinned() -> bool:
    return _pinned.get()


@dataclass(frozen=True)
class ReplicaState:
    state: str  # "ok", "lagging" or "down"
    lag: float | None = None  # seconds, when it answered
    error: str = ""

    @property
    def usable(self) -> bool:
        return self.state == "ok"

    def describe(self) -> str:
        if self.state == "down":
            return f"down ({self.error})" if self.error else "down"
        return f"{self.state} (lag {self.lag:.1f} s)"


class ReplicaHealth:
    """The replica's state as last measured, re-measured at most every CHECK_SECONDS.

    One per process, shared by its threads: a replica that is down costs one failed
    connection per process every few seconds, not one per request.
    """

    def __init__(self, *, alias: str = REPLICA, interval: float = CHECK_SECONDS, clock=None):
        self.alias = alias
        self.interval = interval
        self.clock = clock or time.monotonic
        self._lock = threading.Lock()
        self._state: ReplicaState | None = None
        self._checked_at = 0.0

    def current(self) -> ReplicaState:
        """The cached state, measured again once it is older than the interval."""
        now = self.clock()
        with self._lock:
            if self._state is not None and now - self._checked_at < self.interval:
                return self._state
            self._checked_at = now  # other threads keep the old answer meanwhile
        return self.check()

    def check(self) -> ReplicaState:
        """Measure now: connect if needed and ask how far behind the replica is."""
        try:
            with connections[self.alias].cursor() as cursor:
                cursor.execute(LAG_SQL)
                lag = float(cursor.fetchone()[0])
        except DatabaseError as error:
            connections[self.alias].close()  # the next check connects afresh
            state = ReplicaState("down", error=str(error).strip().splitlines()[0][:200])
        else:
            limit = settings.REPLICA_MAX_LAG_SECONDS
            state = ReplicaState("ok" if lag <= limit else "lagging", lag=lag)
        self.report(state)
        return state

    def report(self, state: ReplicaState) -> None:
        """Record a state measured elsewhere (also by tests)."""
        with self._lock:
            previous, self._state = self._state, state
            self._checked_at = self.clock()
        if previous is not None and previous.state != state.state:
            logger.warning("Replica is now %s", state.describe())

    def forget(self) -> None:
        """Measure again on the next read (after an error that may have been the replica's)."""
        with self._lock:
            self._checked_at = float("-inf")


health = ReplicaHealth()


def replica_configured(databases=None) -> bool:
    return REPLICA in (databases if databases is not None else settings.DATABASES)


class PrimaryReplicaRouter:
    """Django's database router (DATABASE_ROUTERS) for a primary and one replica."""

    def __init__(self, *, databases=None, replica_health=None, primary_connection=None):
        # The keyword arguments are for tests; Django passes none.
        self._databases = databases
        self._health = replica_health
        self._primary_connection = primary_connection

    def _in_transaction(self) -> bool:
        connection = self._primary_connection or connections[PRIMARY]
        return connection.in_atomic_block

    def db_for_read(self, model, **hints):
        if not replica_configured(self._databases):
            return None
        if (
            model._meta.app_label in PRIMARY_ONLY_APPS
            or self._in_transaction()
            or is_pinned()
            or not (self._health or health).current().usable
        ):
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases are the same data.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary's schema by replication; it is read-only.
        return db == PRIMARY
