"""Reads go to the replica unless they must see the primary; writes always go to the primary.

Unit tests with stand-ins for the databases and the replica's health: the ordinary suite
has no replica (a real one is tested by the stack's own tests).
"""

from types import SimpleNamespace

import pytest
from django.contrib.sessions.models import Session
from django.core.cache.backends.db import DatabaseCache
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory
from django_tasks_db.models import DBTaskResult

from common import db_router
from common.db_router import PRIMARY, REPLICA, PrimaryReplicaRouter, ReplicaHealth, ReplicaState
from common.middleware import READ_YOUR_WRITES_COOKIE, ReadYourWritesMiddleware
from profiles.models import Profile

WITH_REPLICA = {"default": {}, "replica": {}}


class FakeHealth:
    def __init__(self, state="ok"):
        self.state = ReplicaState(state, lag=0.0)

    def current(self):
        return self.state


def _router(*, databases=WITH_REPLICA, replica="ok", in_transaction=False):
    return PrimaryReplicaRouter(
        databases=databases,
        replica_health=FakeHealth(replica),
        primary_connection=SimpleNamespace(in_atomic_block=in_transaction),
    )


def test_reads_go_to_the_replica():
    assert _router().db_for_read(Profile) == REPLICA


def test_writes_go_to_the_primary():
    assert _router().db_for_write(Profile) == PRIMARY


def test_reads_inside_a_transaction_go_to_the_primary():
    assert _router(in_transaction=True).db_for_read(Profile) == PRIMARY


def test_reads_of_a_request_pinned_after_a_write_go_to_the_primary():
    router = _router()

    with db_router.pinned_to_primary():
        assert router.db_for_read(Profile) == PRIMARY
    assert router.db_for_read(Profile) == REPLICA


@pytest.mark.parametrize("state", ["down", "lagging"])
def test_reads_go_to_the_primary_while_the_replica_is_down_or_lagging(state):
    assert _router(replica=state).db_for_read(Profile) == PRIMARY


@pytest.mark.parametrize(
    "model",
    [DatabaseCache("django_cache", {}).cache_model_class, Session, DBTaskResult],
    ids=["cache entries", "sessions", "the task queue"],
)
def test_read_modify_write_tables_are_always_read_from_the_primary(model):
    assert _router().db_for_read(model) == PRIMARY


def test_without_a_replica_the_router_leaves_reads_to_the_default_database():
    assert _router(databases={"default": {}}).db_for_read(Profile) is None


def test_only_the_primary_is_migrated():
    router = _router()

    assert router.allow_migrate(PRIMARY, "profiles") is True
    assert router.allow_migrate(REPLICA, "profiles") is False


# --- The replica's health, measured at most every few seconds ------------------------------


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_the_replica_is_measured_again_only_after_the_interval(monkeypatch):
    clock = Clock()
    health = ReplicaHealth(interval=2, clock=clock)
    measured = []
    monkeypatch.setattr(
        health, "check", lambda: measured.append(clock.now) or ReplicaState("ok", lag=0.0)
    )
    health.report(ReplicaState("ok", lag=0.0))

    health.current()
    clock.now += 1
    health.current()
    clock.now += 1.5
    health.current()

    assert measured == [102.5]


class RefusingCursor:
    def __enter__(self):
        raise OperationalError("connection refused")

    def __exit__(self, *args):
        return False


class LaggingCursor:
    def __init__(self, lag):
        self.lag = lag

    def __enter__(self):
        return self

    def __exit__(self, *args):
        return False

    def execute(self, sql):
        pass

    def fetchone(self):
        return (self.lag,)


def _replica_connection(monkeypatch, cursor):
    fake = SimpleNamespace(cursor=lambda: cursor, close=lambda: None)
    monkeypatch.setattr(db_router, "connections", {REPLICA: fake})


def test_a_replica_that_refuses_connections_is_down(monkeypatch):
    _replica_connection(monkeypatch, RefusingCursor())

    state = ReplicaHealth().check()

    assert state.state == "down"
    assert "connection refused" in state.describe()


def test_a_replica_further_behind_than_allowed_is_lagging(monkeypatch, settings):
    settings.REPLICA_MAX_LAG_SECONDS = 5
    _replica_connection(monkeypatch, LaggingCursor(12.5))

    state = ReplicaHealth().check()

    assert (state.state, state.usable) == ("lagging", False)
    assert state.describe() == "lagging (lag 12.5 s)"


def test_a_replica_within_the_allowed_lag_is_ok(monkeypatch, settings):
    settings.REPLICA_MAX_LAG_SECONDS = 5
    _replica_connection(monkeypatch, LaggingCursor(0.2))

    assert ReplicaHealth().check().usable


# --- Read your own writes: the middleware pins a writer's next requests ------------------


@pytest.fixture
def with_replica(settings, monkeypatch):
    monkeypatch.setattr(db_router, "replica_configured", lambda databases=None: True)
    settings.READ_YOUR_WRITES_SECONDS = 5


def _middleware(seen):
    def view(request):
        seen.append(db_router.is_pinned())
        return HttpResponse("ok")

    return ReadYourWritesMiddleware(view)


def test_after_a_post_the_next_get_reads_from_the_primary(with_replica):
    seen = []
    middleware = _middleware(seen)
    factory = RequestFactory()

    posted = middleware(factory.post("/dashboard/"))
    following = factory.get("/dashboard/")
    following.COOKIES[READ_YOUR_WRITES_COOKIE] = posted.cookies[READ_YOUR_WRITES_COOKIE].value
    middleware(following)

    assert seen == [True, True]
    assert posted.cookies[READ_YOUR_WRITES_COOKIE]["max-age"] == 5
    assert not db_router.is_pinned()  # the pin ends with the request


def test_a_get_without_a_recent_write_reads_from_the_replica(with_replica):
    seen = []

    response = _middleware(seen)(RequestFactory().get("/"))

    assert seen == [False]
    assert READ_YOUR_WRITES_COOKIE not in response.cookies


def test_a_forged_write_cookie_pins_nothing(with_replica):
    seen = []
    request = RequestFactory().get("/")
    request.COOKIES[READ_YOUR_WRITES_COOKIE] = "1"

    _middleware(seen)(request)

    assert seen == [False]


def test_without_a_replica_no_cookie_is_set():
    seen = []

    response = _middleware(seen)(RequestFactory().post("/"))

    assert seen == [False]
    assert READ_YOUR_WRITES_COOKIE not in response.cookies
