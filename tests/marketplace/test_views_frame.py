"""The site's frame: header, footer, error pages, health check and security headers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.urls import reverse

from marketplace import localdb
from marketplace.views import server_error

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_home_page_has_the_header_search_and_sign_in_links(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="search"' in html
    assert f'href="{reverse("services:list")}"' in html
    assert f'href="{reverse("account_login")}"' in html
    assert f'href="{reverse("account_signup")}"' in html


def test_signed_in_user_sees_the_account_menu_instead_of_sign_in(client, client_user):
    client.force_login(client_user)

    html = client.get(reverse("home")).content.decode()

    assert "Casey Client" in html
    assert "Sign out" in html
    assert f'href="{reverse("account_login")}"' not in html


def test_staff_see_a_link_to_the_admin(client, moderator):
    client.force_login(moderator)

    assert reverse("admin:index") in client.get(reverse("home")).content.decode()


def test_unknown_url_gets_the_designed_404_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b'class="site-header"' in response.content


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", refuse)

    response = client.get(reverse("healthz"))

    assert response.status_code == 503


def test_a_page_whose_database_fails_gets_the_503_page(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("marketplace.views.render", refuse)

    response = client.get(reverse("home"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"back in a moment" in response.content


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get(reverse("robots_txt"))

    assert response["Content-Type"].startswith("text/plain")
    assert b"Disallow: /admin/" in response.content
    assert b"Sitemap: http://testserver/sitemap.xml" in response.content


def test_favicon_ico_redirects_to_the_real_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")


def test_every_response_carries_the_security_headers(client):
    response = client.get(reverse("account_login"))

    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    """Production serves collected, hashed static files; collect them once."""
    static_root = tmp_path_factory.mktemp("static")
    result = _run_with_env(
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('collectstatic', interactive=False, verbosity=0)",
        DEBUG="false",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="testserver",
        STATIC_ROOT=str(static_root),
    )
    assert result.returncode == 0, result.stderr
    return str(static_root)


def _run_with_env(code, **env):
    """Run Python in a fresh process with only the given environment, as production would."""
    base = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "marketplace.settings",
        "ENV_FILE": "/dev/null",
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


CLIENT_GET = """
import django; django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client(raise_request_exception=False)
# A returning visitor: the session cookie makes every page read the database.
client.cookies["sessionid"] = "a-session-key-from-an-earlier-visit"
for path in {paths!r}:
    r = client.get(path, secure=True)
    print(path, r.status_code, r.get("Retry-After"), r.get("Strict-Transport-Security"),
          "site-header" in r.content.decode(), sep="|")
"""


def test_with_the_database_stopped_pages_answer_503_not_500(collected_static):
    result = _run_with_env(
        CLIENT_GET.format(paths=["/", "/healthz", "/accounts/login/"]),
        DEBUG="false",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="testserver",
        DATABASE_URL="postgres://nobody@/none?host=/nonexistent-socket-dir",
        STATIC_ROOT=collected_static,
    )

    hsts = "max-age=31536000; includeSubDomains; preload"
    assert result.stdout.splitlines() == [
        f"/|503|30|{hsts}|True",
        f"/healthz|503|None|{hsts}|False",
        f"/accounts/login/|503|30|{hsts}|True",
    ], result.stderr


def test_production_settings_send_hsts_and_secure_cookies(collected_static):
    result = _run_with_env(
        CLIENT_GET.format(paths=["/healthz"])
        + "\nfrom django.conf import settings"
        + "\nprint(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)",
        DEBUG="false",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=os.environ.get("DATABASE_URL", localdb.database_url()),
        STATIC_ROOT=collected_static,
    )

    assert result.stdout.splitlines() == [
        "/healthz|200|None|max-age=31536000; includeSubDomains; preload|False",
        "True True",
    ], result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _run_with_env("import django; django.setup()", DEBUG="false", ALLOWED_HOSTS="x")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_server_error_handler_turns_a_database_outage_into_503(rf):
    try:
        raise OperationalError("the database went away")
    except OperationalError:
        response = server_error(rf.get("/"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_server_error_handler_renders_the_designed_500_page(rf):
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b'class="site-header"' in response.content
