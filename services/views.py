from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from common.cache import LISTINGS, cache_public_page, service_scope
from common.forms import run_action, run_edit
from common.querystrings import without_empty_params
from common.structured_data import breadcrumb_list
from profiles.decorators import freelancer_required
from services import actions, engagement_selectors, home_selectors, selectors
from services.forms import HireRequestForm, ServiceCreateForm, ServiceFilterForm, ServiceForm
from services.models import Engagement, Service
from services.structured_data import service_json_ld


def _own_service_or_404(profile, pk):
    return get_object_or_404(Service, pk=pk, freelancer=profile)


def _crumbs(service_or_category):
    """All Services › top category › subcategory, as (label, url) pairs."""
    category = getattr(service_or_category, "category", service_or_category)
    crumbs = [("All Services", reverse("services:list"))]
    if category.parent_id:
        crumbs.append((category.parent.name, category.parent.get_absolute_url()))
    crumbs.append((category.name, category.get_absolute_url()))
    return crumbs


# --- Browse and search ------------------------------------------------------------------


def _browse(request, *, category=None, tree=None):
    tree = tree if tree is not None else selectors.category_tree()
    form = ServiceFilterForm(request.GET)
    values = form.valid_values()
    if category is None and (slug := form.cleaned_data.get("category")):
        try:
            category = selectors.category_get(tree=tree, slug=slug)
        except Http404:  # an unknown slug in the query string filters nothing
            category = None
    skill = None
    if slug := form.cleaned_data.get("skill"):
        skill = selectors.skill_get(slug=slug)
    filters = selectors.ServiceFilters(category=category, skill=skill, **values)
    results = selectors.service_search(filters=filters, page=request.GET.get("page", 1), tree=tree)
    form.show(filters=filters, tree=tree)
    context = {
        "form": form,
        "results": results,
        "category": category,
        "skill": skill,
        "tree": tree,
        "crumbs": _crumbs(category) if category else [],
        "breadcrumb_json_ld": breadcrumb_list(request, _crumbs(category)) if category else None,
        # A way forward from an empty page: only categories that have services.
        "live_categories": []
        if results.page.object_list
        else home_selectors.live_top_categories(),
    }
    return render(request, "services/service_list.html", context)


# What the browse pages read from the query string; anything else is never cached.
BROWSE_PARAMS = [*ServiceFilterForm.base_fields, "page"]


@require_safe
@without_empty_params
@cache_public_page(LISTINGS, params=BROWSE_PARAMS)
def service_list(request):
    return _browse(request)


@require_safe
@without_empty_params
@cache_public_page(LISTINGS, params=BROWSE_PARAMS)
def category_detail(request, slug, parent=None):
    tree = selectors.category_tree()
    category = selectors.category_get(tree=tree, slug=slug, parent_slug=parent)
    if parent is None and category.is_leaf:
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(category.get_absolute_url() + query, permanent=True)
    return _browse(request, category=category, tree=tree)


# --- The service page -------------------------------------------------------------------


def _service_page(request, detail, *, hire_form=None):
    service = detail.service
    profile = service.freelancer
    is_owner = request.user.pk == profile.user_id
    context = {
        "detail": detail,
        "service": service,
        "profile": profile,
        "is_owner": is_owner,
        "crumbs": _crumbs(service),
        "resume_visible": profile.resume_visible_to(request.user),
        "json_ld": service_json_ld(request, service, _crumbs(service)),
        "can_hire": request.user.is_authenticated and not is_owner and service.is_published,
        "hire_form": hire_form or HireRequestForm(),
    }
    return render(request, "services/service_detail.html", context)


@require_safe
@cache_public_page(service_scope, params=["reviews"])
def service_detail(request, slug):
    detail = selectors.service_get_for_detail(
        slug=slug, viewer=request.user, reviews_page_number=request.GET.get("reviews", 1)
    )
    return _service_page(request, detail)


@login_required
@require_POST
def service_hire(request, slug):
    detail = selectors.service_get_for_detail(slug=slug, viewer=request.user)
    form = HireRequestForm(request.POST)
    if form.is_valid():
        try:
            engagement = actions.engagement_request(
                service=detail.service, client=request.user, **form.cleaned_data
            )
        except actions.TooManyRequests:
            return render(request, "429.html", status=429)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your hire request is sent. You will hear back by email.")
            return redirect(engagement)
    return _service_page(request, detail, hire_form=form)


# --- The freelancer's services in the dashboard -----------------------------------------


@freelancer_required
@require_safe
def dashboard_list(request, profile):
    services = selectors.service_list_own(freelancer=profile)
    return render(request, "services/service_dashboard_list.html", {"services": services})


@freelancer_required
def service_create(request, profile):
    form = ServiceCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        service = run_action(
            form,
            actions.service_create,
            freelancer=profile,
            skill_names=form.cleaned_data["skills"],
            **form.changes(),
        )
        if service:
            messages.success(request, "Your service is saved as a draft. Submit it when ready.")
            return redirect("services:dashboard_edit", pk=service.pk)
    return render(request, "services/service_form.html", {"form": form})


@freelancer_required
def service_edit(request, profile, pk):
    service = _own_service_or_404(profile, pk)
    form = ServiceForm(request.POST or None, request.FILES or None, instance=service)
    if request.method == "POST" and form.is_valid():
        saved, form = run_edit(
            form,
            actions.service_update,
            service=service,
            data=form.changes(),
            skill_names=form.cleaned_data["skills"],
            version=form.cleaned_data["version"],
        )
        if saved:
            if service.is_published and not saved.is_published:
                messages.info(request, "Saved. Your changes go live once the staff review them.")
            else:
                messages.success(request, "Your service is saved.")
            return redirect("services:dashboard_edit", pk=saved.pk)
    context = {
        "form": form,
        "service": form.instance,  # after a conflict, the newer row
        "premoderation": settings.SERVICES_PREMODERATION,
    }
    return render(request, "services/service_form.html", context)


def _own_service_action(request, profile, pk, action, done):
    """Run a dashboard action on the freelancer's own service, then say how it went (of
    the row as the action left it)."""
    service = _own_service_or_404(profile, pk)
    try:
        moved = action(service=service)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done(moved or service))
    return redirect("services:dashboard_list")


@freelancer_required
@require_POST
def service_submit(request, profile, pk):
    return _own_service_action(
        request,
        profile,
        pk,
        actions.service_submit,
        lambda s: (
            f"“{s.title}” is published."
            if s.is_published
            else f"“{s.title}” is submitted; the staff will review it shortly."
        ),
    )


@freelancer_required
@require_POST
def service_withdraw(request, profile, pk):
    return _own_service_action(
        request,
        profile,
        pk,
        actions.service_withdraw,
        lambda s: f"“{s.title}” is withdrawn and back to draft.",
    )


@freelancer_required
@require_POST
def service_delete(request, profile, pk):
    return _own_service_action(
        request, profile, pk, actions.service_delete, lambda s: f"“{s.title}” is deleted."
    )


# --- Hire requests in the dashboard -----------------------------------------------------

ROLE_TITLES = {"hires": "Your hire requests", "requests": "Requests from clients"}


def _inbox(request, role):
    status = request.GET.get("status") or None
    page = engagement_selectors.engagement_inbox(
        user=request.user, role=role, status=status, page=request.GET.get("page", 1)
    )
    context = {
        "page": page,
        "role": role,
        "title": ROLE_TITLES[role],
        "status": status,
        "statuses": Engagement.Status.choices,
    }
    return render(request, "services/engagement_list.html", context)


@login_required
@require_safe
def hires(request):
    return _inbox(request, "hires")


@login_required
@require_safe
def requests_received(request):
    return _inbox(request, "requests")


@login_required
@require_safe
def engagement_detail(request, pk):
    engagement = engagement_selectors.engagement_get_for_party(pk=pk, user=request.user)
    is_client = engagement.client_id == request.user.pk
    inbox = "hires" if is_client else "requests"
    context = {
        "engagement": engagement,
        "is_client": is_client,
        "is_freelancer": engagement.freelancer.user_id == request.user.pk,
        "crumbs": [(ROLE_TITLES[inbox], reverse(f"services:{inbox}"))],
    }
    return render(request, "services/engagement_detail.html", context)


def _engagement_step_view(request, pk, action, done):
    """Run an engagement step (accept, decline, cancel, deliver, complete) for a party of the
    request, then say how it went on the request's page."""
    engagement = engagement_selectors.engagement_get_for_party(pk=pk, user=request.user)
    try:
        action(engagement=engagement, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, done)
    return redirect(engagement)


@login_required
@require_POST
def engagement_accept(request, pk):
    return _engagement_step_view(
        request, pk, actions.engagement_accept, "You accepted the job. The client is told."
    )


@login_required
@require_POST
def engagement_decline(request, pk):
    return _engagement_step_view(
        request, pk, actions.engagement_decline, "You declined the request. The client is told."
    )


@login_required
@require_POST
def engagement_cancel(request, pk):
    return _engagement_step_view(
        request, pk, actions.engagement_cancel, "Your request is cancelled."
    )


@login_required
@require_POST
def engagement_deliver(request, pk):
    return _engagement_step_view(
        request,
        pk,
        actions.engagement_deliver,
        "You marked the work delivered. The client is asked to confirm it.",
    )


@login_required
@require_POST
def engagement_complete(request, pk):
    return _engagement_step_view(
        request,
        pk,
        actions.engagement_complete,
        "The job is completed. You can now review it.",
    )
