"""Helpers for marketplace/settings.py that would only lengthen it: Python and Django only,
importing nothing of the project's own (the settings are read before any app loads)."""

from django.core.exceptions import ImproperlyConfigured


def mailers_from_email_url(email: dict) -> dict:
    """Django's MAILERS from an EMAIL_URL parsed by django-environ (`env.email`): the
    backend it names, with the options that backend takes."""
    backend = email["EMAIL_BACKEND"]
    if backend.endswith("smtp.EmailBackend"):
        options = {
            "host": email.get("EMAIL_HOST"),
            "port": email.get("EMAIL_PORT"),
            "username": email.get("EMAIL_HOST_USER"),
            "password": email.get("EMAIL_HOST_PASSWORD"),
            "use_tls": email.get("EMAIL_USE_TLS"),
            "use_ssl": email.get("EMAIL_USE_SSL"),
            "timeout": 10,
        }
        options = {k: v for k, v in options.items() if v not in (None, "")}
    elif backend.endswith("filebased.EmailBackend"):
        # django-environ drops the path's first slash (as for a database name): put it back,
        # so that filemail:///var/mail is /var/mail as in a file:// URL, not var/mail under
        # whatever folder the process was started in.
        if not email["EMAIL_FILE_PATH"]:
            raise ImproperlyConfigured("EMAIL_URL filemail:///folder needs the folder's path")
        options = {"file_path": "/" + email["EMAIL_FILE_PATH"].lstrip("/")}
    else:
        options = {}
    return {"default": {"BACKEND": backend, "OPTIONS": options}}
