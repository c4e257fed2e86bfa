"""What every response carries: a Permissions-Policy, and a CSP nonce of its own, even
when the page comes from the page cache."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.test import RequestFactory
from django.urls import reverse

from common.cache import LISTINGS, cache_public_page
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


def _page_with_an_inline_script():
    """A cached public view whose HTML uses the response's CSP nonce, behind the CSP
    middleware, as a page with an inline script would be."""

    @cache_public_page(LISTINGS)
    def view(request):
        nonce = request._csp_nonce
        return HttpResponse(f'<script nonce="{nonce}">go()</script><p>{nonce}</p>')

    return ContentSecurityPolicyMiddleware(view)


def _anonymous_get():
    request = RequestFactory().get("/inline/")
    request.user = AnonymousUser()
    request.session = SessionStore()
    return request


def test_a_cache_hit_carries_its_own_responses_nonce_not_the_first_visitors(page_cache):
    page = _page_with_an_inline_script()
    first = page(_anonymous_get())
    second = page(_anonymous_get())

    first_body, first_header = _nonces(first)
    second_body, second_header = _nonces(second)
    assert len(first_body) == 1
    assert first_body == first_header
    assert second_body == second_header
    assert first_body != second_body
    assert second.content.decode().endswith(f"<p>{second_body.pop()}</p>")
    assert b"\x00" not in second.content


def test_a_cached_service_page_carries_no_nonce_at_all(
    client, freelancer, page_cache, django_assert_num_queries
):
    service = ServiceFactory(freelancer=freelancer.profile, title="Long-form features")
    first = client.get(service.get_absolute_url())
    with django_assert_num_queries(1):  # a cache hit
        second = client.get(service.get_absolute_url())

    assert "application/ld+json" in second.content.decode()
    assert _nonces(first) == _nonces(second) == (set(), set())


@pytest.mark.parametrize("name", ["home", "services:list"])
def test_cached_listing_pages_carry_no_stale_nonce(client, freelancer, page_cache, name):
    ServiceFactory(freelancer=freelancer.profile)
    client.get(reverse(name))

    body, header = _nonces(client.get(reverse(name)))

    assert body <= header
