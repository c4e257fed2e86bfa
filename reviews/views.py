from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from common.forms import run_action
from common.pagination import page_number
from reviews import actions, selectors
from reviews.forms import AppealForm, ReplyForm, ReportForm, ReviewForm

DASHBOARD_PAGE_SIZE = 20


@require_safe
def review_detail(request, pk):
    """A review's own stable page, so anyone can check a review quoted elsewhere; 404 for a
    hidden one, as for one that never existed."""
    page = selectors.review_get_for_page(pk=pk)
    return render(request, "reviews/review_detail.html", {"page": page})


@login_required
def review_create(request, engagement_pk):
    engagement = selectors.engagement_get_for_review(pk=engagement_pk, user=request.user)
    if request.method == "GET" and not selectors.engagement_can_be_reviewed(engagement):
        messages.info(request, "This job cannot be reviewed: it is not completed or has a review.")
        return redirect(engagement)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        review = run_action(
            form,
            actions.review_submit,
            engagement=engagement,
            author=request.user,
            **form.cleaned_data,
        )
        if review:
            messages.success(request, "Thank you: your review is published.")
            return redirect(f"{engagement.service.get_absolute_url()}#review-{review.pk}")
    context = {"form": form, "engagement": engagement}
    return render(request, "reviews/review_form.html", context)


@login_required
def review_reply(request, pk):
    review = selectors.review_get_for_reply(pk=pk, user=request.user)
    form = ReplyForm(request.POST or None, initial={"reply": review.reply})
    if (
        request.method == "POST"
        and form.is_valid()
        and run_action(
            form,
            actions.review_reply,
            review=review,
            actor=request.user,
            text=form.cleaned_data["reply"],
        )
    ):
        messages.success(request, "Your reply is published under the review.")
        return redirect("reviews:dashboard")
    return render(request, "reviews/review_reply.html", {"form": form, "review": review})


def _report_page(request, *, action, target, what: str, back: str, template: str):
    """The report form for one target; the action refuses one's own and twin reports."""
    form = ReportForm(request.POST or None, what=what)
    try:
        if (
            request.method == "POST"
            and form.is_valid()
            and run_action(form, action, reporter=request.user, **target, **form.cleaned_data)
        ):
            messages.success(request, f"Thank you. The staff will look at this {what}.")
            return redirect(back)
    except actions.TooManyReports:
        return render(request, "429.html", status=429)
    context = {"form": form, "what": what, "back": back, **target}
    return render(request, template, context)


@login_required
def review_report(request, pk):
    review = selectors.review_get_public(pk=pk)
    return _report_page(
        request,
        action=actions.review_report,
        target={"review": review},
        what="review",
        back=f"{review.service.get_absolute_url()}#review-{review.pk}",
        template="reviews/review_report.html",
    )


@login_required
def service_report(request, slug):
    service = selectors.service_get_public(slug=slug)
    return _report_page(
        request,
        action=actions.service_report,
        target={"service": service},
        what="service",
        back=service.get_absolute_url(),
        template="reviews/report_form.html",
    )


@login_required
def profile_report(request, slug):
    profile = selectors.profile_get_public(slug=slug)
    return _report_page(
        request,
        action=actions.profile_report,
        target={"profile": profile},
        what="freelancer",
        back=profile.get_absolute_url(),
        template="reviews/report_form.html",
    )


@login_required
def appeal_create(request):
    # 404 for any decision that is not a suspension in force of the user's own work.
    decision = selectors.decision_get_appealable(
        entry_id=request.GET.get("decision"), user=request.user
    )
    form = AppealForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_action(
            form,
            actions.appeal_submit,
            decision_id=decision.entry.pk,
            appellant=request.user,
            **form.cleaned_data,
        )
    ):
        messages.success(request, "Your appeal is with the staff; you will be told by mail.")
        return redirect("profiles:dashboard")
    return render(request, "reviews/appeal_form.html", {"form": form, "decision": decision})


@login_required
@require_safe
def dashboard(request):
    received = Paginator(selectors.reviews_received(user=request.user), DASHBOARD_PAGE_SIZE)
    written = Paginator(selectors.reviews_written(user=request.user), DASHBOARD_PAGE_SIZE)
    context = {
        "received": received.get_page(page_number(request.GET.get("received"))),
        "written": written.get_page(page_number(request.GET.get("written"))),
    }
    return render(request, "reviews/dashboard.html", context)
