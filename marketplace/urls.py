from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.cache import cache_control

from marketplace import views
from marketplace.sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("how-it-works/", views.how_it_works, name="how_it_works"),
    path("healthz", views.healthz, name="healthz"),
    path("bench/baseline", views.bench_baseline, name="bench_baseline"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        cache_control(public=True, max_age=600)(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_control(public=True, max_age=600)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("favicon.ico", views.favicon, name="favicon"),
    path("", include("profiles.urls")),
    path("", include("services.urls")),
    path("", include("reviews.urls")),
    path("", include("marketplace.exports.urls")),
    path("", include("marketplace.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "marketplace.views.bad_request"
handler500 = "marketplace.views.server_error"

if settings.SERVE_MEDIA:
    # Uploaded files have random, never-reused names, so they may be cached for good.
    urlpatterns += [
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views.media, name="media"),
    ]
