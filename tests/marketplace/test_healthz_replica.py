"""/healthz with a replica: a line per database; a replica down or lagging is degraded, not
down (200), and only the primary's outage is a 503."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from common import db_router
from common.db_router import ReplicaState

pytestmark = pytest.mark.django_db


@pytest.fixture
def replica(monkeypatch):
    """A replica configured; the test sets what measuring it finds."""
    monkeypatch.setattr(db_router, "replica_configured", lambda databases=None: True)

    def found(state):
        monkeypatch.setattr(db_router.health, "check", lambda: state)

    return found


def test_healthz_reports_both_databases_when_they_answer(client, replica):
    replica(ReplicaState("ok", lag=0.0))

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.content == b"ok\nprimary ok\nreplica ok (lag 0.0 s)\n"


def test_a_lagging_replica_is_degraded_not_down(client, replica):
    replica(ReplicaState("lagging", lag=42.0))

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.content == b"degraded\nprimary ok\nreplica lagging (lag 42.0 s)\n"


def test_a_replica_that_is_down_is_degraded_not_down(client, replica):
    replica(ReplicaState("down", error="connection refused"))

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.content == b"degraded\nprimary ok\nreplica down (connection refused)\n"


def test_healthz_answers_503_when_the_primary_is_down_whatever_the_replica(
    client, replica, monkeypatch
):
    replica(ReplicaState("ok", lag=0.0))

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", refuse)

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.content == b"database unavailable\nprimary down\nreplica ok (lag 0.0 s)\n"
