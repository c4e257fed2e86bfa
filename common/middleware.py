"""A database outage answers the designed 503 page, never a traceback."""

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

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
            return database_unavailable(request)
        return None
