"""The replica: it follows the primary, refuses writes, and takes the app's reads."""

import time
import uuid

import psycopg
import pytest

from stack.postgres import transactions

pytestmark = pytest.mark.stack


def _connect(stack, part, database="marketplace"):
    url = stack.database_url(part).rsplit("/", 1)[0] + f"/{database}"
    return psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True)


PROBE_TABLE = "CREATE TABLE IF NOT EXISTS stack_probe (key text PRIMARY KEY)"


def test_the_replica_refuses_writes(stack):
    with (
        _connect(stack, "replica") as replica,
        pytest.raises(psycopg.errors.ReadOnlySqlTransaction),
    ):
        replica.execute(
            "INSERT INTO django_session (session_key, session_data, expire_date) "
            "VALUES (%s, '', now())",
            [uuid.uuid4().hex],
        )


def test_a_write_on_the_primary_reaches_the_replica_within_a_second(stack):
    key = f"stack-test-{uuid.uuid4().hex}"
    with _connect(stack, "primary") as primary, _connect(stack, "replica") as replica:
        primary.execute(PROBE_TABLE)
        while not replica.execute("SELECT to_regclass('stack_probe')").fetchone()[0]:
            time.sleep(0.01)
        primary.execute("INSERT INTO stack_probe (key) VALUES (%s)", [key])
        deadline = time.monotonic() + 1
        query = "SELECT 1 FROM stack_probe WHERE key = %s"
        while not replica.execute(query, [key]).fetchone():
            assert time.monotonic() < deadline, "the row did not reach the replica in 1 s"
            time.sleep(0.002)
        primary.execute("DELETE FROM stack_probe WHERE key = %s", [key])


def test_anonymous_page_reads_leave_the_primary(stack, visitor):
    before = transactions(stack, "replica")
    # Search pages with new words each time: never in the page cache, always a query.
    for _ in range(20):
        assert visitor.get(f"/services/?q={uuid.uuid4().hex[:8]}").status == 200
    # Backends report their counts to the statistics within about a second of going idle.
    deadline = time.monotonic() + 10
    while (served := transactions(stack, "replica") - before) < 20:
        if time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert served >= 20, f"the replica served {served} transactions for 20 pages"
