"""Stack tests run against a running stack (`make stack-test` starts one and stops it).

Without STACK_URL in the environment they are deselected, so the ordinary `make test`
neither runs nor skips them one by one: it reports them as deselected.
"""

import os
import random

import pytest

from stack.config import Stack
from tests.stack.client import Client

DEMO_PASSWORD = "marketplace-demo"


def pytest_collection_modifyitems(config, items):
    if os.environ.get("STACK_URL"):
        return
    deselected = [item for item in items if item.get_closest_marker("stack")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("stack")]


@pytest.fixture(scope="session")
def stack() -> Stack:
    here = Stack.here()
    assert os.environ["STACK_URL"].rstrip("/") == here.url, (
        f"STACK_URL is {os.environ['STACK_URL']}, but this checkout's stack is at {here.url} "
        "(STACK_PORT_BASE sets it)"
    )
    return here


def _client_ip() -> str:
    """A made-up client address per visitor (documentation range), so per-address rate
    limits of one test never spill into another."""
    return f"198.51.100.{random.randint(1, 254)}"


@pytest.fixture
def visitor(stack) -> Client:
    """A new visitor at the balancer."""
    return Client(stack.url, client_ip=_client_ip())


@pytest.fixture
def server_a(stack) -> Client:
    """A new visitor talking to app server A directly, as the balancer would forward."""
    host = f"127.0.0.1:{stack.port('balancer')}"
    return Client(f"http://127.0.0.1:{stack.port('app_a')}", host=host, client_ip=_client_ip())


def server_b_url(stack) -> str:
    return f"http://127.0.0.1:{stack.port('app_b')}"
