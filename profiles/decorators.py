"""Access decorators for views that act on the signed-in freelancer's own profile."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from profiles import selectors


def freelancer_required(view):
    """Signed in with a freelancer profile, handed to the view; otherwise off to create one."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        profile = selectors.profile_get_own(user=request.user)
        if profile is None:
            messages.info(request, "Create your freelancer profile first.")
            return redirect("profiles:create")
        return view(request, profile, *args, **kwargs)

    return wrapper
