"""What every response carries: a Permissions-Policy, and a CSP nonce of its own, even
when the page comes from the page cache."""

import re

import pytest
from django.urls import reverse

from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db

NONCE_ATTR = re.compile(r'nonce="([^"]*)"')
HEADER_NONCE = re.compile(r"'nonce-([^']+)'")


def _nonces(response) -> tuple[set[str], set[str]]:
    """The nonces in the page's HTML and those its CSP header allows."""
    body = set(NONCE_ATTR.findall(response.content.decode()))
    header = set(HEADER_NONCE.findall(response["Content-Security-Policy"]))
    return body, header


# --- Permissions-Policy -----------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/services/", "/healthz", "/no-such-page/", "/robots.txt"])
def test_every_response_denies_the_browser_features_the_site_never_uses(client, path):
    policy = client.get(path)["Permissions-Policy"]

    features = dict(item.strip().split("=") for item in policy.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert features[feature] == "()"
    assert features["interest-cohort"] == "()"


def test_a_400_page_carries_the_policy_too(client):
    response = client.get("/services/", {"q": "\x00"})

    assert response.status_code == 400
    assert "camera=()" in response["Permissions-Policy"]


# --- CSP nonces and the page cache ------------------------------------------------------


def test_a_cached_page_carries_this_responses_nonce_not_the_first_visitors(
    client, freelancer, page_cache, django_assert_num_queries
):
    service = ServiceFactory(freelancer=freelancer.profile, title="Long-form features")
    first = client.get(service.get_absolute_url())
    with django_assert_num_queries(1):  # a cache hit
        second = client.get(service.get_absolute_url())

    first_body, first_header = _nonces(first)
    second_body, second_header = _nonces(second)
    assert len(first_body) == 1  # the JSON-LD block's
    assert first_body == first_header
    assert second_body == second_header
    assert first_body != second_body
    assert "\x00" not in second.content.decode()


@pytest.mark.parametrize("name", ["home", "services:list"])
def test_cached_listing_pages_carry_no_stale_nonce(client, freelancer, page_cache, name):
    ServiceFactory(freelancer=freelancer.profile)
    client.get(reverse(name))

    body, header = _nonces(client.get(reverse(name)))

    assert body <= header
