"""Page data every visitor repeats, cached in the shared cache under a version number.

Any write that changes what public listings show (a service published, edited, withdrawn
or suspended; a rating recounted; a freelancer renamed or suspended) calls
`public_listings_changed()`, which moves to a new version once the transaction commits, so
the next visitor gets fresh data and stale entries simply expire.
"""

from django.core.cache import cache
from django.db import transaction

_VERSION_KEY = "public-listings:version"
TIMEOUT = 10 * 60


def _version() -> int:
    return cache.get_or_set(_VERSION_KEY, 1, timeout=None)


def public_listings_changed() -> None:
    """Invalidate cached listings once the current transaction commits."""
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:  # no version yet (or it was evicted): start one
        cache.set(_VERSION_KEY, 2, timeout=None)


def cached_listing(name: str, compute):
    """`compute()`'s value for the current listings version, computed at most once."""
    return cache.get_or_set(f"public-listings:{_version()}:{name}", compute, timeout=TIMEOUT)
