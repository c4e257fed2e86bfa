"""Deleting one's account, the deletion policy, and unsubscribing from a kind of mail by
the link in it (no session needed)."""

from allauth.core import ratelimit
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from common.forms import run_action
from marketplace.accounts.actions import account_delete
from marketplace.accounts.forms import AccountDeleteForm
from profiles.actions.mail import mail_unsubscribe, unsubscribe_target

# Longer than any token this site makes; anything longer is not worth verifying.
MAX_TOKEN_LENGTH = 200


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_delete_view(request):
    """Ask for the password (and the second factor's code), then delete and sign out."""
    user = request.user
    # allauth's limit on re-typing the password (10 a minute per user): a session left
    # open is no way to guess the password.
    if request.method == "POST" and not ratelimit.consume(
        request, action="reauthenticate", user=user
    ):
        return render(request, "429.html", status=429)
    form = AccountDeleteForm(request.POST if request.method == "POST" else None, user=user)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_action(form, account_delete, user=user)
    ):
        logout(request)
        return redirect("accounts:deleted")
    return render(request, "accounts/account_delete.html", {"form": form})


@require_safe
def account_deleted(request):
    return render(request, "accounts/account_deleted.html")


@require_safe
@cache_control(max_age=60 * 60, public=True)
def deletion_policy(request):
    """What deleting an account removes and what stays, in words."""
    return render(request, "accounts/deletion_policy.html")


@csrf_exempt  # RFC 8058: mail clients POST without cookies or a CSRF token; the token decides
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET: a page that asks to confirm. POST (the page's button, or a mail client's
    one-click `List-Unsubscribe=One-Click`): that kind of mail is turned off. A token the
    site did not sign is the 404 page."""
    if len(token) > MAX_TOKEN_LENGTH:
        raise Http404("No such link.")
    if request.method == "POST":
        done = mail_unsubscribe(token=token)
        if done is None:
            raise Http404("No such link.")
        _user, kind = done
        return render(request, "accounts/unsubscribe.html", {"kind": kind, "done": True})
    target = unsubscribe_target(token)
    if target is None:
        raise Http404("No such link.")
    _user, kind = target
    return render(request, "accounts/unsubscribe.html", {"kind": kind, "token": token})
