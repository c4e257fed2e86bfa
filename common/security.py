"""Headers and input checks every response and request goes through.

Bad query input is answered with a 400 before any view (or query) runs: text with a NUL
byte or another control character that no form, URL or cookie of ours ever carries
(PostgreSQL refuses NUL in text outright), and numbers that cannot be what the parameter
names (`?created_at__month=13`, `?action_time__year=99999`, an id past 64 bits). Those
numeric checks go by the parameter's name alone, so they hold for every admin list and
filter without knowing its fields; what a name cannot tell is caught by the admin site
(`marketplace.admin_site`), which answers 400 for a lookup the database refuses.
"""

import re

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import QueryDict

# C0 control characters and DEL. Tab, line feed and carriage return are ordinary text in
# form fields (a textarea's lines); nowhere else does a control character belong.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# The parts of a date a lookup may name, and the values each can take.
DATE_PARTS = {
    "year": (1, 9999),
    "iso_year": (1, 9999),
    "quarter": (1, 4),
    "month": (1, 12),
    "week": (1, 53),
    "day": (1, 31),
    "week_day": (1, 7),
    "iso_week_day": (1, 7),
    "hour": (0, 23),
    "minute": (0, 59),
    "second": (0, 59),
}
# Lookups that compare a column with the value as it is: on an integer column (an id, a
# count) a value past 64 bits is a database error, not an empty result.
COMPARISONS = {"exact", "iexact", "gt", "gte", "lt", "lte", "in", "range"}
BIGINT = 2**63 - 1
_INTEGER = re.compile(r"[+-]?\d+")


def _bad_number(key: str, value: str) -> bool:
    """True when `value` cannot be what the lookup at the end of `key` asks for."""
    *path, last = key.split("__")
    if path and last in DATE_PARTS:
        low, high = DATE_PARTS[last]
        try:
            return not low <= int(value) <= high
        except ValueError:
            return True
    if last in COMPARISONS or key in ("id", "pk") or key.endswith("_id"):
        return any(
            _INTEGER.fullmatch(part.strip()) and abs(int(part)) > BIGINT
            for part in value.split(",")
        )
    return False


def bad_input(request) -> str | None:
    """Why the request's path, query, form fields or cookies cannot be valid input, or
    None. Keys, the path and cookies may hold no control character at all; values of
    query and form fields may hold tabs and line breaks."""
    if _CONTROL.search(request.path):
        return "a control character in the path"
    posted = request.POST if request.method == "POST" else QueryDict()
    for source, name in ((request.GET, "query"), (posted, "form")):
        for key, values in source.lists():
            if _CONTROL.search(key) or any(_CONTROL_IN_TEXT.search(v) for v in values):
                return f"a control character in the {name}"
            if name == "query" and any(_bad_number(key, value) for value in values):
                return f"an impossible number in the query ({key})"
    for key, value in request.COOKIES.items():
        if _CONTROL.search(key) or _CONTROL.search(value):
            return "a control character in a cookie"
    return None


class BadInputMiddleware:
    """Answer 400 (handler400, the site's 400 page) for input that cannot be valid,
    before sessions, views or queries see it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if reason := bad_input(request):
            raise BadRequest(f"Bad input: {reason}.")
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """A Permissions-Policy header on every response: the browser features the site never
    uses are denied to it and to anything it might embed (settings.PERMISSIONS_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=()" for feature in getattr(settings, "PERMISSIONS_POLICY", ())
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
