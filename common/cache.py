"""Public pages served from a shared cache, and the versions that invalidate them.

What anonymous visitors see is the same for all of them, so a public page is rendered
once and served from the "pages" cache until something it shows changes. Each cached
thing depends on version *scopes*:

- "site": every cached page (taxonomy or account edits in the admin, bulk loads);
- "listings": pages that list many services or freelancers: home, browse and search,
  category and skill pages;
- "service:<slug>" and "profile:<slug>": one freelancer's service pages and profile page.

A scope's version is a random token kept in the cache. A change deletes the token once
its transaction commits (never on rollback), so nothing stored under the old token is
served again; it simply expires. Tokens are read before a page is computed, so a change
that commits while a page is being rendered is never hidden by it.

Like every after-commit callback in the project, invalidation is registered with
`robust=True`: a callback that fails (a file deletion, say) is logged and the ones after
it still run, so a committed change never leaves a stale page behind.
"""

import functools
import hashlib
import secrets
import zlib
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csp import get_nonce

ALIAS = "pages"
# Cached data (not pages) lives this long at most; the page cache setting does not turn it
# off: without it a million services would be counted for every home page.
DATA_TIMEOUT = 10 * 60
LISTINGS = "listings"
SITE = "site"
# Stands in a stored page for the CSP nonce of the response it was rendered for; each hit
# puts its own response's nonce there. A NUL byte never occurs in a page we render.
NONCE_MARK = b"\x00csp-nonce\x00"


def _cache():
    return caches[ALIAS]


def _version_key(scope: str) -> str:
    return f"version:{scope}"


def _read(scopes: Iterable[str], key: str) -> tuple[list[str], object]:
    """The current token of each scope (made on first use) and the value at `key`, in one
    cache read when the tokens exist."""
    version_keys = [_version_key(scope) for scope in scopes]
    found = _cache().get_many([*version_keys, key])
    tokens = [
        found.get(version_key)
        or _cache().get_or_set(version_key, secrets.token_hex(8), timeout=None)
        for version_key in version_keys
    ]
    return tokens, found.get(key)


def _forget(*scopes: str) -> None:
    _cache().delete_many([_version_key(scope) for scope in scopes])


# --- What changes call ------------------------------------------------------------------


def public_listings_changed() -> None:
    """Invalidate the listing pages (home, browse, search, categories, skills) once the
    current transaction commits."""
    transaction.on_commit(lambda: _forget(LISTINGS), robust=True)


def pages_changed(*scopes: str) -> None:
    """Invalidate the pages of these scopes (`service_scope(slug)`, `profile_scope(slug)`)
    once the current transaction commits. The caller knows which scopes a change reaches."""
    transaction.on_commit(lambda: _forget(*scopes), robust=True)


def service_scope(slug: str) -> str:
    """The scope of one service's page."""
    return f"service:{slug}"


def profile_scope(slug: str) -> str:
    """The scope of one freelancer's profile page."""
    return f"profile:{slug}"


def all_public_pages_changed() -> None:
    """Invalidate every cached page once the current transaction commits."""
    transaction.on_commit(lambda: _forget(SITE), robust=True)


# --- Cached data ------------------------------------------------------------------------


def cached_listing(name: str, compute):
    """`compute()`'s value for the current listings, computed at most once per version
    (one cache read when it is there)."""
    return _cached(f"listing:{name}", [SITE, LISTINGS], compute)


def cached_site_data(name: str, compute):
    """`compute()`'s value until the admin changes what every page shows (the category
    tree, say): one cache read when it is there."""
    return _cached(f"site:{name}", [SITE], compute)


def _cached(key: str, scopes: list[str], compute):
    tokens, entry = _read(scopes, key)
    if entry is not None and entry[0] == tokens:
        return entry[1]
    value = compute()
    _cache().set(key, (tokens, value), DATA_TIMEOUT)
    return value


# --- Cached pages -----------------------------------------------------------------------


def cache_public_page(scope: str | Callable[..., str], *, params: Iterable[str] = ()):
    """View decorator: anonymous GETs of the page are served from the cache.

    `scope` names what the page shows ("listings"), or computes it from the URL's keyword
    arguments (`lambda slug: f"service:{slug}"`). Only requests whose query string uses
    nothing but `params` are cached, so stray parameters cannot fill the cache. Signed-in
    visitors, visitors with a message waiting and responses that set a cookie are never
    served from it or stored in it. `PAGE_CACHE_TIMEOUT = 0` turns page caching off.
    """
    allowed = frozenset(params)

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            timeout = settings.PAGE_CACHE_TIMEOUT
            if not timeout or not _is_cacheable(request, allowed):
                return view(request, *args, **kwargs)
            scopes = [SITE, scope(**kwargs) if callable(scope) else scope]
            key = "page:" + hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
            tokens, entry = _read(scopes, key)
            if entry is not None and entry[0] == tokens:
                content = _with_nonce(request, zlib.decompress(entry[1]))
                return HttpResponse(content, content_type=entry[2])
            response = view(request, *args, **kwargs)
            if _is_storable(request, response):
                content = _without_nonce(request, response.content)
                stored = (tokens, zlib.compress(content), response["Content-Type"])
                _cache().set(key, stored, timeout)
            return response

        return wrapper

    return decorator


def _without_nonce(request, content: bytes) -> bytes:
    """The page with the CSP nonce it was rendered with (if it used one) marked out: the
    next visitor's response has a nonce of its own."""
    nonce = get_nonce(request)
    return content.replace(str(nonce).encode(), NONCE_MARK) if nonce else content


def _with_nonce(request, content: bytes) -> bytes:
    """A stored page with this response's CSP nonce where the first one's was (the CSP
    middleware then puts the same nonce in this response's header)."""
    if NONCE_MARK not in content:
        return content
    nonce = get_nonce(request)  # generated here, so the header will carry it too
    return content.replace(NONCE_MARK, b"" if nonce is None else str(nonce).encode())


def _is_cacheable(request, allowed: frozenset[str]) -> bool:
    return (
        request.method == "GET"
        and allowed.issuperset(request.GET)
        and not request.user.is_authenticated
        and not len(messages.get_messages(request))
    )


def _is_storable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.session.modified
    )
