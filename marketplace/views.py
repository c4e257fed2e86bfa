import sys

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.static import serve as static_serve

from common import db_router
from common.cache import LISTINGS, cache_public_page
from common.middleware import DATABASE_OUTAGE_ERRORS, database_unavailable, is_database_outage
from services import home_selectors
from services import selectors as service_selectors


@require_safe
@cache_public_page(LISTINGS)
def home(request):
    return render(request, "marketplace/home.html", home_selectors.home_page_data())


@require_safe
@cache_control(max_age=60 * 60, public=True)
def how_it_works(request):
    """How reviews, ratings, moderation and search ranking work: the main parameters of
    ranking that EU regulation 2019/1150 asks a marketplace to describe."""
    context = {"sorts": list(service_selectors.SORTS.values())}
    return render(request, "marketplace/how_it_works.html", context)


@require_safe
def healthz(request):
    """200 when the app and its primary database answer, 503 otherwise; plain text for
    probes. With a replica, a line for each database after the verdict: a replica down or
    lagging makes the app "degraded" but still 200, as its reads go to the primary."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_OUTAGE_ERRORS:
        primary_ok = False
    else:
        primary_ok = True
    lines = ["ok" if primary_ok else "database unavailable"]
    if db_router.replica_configured():
        replica = db_router.health.check()  # measured now; the router's reads follow it
        if primary_ok and not replica.usable:
            lines = ["degraded"]
        lines += [f"primary {'ok' if primary_ok else 'down'}", f"replica {replica.describe()}"]
    body = "".join(f"{line}\n" for line in lines)
    return HttpResponse(body, status=200 if primary_ok else 503, content_type="text/plain")


@require_safe
def bench_baseline(request):
    """The benchmark's reference: one SELECT of 20 rows rendered in the site's frame."""
    if not settings.BENCHMARK_VIEWS:
        raise Http404
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, title FROM services_service ORDER BY id LIMIT 20")
        rows = cursor.fetchall()
    return render(request, "marketplace/bench_baseline.html", {"rows": rows})


@require_safe
@cache_control(max_age=60 * 60 * 24, public=True)
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain")


@require_safe
@cache_control(max_age=60 * 60 * 24, public=True)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the real one."""
    return redirect(static("img/favicon.svg"), permanent=True)


@require_safe
@cache_control(max_age=60 * 60 * 24 * 365, public=True, immutable=True)
def media(request, path):
    """Public uploads (avatars, banners, covers) when no web server in front serves them.
    A path that cannot be a file (a name too long for the file system, say) is a 404."""
    try:
        return static_serve(request, path, document_root=settings.MEDIA_ROOT)
    except (OSError, ValueError):
        raise Http404("No such file.") from None


def bad_request(request, exception):
    """handler400: the site's 400 page, rendered without the request, so that nothing of
    the bad input is shown again and no session or user is looked up for it."""
    html = render_to_string("400.html", {"SITE_NAME": settings.SITE_NAME})
    return HttpResponse(html, status=400)


def server_error(request):
    """handler500: a database outage is a 503; anything else the plain 500 page."""
    if is_database_outage(sys.exception()):
        return database_unavailable(request)
    html = render_to_string("500.html", {"SITE_NAME": settings.SITE_NAME})
    return HttpResponse(html, status=500)
