from allauth.account import views as account_views
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from common.cache import LISTINGS, cache_public_page, profile_scope
from common.forms import run_action, run_edit
from common.querystrings import without_empty_params
from common.structured_data import SCHEMA, whole_seconds
from profiles import actions, selectors
from profiles.decorators import freelancer_required
from profiles.forms import (
    ArticleForm,
    DirectoryFilterForm,
    ProfileCreateForm,
    ProfileForm,
    UserNameForm,
)
from profiles.markdown import render_markdown
from profiles.models import Article


def _own_article_or_404(profile, pk):
    return get_object_or_404(Article, pk=pk, profile=profile)


def _profile_page_json_ld(request, profile, skills):
    """schema.org ProfilePage whose main entity is the freelancer, a Person, who knows
    `skills`."""
    person = {
        "@type": "Person",
        "name": profile.display_name,
        "url": request.build_absolute_uri(profile.get_absolute_url()),
        "jobTitle": profile.headline or None,
        "description": profile.about[:300] or None,
        "knowsAbout": [skill.name for skill in skills],
        "image": request.build_absolute_uri(profile.avatar.url) if profile.avatar else None,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": profile.city,
            "addressCountry": profile.country,
        }
        if profile.location
        else None,
    }
    return {
        "@context": SCHEMA,
        "@type": "ProfilePage",
        "url": person["url"],
        "dateCreated": whole_seconds(profile.created_at),
        "dateModified": whole_seconds(profile.updated_at),
        "mainEntity": {key: value for key, value in person.items() if value},
    }


# --- Accounts ---------------------------------------------------------------------------

# allauth's sign-up in one transaction: a new account becomes visible to other requests
# together with its confirmation mail (and the address's mail cooldown, which that mail
# takes). A sign-up of the same address a moment later then answers as any sign-up of a
# taken address within the cooldown does, and never takes the new account's confirmation
# mail's turn. Two at the same instant: SignupForm.try_save.
signup = transaction.atomic(account_views.signup)


# --- Public pages -----------------------------------------------------------------------

# What the directory reads from the query string; anything else is never cached.
DIRECTORY_PARAMS = [*DirectoryFilterForm.base_fields, "page"]


@require_safe
@without_empty_params
@cache_public_page(LISTINGS, params=DIRECTORY_PARAMS)
def profile_list(request):
    form = DirectoryFilterForm(request.GET)
    values = form.valid_values()
    skill = selectors.directory_skill_get(slug=form.cleaned_data.get("skill") or "")
    filters = selectors.DirectoryFilters(skill=skill, **values)
    results = selectors.profile_search(filters=filters, page=request.GET.get("page", 1))
    form.show(filters=filters, choices=selectors.directory_choices())
    return render(request, "profiles/profile_list.html", {"form": form, "results": results})


@require_safe
@cache_public_page(profile_scope, params=["reviews"])
def profile_detail(request, slug):
    detail = selectors.profile_get_for_detail(
        slug=slug, viewer=request.user, reviews_page_number=request.GET.get("reviews", 1)
    )
    profile = detail.profile
    context = {
        "detail": detail,
        "profile": profile,
        "is_owner": request.user.pk == profile.user_id,
        "resume_visible": profile.resume_visible_to(request.user),
        "profile_page_json_ld": _profile_page_json_ld(request, profile, detail.skills),
    }
    return render(request, "profiles/profile_detail.html", context)


@require_safe
def profile_resume(request, slug):
    """The resume, to whoever its visibility allows, streamed through the app from any
    storage (a private bucket too) rather than redirected to a presigned URL: the check is
    made on every download, no link outlives it or can be passed on, the store need not be
    reachable by visitors, and the attachment name and no-store headers are ours. A resume
    is at most 5 MB and rarely fetched, so holding a worker meanwhile costs little."""
    profile = selectors.profile_get_for_resume(slug=slug, viewer=request.user)
    if not profile.resume_visible_to(request.user):
        if profile.resume and profile.resume_visibility == profile.ResumeVisibility.SIGNED_IN:
            return redirect_to_login(request.get_full_path())
        raise Http404("No resume here.")
    try:
        handle = profile.resume.open("rb")
    except FileNotFoundError:
        raise Http404("No resume here.") from None
    response = FileResponse(handle, as_attachment=True, filename=f"{profile.slug}-resume.pdf")
    response["Content-Type"] = "application/pdf"
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def article_detail(request, profile_slug, slug):
    article = selectors.article_get_for_detail(
        profile_slug=profile_slug, slug=slug, viewer=request.user
    )
    crumbs = [(article.profile.display_name, article.profile.get_absolute_url())]
    return render(request, "profiles/article_detail.html", {"article": article, "crumbs": crumbs})


@require_safe
@cache_public_page(LISTINGS)
def skill_detail(request, slug):
    detail = selectors.skill_get_for_detail(slug=slug)
    return render(request, "profiles/skill_detail.html", {"detail": detail, "skill": detail.skill})


# --- Dashboard --------------------------------------------------------------------------


@login_required
@require_safe
def dashboard(request):
    """The overview each user lands on after signing in (settings.LOGIN_REDIRECT_URL)."""
    overview = selectors.dashboard_overview(user=request.user)
    context = {"overview": overview, "profile": overview.profile, "missing": overview.missing}
    return render(request, "profiles/dashboard.html", context)


@login_required
def user_name_edit(request):
    form = UserNameForm(request.POST or None, initial={"name": request.user.name})
    if (
        request.method == "POST"
        and form.is_valid()
        and run_action(form, actions.user_rename, user=request.user, **form.cleaned_data)
    ):
        messages.success(request, "Your display name is saved.")
        return redirect("profiles:account")
    return render(request, "profiles/user_form.html", {"form": form})


@login_required
def profile_create(request):
    if selectors.profile_get_own(user=request.user):
        return redirect("profiles:edit")
    form = ProfileCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        profile = run_action(form, actions.profile_create, user=request.user, **form.cleaned_data)
        if profile:
            messages.success(request, "You are a freelancer now. Complete your profile.")
            return redirect("profiles:edit")
    return render(request, "profiles/profile_create.html", {"form": form})


@freelancer_required
def profile_edit(request, profile):
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        saved, form = run_edit(
            form,
            actions.profile_update,
            profile=profile,
            data=form.changes(),
            skill_names=form.cleaned_data["skills"],
            version=form.cleaned_data["version"],
        )
        if saved:
            messages.success(request, "Your profile is saved.")
            return redirect("profiles:edit")
    # After a conflict, the form's instance is the newer row.
    return render(request, "profiles/profile_form.html", {"form": form, "profile": form.instance})


@freelancer_required
@require_POST
def profile_remove_upload(request, profile, field):
    if field not in actions.PROFILE_FILE_FIELDS:
        raise Http404("No such upload.")
    actions.profile_remove_upload(profile=profile, field=field)
    messages.success(request, f"Your {field} is removed.")
    return redirect("profiles:edit")


@freelancer_required
@require_safe
def article_list(request, profile):
    articles = selectors.article_list_own(profile=profile)
    return render(
        request, "profiles/article_list.html", {"profile": profile, "articles": articles}
    )


def _article_form_page(request, form, article=None):
    preview = None
    if request.POST.get("intent") == "preview" and form.is_valid():
        preview = render_markdown(form.cleaned_data["body"])
    context = {"form": form, "article": article, "preview": preview}
    return render(request, "profiles/article_form.html", context)


@freelancer_required
def article_create(request, profile):
    form = ArticleForm(request.POST or None, request.FILES or None)
    intent = request.POST.get("intent")
    if intent in {"save", "publish"} and form.is_valid():
        article = run_action(
            form,
            actions.article_create,
            profile=profile,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            cover=form.cleaned_data["cover"],
            publish=intent == "publish",
            submission_token=form.cleaned_data["submission_token"],
        )
        if article:
            messages.success(request, f"“{article.title}” is saved.")
            return redirect("profiles:article_edit", pk=article.pk)
    return _article_form_page(request, form)


@freelancer_required
def article_edit(request, profile, pk):
    article = _own_article_or_404(profile, pk)
    initial = ArticleForm.initial_for(article)
    form = ArticleForm(request.POST or None, request.FILES or None, initial=initial)
    intent = request.POST.get("intent")
    if intent in {"save", "publish"} and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ("title", "body", "cover")}
        saved, form = run_edit(
            form,
            actions.article_update,
            article=article,
            data=data,
            publish=True if intent == "publish" else None,
            version=form.cleaned_data["version"],
        )
        if saved:
            messages.success(request, f"“{saved.title}” is saved.")
            return redirect("profiles:article_edit", pk=saved.pk)
    return _article_form_page(request, form, article)


@freelancer_required
@require_POST
def article_publish(request, profile, pk):
    article = actions.article_publish(article=_own_article_or_404(profile, pk))
    messages.success(request, f"“{article.title}” is published.")
    return redirect("profiles:articles")


@freelancer_required
@require_POST
def article_unpublish(request, profile, pk):
    article = actions.article_unpublish(article=_own_article_or_404(profile, pk))
    messages.success(request, f"“{article.title}” is back to draft.")
    return redirect("profiles:articles")


@freelancer_required
@require_POST
def article_delete(request, profile, pk):
    article = _own_article_or_404(profile, pk)
    actions.article_delete(article=article)
    messages.success(request, f"“{article.title}” is deleted.")
    return redirect("profiles:articles")
