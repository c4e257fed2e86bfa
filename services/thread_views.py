"""The conversation on each hire request: the thread page and its form, attachment
downloads, reports, and the message mail setting. Only the request's two parties get
anything here; everyone else gets a 404."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from common.forms import run_action
from profiles.actions.mail import user_mail_preferences_update
from services import actions, engagement_selectors, thread_selectors
from services.thread_forms import MessageForm, MessageReportForm, NotificationSettingsForm


def _party_only(view):
    """Signed-in users only, and a 404 (not a sign-in page) for anyone else: a thread, its
    files and its reports do not exist for visitors. The selectors 404 non-parties."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise Http404("No such hire request.")
        return view(request, *args, **kwargs)

    return wrapper


INBOX_TITLES = {
    True: ("Your hire requests", "hires"),
    False: ("Requests from clients", "requests"),
}


def _before(request) -> int | None:
    value = request.GET.get("before", "")
    return int(value) if value.isdigit() and len(value) < 12 else None


def _thread_page(request, pk, *, form=None):
    page = thread_selectors.thread_get_for_party(pk=pk, user=request.user, before=_before(request))
    if page.was_unread and page.is_latest:
        actions.thread_mark_read(engagement=page.engagement, user=request.user)
    title, inbox = INBOX_TITLES[page.viewer_is_client]
    context = {
        "page": page,
        "engagement": page.engagement,
        "form": form or MessageForm(),
        "crumbs": [(title, reverse(f"services:{inbox}"))],
    }
    return render(request, "services/engagement_thread.html", context)


@_party_only
@require_http_methods(["GET", "HEAD", "POST"])
def thread(request, pk):
    """The thread; a posted message is sent, then the page is shown again (PRG)."""
    if request.method != "POST":
        return _thread_page(request, pk)
    engagement = engagement_selectors.engagement_get_for_party(pk=pk, user=request.user)
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            message = actions.message_send(
                engagement=engagement, author=request.user, **form.cleaned_data
            )
        except actions.TooManyMessages:
            return render(request, "429.html", status=429)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(message)
    return _thread_page(request, pk, form=form)


@_party_only
@require_safe
def attachment_download(request, pk, attachment_pk):
    """A file of the thread, to its two parties only, always as a download."""
    attachment = thread_selectors.attachment_get_for_party(
        engagement_pk=pk, pk=attachment_pk, user=request.user
    )
    storage = attachment.file.storage
    try:
        handle = storage.open(attachment.file.name, "rb")
    except FileNotFoundError:
        raise Http404("No such file.") from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.name)
    charset = "; charset=utf-8" if attachment.content_type == "text/plain" else ""
    response["Content-Type"] = attachment.content_type + charset
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@_party_only
@require_http_methods(["GET", "HEAD", "POST"])
def message_report(request, pk, message_pk):
    """The recipient of a message reports it to the staff."""
    message = thread_selectors.message_get_for_recipient(
        engagement_pk=pk, pk=message_pk, user=request.user
    )
    form = MessageReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = run_action(
            form,
            actions.message_report,
            message=message,
            reporter=request.user,
            **form.cleaned_data,
        )
        if report:
            messages.success(
                request, "Thank you. The staff will look at it; you will hear back by email."
            )
            return redirect("services:thread", pk=pk)
    return render(request, "services/message_report.html", {"form": form, "message": message})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notification_settings(request):
    """The user's mail settings, one switch per kind that can be turned off."""
    # An unticked box posts nothing: the form is bound by the method, not by the data.
    form = NotificationSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={
            name: getattr(request.user, name) for name in NotificationSettingsForm.base_fields
        },
    )
    saved = (
        request.method == "POST"
        and form.is_valid()
        and run_action(form, user_mail_preferences_update, user=request.user, **form.cleaned_data)
    )
    if saved:
        messages.success(request, "Your notification settings are saved.")
        return redirect("services:notifications")
    return render(request, "services/notification_settings.html", {"form": form})
