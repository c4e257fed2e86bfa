from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from marketplace.exports import actions, selectors


# Neither the page (its links carry download tokens) nor an archive is ever stored by a
# browser or a proxy: never_cache makes each response private and no-store.
@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def data_export_page(request):
    if request.method == "POST":
        try:
            actions.data_export_request(user=request.user)
        except actions.TooManyExports:
            return render(request, "429.html", status=429)
        messages.success(
            request,
            "We are preparing your download. We will email you a link to it; "
            "it works for 7 days, for you only.",
        )
        return redirect("exports:page")
    context = {
        "exports": selectors.data_exports_recent(user=request.user),
        "days": actions.link_lifetime().days,
    }
    return render(request, "marketplace/data_export.html", context)


@never_cache
@login_required
@require_safe
def data_export_download(request, token):
    """The archive, streamed from the private storage to its signed-in owner only; 404 for
    anyone else or a forged link, 410 once the link or the archive has expired."""
    try:
        export = selectors.data_export_get_for_download(token=token, user=request.user)
    except selectors.ExportGone:
        return render(request, "marketplace/data_export_gone.html", status=410)
    if export is None:
        raise Http404("No such download.")
    try:
        handle = export.file.open("rb")
    except OSError:
        return render(request, "marketplace/data_export_gone.html", status=410)
    filename = f"data-{export.created_at:%Y-%m-%d}.zip"
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Content-Type"] = "application/zip"
    response["X-Content-Type-Options"] = "nosniff"
    return response
