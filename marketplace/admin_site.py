"""The staff's admin site: the index shows what waits for moderation. It opens only for
staff who have a second factor (an authenticator app or a security key)."""

import functools
import logging

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import DataError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger(__name__)

# What a filter value the database or a lookup cannot take arrives as: a value out of a
# column's range, a year past 9999 for a date lookup, a number too large to convert.
LOOKUP_ERRORS = (DataError, ValueError, OverflowError)


class MarketplaceAdminSite(admin.AdminSite):
    site_header = f"{settings.SITE_NAME} administration"
    site_title = f"{settings.SITE_NAME} admin"
    index_title = "Moderation"

    def has_permission(self, request):
        return super().has_permission(request) and self._has_second_factor(request)

    @staticmethod
    def _has_second_factor(request):
        """Whether the user has enrolled a second factor, asked once per request."""
        if not hasattr(request, "_admin_second_factor"):
            # Imported here, as in login(): this module loads before the models are ready.
            from allauth.mfa.models import Authenticator
            from allauth.mfa.utils import is_mfa_enabled

            request._admin_second_factor = is_mfa_enabled(
                request.user, [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
            )
        return request._admin_second_factor

    def admin_view(self, view, cacheable=False):
        """Every admin page, with one more guard: a GET whose query string makes a lookup
        fail (common.security turns away what it can tell by the names) is a 400, not a
        500. Logged with its traceback, so a real bug behind it is still seen."""

        @functools.wraps(view)
        def guarded(request, *args, **kwargs):
            try:
                response = view(request, *args, **kwargs)
                # The list's rows are read while its template renders: render it here.
                if callable(getattr(response, "render", None)) and not response.is_rendered:
                    response.render()
                return response
            except LOOKUP_ERRORS as error:
                if request.method not in ("GET", "HEAD") or not request.GET:
                    raise
                logger.warning("Admin lookup refused: %s", request.get_full_path(), exc_info=True)
                raise BadRequest("A filter value the lookup cannot take.") from error

        return super().admin_view(guarded, cacheable)

    def login(self, request, extra_context=None):
        """Never take a password here: everyone signs in through the site's login, which
        rate-limits and asks enrolled users for their second factor. Staff go on to the
        admin once they have a second factor, to set one up before; others are refused."""
        from django.contrib.auth.views import redirect_to_login

        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:index")
        if not request.user.is_authenticated:
            return redirect_to_login(next_url, reverse("account_login"))
        if self.has_permission(request):
            return redirect(next_url)
        if super().has_permission(request):
            messages.info(
                request,
                "Staff need two-factor authentication. Set up an authenticator app, then "
                "open the admin again.",
            )
            return redirect("mfa_activate_totp")
        raise PermissionDenied("Your account has no access to the admin.")

    def index(self, request, extra_context=None):
        # Imported here, as in login(): this module loads before the models are ready.
        from marketplace.selectors import moderation_queues

        extra_context = {**(extra_context or {}), "queues": moderation_queues(request.user)}
        return super().index(request, extra_context)


class MarketplaceAdminConfig(AdminConfig):
    default_site = "marketplace.admin_site.MarketplaceAdminSite"
