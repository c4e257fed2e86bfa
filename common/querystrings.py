"""Clean query strings for GET forms."""

import functools

from django.http import HttpResponsePermanentRedirect


def without_empty_params(view):
    """View decorator: a GET whose query string holds empty parameters (`?q=&min_rate=`,
    what a filter form sends for the fields left blank) is sent, permanently, to the same
    page without them. Works without JavaScript, and every search has one address."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method in {"GET", "HEAD"} and any(
            "" in values for _key, values in request.GET.lists()
        ):
            query = request.GET.copy()
            for key in list(query):
                kept = [value for value in query.getlist(key) if value != ""]
                if kept:
                    query.setlist(key, kept)
                else:
                    del query[key]
            location = request.path + (f"?{query.urlencode()}" if query else "")
            return HttpResponsePermanentRedirect(location)
        return view(request, *args, **kwargs)

    return wrapper
