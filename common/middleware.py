"""A database outage answers the designed 503 page, never a traceback; a visitor who just
wrote reads from the primary database."""

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

from common import db_router
from common.locks import REFUSALS

# The Django errors a lost or refused connection arrives as; `is_database_outage` tells
# them apart from the database refusing one transaction, which is not an outage.
DATABASE_OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def is_database_outage(error: BaseException | None) -> bool:
    """True when the database cannot be reached (connection lost or refused, server
    shutting down); False for a deadlock, a serialization failure, a lock or statement
    timeout: those are errors of one request, logged with a traceback as a 500."""
    if not isinstance(error, DATABASE_OUTAGE_ERRORS):
        return False
    return not isinstance(error.__cause__, REFUSALS)


def database_unavailable(request):
    """The 503 page, rendered without a request context so that it needs no database."""
    context = {"SITE_NAME": settings.SITE_NAME, "request_path": request.path}
    html = render_to_string("503.html", context)
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 with Retry-After when the database cannot be reached, never a traceback.

    This catches what views raise (also with DEBUG on); anything raised outside a view
    reaches handler500, which makes the same decision.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            if db_router.replica_configured():
                # Perhaps it was the replica: measure it again before the next read.
                db_router.health.forget()
            return database_unavailable(request)
        return None


# A signed timestamp: the visitor wrote; their reads go to the primary until it expires.
READ_YOUR_WRITES_COOKIE = "wrote"
READ_YOUR_WRITES_SALT = "common.middleware.ReadYourWritesMiddleware"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class ReadYourWritesMiddleware:
    """After a request that may have written (any method but GET, HEAD, OPTIONS, TRACE),
    the visitor's reads go to the primary for READ_YOUR_WRITES_SECONDS, so the page they
    are sent to next shows what they just did; the replica may not have it yet.

    The mark is a short-lived signed cookie (any app server can check it, and it expires by
    itself); only with a replica configured, so a single database sets no cookie at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.READ_YOUR_WRITES_SECONDS
        if not (seconds > 0 and db_router.replica_configured()):
            return self.get_response(request)
        wrote_lately = request.get_signed_cookie(
            READ_YOUR_WRITES_COOKIE, default=None, salt=READ_YOUR_WRITES_SALT, max_age=seconds
        )
        if wrote_lately or request.method not in SAFE_METHODS:
            with db_router.pinned_to_primary():
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            response.set_signed_cookie(
                READ_YOUR_WRITES_COOKIE,
                "1",
                salt=READ_YOUR_WRITES_SALT,
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
