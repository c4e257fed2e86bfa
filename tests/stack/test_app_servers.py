"""Two app servers behind the balancer behave as one site: what one writes the other reads,
and sessions, page-cache invalidation and rate limits are shared."""

import uuid

import pytest

from stack.config import APP_SERVERS
from stack.topology import balancer_stats
from tests.stack.client import Client, profile_path
from tests.stack.conftest import DEMO_PASSWORD, server_b_url

pytestmark = pytest.mark.stack

FREELANCER = "aiko@example.com"


def _set_headline(client, headline: str):
    return client.submit(
        "/dashboard/profile/", containing="headline", values={"headline": headline}
    )


def test_a_write_on_one_server_is_read_on_the_other(server_a, stack):
    assert "/accounts/login/" not in server_a.sign_in(FREELANCER, DEMO_PASSWORD).url
    profile = profile_path(server_a)
    headline = f"Written on A {uuid.uuid4().hex[:8]}"

    saved = _set_headline(server_a, headline)

    assert saved.status == 200
    assert "Your profile is saved." in saved.text
    # Anonymous, on B: the public page (cached in the shared page cache) shows the change.
    stranger = Client(server_b_url(stack), host=server_a.headers["Host"])
    assert headline in stranger.get(profile).text


def test_a_writer_reads_their_own_write_at_once(visitor):
    visitor.sign_in(FREELANCER, DEMO_PASSWORD)
    profile = profile_path(visitor)
    misses = 0
    for attempt in range(10):
        headline = f"Read your writes {attempt} {uuid.uuid4().hex[:6]}"
        edit_page = _set_headline(visitor, headline)
        public_page = visitor.get(profile)
        misses += headline not in edit_page.text or headline not in public_page.text
    assert misses == 0


def test_a_session_made_on_one_server_is_valid_on_the_other(server_a, stack):
    server_a.sign_in("client@example.com", DEMO_PASSWORD)
    on_b = server_a.on(server_b_url(stack))

    dashboard = on_b.get("/dashboard/")

    assert dashboard.status == 200
    assert "/accounts/login/" not in dashboard.url


def test_failed_logins_are_counted_across_servers(server_a, stack):
    email = f"nobody-{uuid.uuid4().hex[:8]}@example.com"
    on_b = server_a.on(server_b_url(stack))
    # Five failures for one account from one address in 15 minutes are the limit (README,
    # Accounts): 3 on A and 2 on B, counted together in the shared cache.
    for client in [server_a] * 3 + [on_b] * 2:
        answer = client.sign_in(email, "wrong password")
        assert "Too many failed attempts" not in answer.text

    sixth = server_a.sign_in(email, "wrong password")

    assert "Too many failed attempts" in sixth.text


def test_the_balancer_spreads_requests_evenly(visitor, stack):
    before = balancer_stats(stack)
    for _ in range(200):
        assert visitor.get("/healthz").status == 200
    after = balancer_stats(stack)

    served = {server: after[server]["stot"] - before[server]["stot"] for server in APP_SERVERS}

    assert sum(served.values()) >= 200
    assert all(80 <= count <= 120 for count in served.values()), served
