"""The same code on many machines: settings alone switch each part to its shared service.

Each test reads marketplace/settings.py afresh with the given environment (no `.env`), so
nothing here needs Redis, a replica or a store running.
"""

import runpy

import pytest
import redis
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from redis.utils import HIREDIS_AVAILABLE

from marketplace.settings import BASE_DIR

SCALE_OUT_VARIABLES = [
    "DATABASE_REPLICA_URL",
    "REPLICA_MAX_LAG_SECONDS",
    "READ_YOUR_WRITES_SECONDS",
    "CACHE_URL",
    "PAGE_CACHE_URL",
    "TASKS_BACKEND",
    "S3_ENDPOINT_URL",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_REGION",
    "S3_PUBLIC_BUCKET",
    "S3_PRIVATE_BUCKET",
    "S3_PUBLIC_URL",
    "SERVE_MEDIA",
    "EMAIL_URL",
]
S3 = {
    "S3_ENDPOINT_URL": "http://127.0.0.1:8333",
    "S3_ACCESS_KEY_ID": "app",
    "S3_SECRET_ACCESS_KEY": "secret",
    "S3_PUBLIC_BUCKET": "public",
    "S3_PRIVATE_BUCKET": "private",
}


@pytest.fixture
def read_settings(monkeypatch):
    """Read the settings module with only these scale-out variables set."""

    def read(**variables):
        monkeypatch.setenv("ENV_FILE", "/dev/null")
        monkeypatch.setenv("DEBUG", "true")
        for name in SCALE_OUT_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(BASE_DIR / "marketplace" / "settings.py"))

    return read


def test_by_default_one_machine_keeps_everything_local(read_settings):
    settings = read_settings()

    assert "replica" not in settings["DATABASES"]
    assert settings["CACHES"]["default"]["BACKEND"].endswith("db.DatabaseCache")
    assert settings["CACHES"]["pages"]["BACKEND"].endswith("db.DatabaseCache")
    assert settings["TASKS"]["default"]["BACKEND"].endswith("ImmediateBackend")
    assert settings["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert settings["STORAGES"]["private"]["BACKEND"].endswith("FileSystemStorage")
    assert settings["SERVE_MEDIA"] is True
    assert settings["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


def test_redis_urls_become_djangos_redis_cache_one_database_each(read_settings):
    settings = read_settings(
        CACHE_URL="redis://127.0.0.1:6390/0", PAGE_CACHE_URL="redis://127.0.0.1:6390/1"
    )

    caches = settings["CACHES"]
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert caches["default"]["LOCATION"] == "redis://127.0.0.1:6390/0"
    assert caches["pages"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert caches["pages"]["LOCATION"] == "redis://127.0.0.1:6390/1"


def test_a_redis_cache_gets_its_client_with_the_fast_parser(read_settings):
    config = read_settings(CACHE_URL="redis://127.0.0.1:6390/0")["CACHES"]["default"]

    # Without the redis package this is where a redis:// URL fails (no server needed yet).
    client = RedisCache(config["LOCATION"], {})._cache

    assert client._lib is redis
    assert HIREDIS_AVAILABLE


def test_a_replica_url_adds_the_replica_database(read_settings):
    settings = read_settings(
        DATABASE_REPLICA_URL="postgres://app:pw@127.0.0.1:5433/marketplace",
        REPLICA_MAX_LAG_SECONDS="2.5",
        READ_YOUR_WRITES_SECONDS="3",
    )

    replica = settings["DATABASES"]["replica"]
    assert (replica["HOST"], replica["PORT"], replica["NAME"]) == (
        "127.0.0.1",
        5433,
        "marketplace",
    )
    assert replica["OPTIONS"]["connect_timeout"] == 2
    assert settings["DATABASE_ROUTERS"] == ["common.db_router.PrimaryReplicaRouter"]
    assert (settings["REPLICA_MAX_LAG_SECONDS"], settings["READ_YOUR_WRITES_SECONDS"]) == (2.5, 3)


def test_the_database_tasks_backend_is_django_tasks_db(read_settings):
    settings = read_settings(TASKS_BACKEND="database")

    assert settings["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def test_an_unknown_tasks_backend_is_refused(read_settings):
    with pytest.raises(ImproperlyConfigured, match="TASKS_BACKEND"):
        read_settings(TASKS_BACKEND="celery")


def test_s3_puts_public_images_and_resumes_in_two_buckets(read_settings):
    settings = read_settings(**S3, S3_PUBLIC_URL="http://127.0.0.1:8080/media/")

    public = settings["STORAGES"]["default"]
    private = settings["STORAGES"]["private"]
    assert public["BACKEND"] == private["BACKEND"] == "storages.backends.s3.S3Storage"
    assert public["OPTIONS"]["bucket_name"] == "public"
    assert public["OPTIONS"]["querystring_auth"] is False
    assert public["OPTIONS"]["custom_domain"] == "127.0.0.1:8080/media"
    assert public["OPTIONS"]["url_protocol"] == "http:"
    assert private["OPTIONS"]["bucket_name"] == "private"
    assert "querystring_auth" not in private["OPTIONS"]  # presigned, never public
    for options in (public["OPTIONS"], private["OPTIONS"]):
        assert options["endpoint_url"] == "http://127.0.0.1:8333"
        assert options["addressing_style"] == "path"
        assert options["signature_version"] == "s3v4"
        assert options["region_name"] == "us-east-1"
    assert settings["MEDIA_URL"] == "http://127.0.0.1:8080/media/"
    assert settings["SERVE_MEDIA"] is False
    assert "http://127.0.0.1:8080" in settings["SECURE_CSP"]["img-src"]


def test_public_files_are_served_from_the_bucket_unless_told_otherwise(read_settings):
    settings = read_settings(**S3)

    assert settings["MEDIA_URL"] == "http://127.0.0.1:8333/public/"
    assert settings["STORAGES"]["default"]["OPTIONS"]["custom_domain"] == "127.0.0.1:8333/public"
    assert "http://127.0.0.1:8333" in settings["SECURE_CSP"]["img-src"]


def test_a_relative_public_url_is_refused(read_settings):
    with pytest.raises(ImproperlyConfigured, match="S3_PUBLIC_URL"):
        read_settings(**S3, S3_PUBLIC_URL="/media/")


@pytest.mark.parametrize("slashes", ["///", "////"])
def test_a_file_mail_url_writes_each_message_into_that_absolute_folder(read_settings, slashes):
    settings = read_settings(EMAIL_URL=f"filemail:{slashes}var/tmp/stack/mail")

    assert settings["MAILERS"]["default"] == {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": "/var/tmp/stack/mail"},
    }


def test_a_file_mail_url_without_a_folder_is_refused(read_settings):
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        read_settings(EMAIL_URL="filemail://")


def test_an_smtp_url_gives_the_mail_server_and_its_credentials(read_settings):
    settings = read_settings(EMAIL_URL="smtp+tls://user:pw@mail.example.com:587")

    assert settings["MAILERS"]["default"] == {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "mail.example.com",
            "port": 587,
            "username": "user",
            "password": "pw",
            "use_tls": True,
            "timeout": 10,
        },
    }
