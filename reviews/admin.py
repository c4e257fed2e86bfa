from datetime import timedelta

from django import forms
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.utils import timezone

from common.admin import (
    AuditTrailMixin,
    LargeTableAdminMixin,
    ModeratorsDecideMixin,
    PublicPagesAdminMixin,
    decide,
    decide_with_reason,
    decision,
)
from reviews import actions, selectors
from reviews.models import REPORT_TARGETS, Appeal, Report, Review
from services.admin import ServiceAdmin
from services.models import Service


class RecentlyHiddenFilter(admin.SimpleListFilter):
    title = "hidden recently"
    parameter_name = "recently_hidden"

    def lookups(self, request, model_admin):
        return [("1", "In the last 7 days")]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(hidden_at__gte=timezone.now() - timedelta(days=7))
        return queryset


def _hidden_category_field(**kwargs):
    """Why a review is hidden, in a word: public pages count hidden reviews by it, and
    never show the reason text. Left out, it is "other"."""
    return forms.ChoiceField(
        choices=Review.HiddenCategory.choices,
        initial=Review.HiddenCategory.OTHER,
        required=False,
        label="Category",
        **kwargs,
    )


class ToCheckFilter(admin.SimpleListFilter):
    """The "Reviews to check" queue: signals, neither cleared nor hidden yet."""

    title = "signals"
    parameter_name = "to_check"

    def lookups(self, request, model_admin):
        return [("1", "To check (signals, not cleared)")]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return selectors.reviews_to_check(queryset)
        return queryset


class StarsFilter(admin.SimpleListFilter):
    """Reviews by stars, one to five: offered as they are, where the field's own filter
    asked for the distinct ratings of every review (0.5 s at half a million)."""

    title = "rating"
    parameter_name = "rating"

    def lookups(self, request, model_admin):
        return [
            (str(stars), f"{stars} star{'s' if stars > 1 else ''}") for stars in range(5, 0, -1)
        ]

    def queryset(self, request, queryset):
        if self.value() in {"1", "2", "3", "4", "5"}:
            return queryset.filter(rating=int(self.value()))
        return queryset


class ReviewChangeList(ChangeList):
    """The review list, with each listed review's signals found for the page's rows alone
    (`found_signals`): annotated on the admin's queryset, they were computed for its
    counts too, over every review (0.4 s a count at half a million)."""

    def get_results(self, request):
        super().get_results(request)
        found = selectors.review_signals(review.pk for review in self.result_list)
        for review in self.result_list:
            review.found_signals = found[review.pk]


@admin.register(Review)
class ReviewAdmin(
    LargeTableAdminMixin,
    ModeratorsDecideMixin,
    PublicPagesAdminMixin,
    AuditTrailMixin,
    admin.ModelAdmin,
):
    list_display = [
        "service",
        "author",
        "rating",
        "signals",
        "checked_at",
        "is_hidden",
        "hidden_category",
        "hidden_reason",
        "created_at",
    ]
    list_filter = [
        ToCheckFilter,
        "is_hidden",
        "hidden_category",
        RecentlyHiddenFilter,
        StarsFilter,
        "created_at",
    ]
    list_select_related = ["service", "author"]
    # The box searches through review_staff_search (get_search_results), not these.
    search_fields = ["text", "author__email"]
    readonly_fields = [
        "engagement",
        "service",
        "freelancer",
        "author",
        "rating",
        "communication",
        "quality",
        "value",
        "text",
        "is_hidden",
        "hidden_reason",
        "hidden_category",
        "hidden_at",
        "hidden_by",
        "signals",
        "checked_at",
        "checked_by",
        "check_note",
        "moderation_history",
        "reply",
        "replied_at",
        "created_at",
        "updated_at",
    ]
    actions = ["clear", "hide", "unhide"]

    def has_add_permission(self, request):
        return False

    def get_changelist(self, request, **kwargs):
        return ReviewChangeList

    def get_search_results(self, request, queryset, search_term):
        return selectors.review_staff_search(queryset=queryset, term=search_term), False

    @admin.display(description="Signals (staff only)")
    def signals(self, review):
        found = getattr(review, "found_signals", None)
        if found is None:  # one review's own page
            found = selectors.review_signals([review.pk])[review.pk]
        return "; ".join(signal.words for signal in found) if found else "—"

    @decision(
        one="Clear this review after checking…", many="Clear the selected reviews after checking…"
    )
    def clear(self, request, queryset):
        return decide_with_reason(
            self,
            request,
            queryset,
            title="Clear reviews",
            decide=lambda review, data: actions.review_check_clear(
                review=review, moderator=request.user, note=data["reason"]
            ),
            done="Cleared (they leave the queue; nothing changes on the site)",
        )

    @decision(one="Hide this review…", many="Hide the selected reviews…")
    def hide(self, request, queryset):
        return decide_with_reason(
            self,
            request,
            queryset,
            title="Hide reviews",
            decide=lambda review, data: actions.review_hide(
                review=review,
                moderator=request.user,
                reason=data["reason"],
                category=data["category"] or Review.HiddenCategory.OTHER,
            ),
            done="Hidden (ratings updated)",
            extra_fields={"category": _hidden_category_field()},
        )

    @decision(one="Show this review again", many="Show the selected hidden reviews again")
    def unhide(self, request, queryset):
        decide(
            self,
            request,
            queryset,
            decide=lambda review: actions.review_unhide(review=review, moderator=request.user),
            done="Shown again (ratings updated)",
        )


class ReportedKindFilter(admin.SimpleListFilter):
    title = "reported"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [("review", "Reviews"), ("service", "Services"), ("profile", "Freelancers")]

    def queryset(self, request, queryset):
        if self.value() in REPORT_TARGETS:
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


@admin.register(Report)
class ReportAdmin(ModeratorsDecideMixin, AuditTrailMixin, admin.ModelAdmin):
    # The reason is what a moderator reads first: next to the target, and wide enough to
    # read (static/css/admin.css), whatever the other columns push off the screen's edge.
    list_display = ["target", "reason", "category", "status", "outcome", "reporter", "created_at"]
    list_filter = ["status", ReportedKindFilter, "category", "created_at"]
    list_select_related = [
        "review",
        "review__service",
        "review__author",
        "service",
        "profile",
        "reporter",
    ]
    search_fields = ["reason", "reporter__email", "review__text", "service__title"]
    readonly_fields = [
        "review",
        "service",
        "profile",
        "reporter",
        "category",
        "reason",
        "status",
        "outcome",
        "decided_by",
        "decision_reason",
        "resolved_at",
        "moderation_history",
        "created_at",
    ]
    actions = ["resolve"]

    def has_add_permission(self, request):
        return False

    @decision(one="Resolve this report…", many="Resolve the selected reports…")
    def resolve(self, request, queryset):
        # Only the decisions that fit every selected report's target are offered.
        kinds = {report.target_kind for report in queryset}
        allowed = [o for o in Report.Outcome if all(o in actions.OUTCOMES[k] for k in kinds)]
        outcome = forms.ChoiceField(
            choices=[(o.value, o.label) for o in allowed],
            widget=forms.RadioSelect,
            label="Decision",
        )
        return decide_with_reason(
            self,
            request,
            queryset,
            title="Resolve reports",
            decide=lambda report, data: actions.report_resolve(
                report=report,
                moderator=request.user,
                outcome=data["outcome"],
                reason=data["reason"],
                category=data["category"] or Review.HiddenCategory.OTHER,
            ),
            done="Resolved",
            extra_fields={
                "outcome": outcome,
                "category": _hidden_category_field(
                    help_text="If you hide the review: shown on public pages as a count."
                ),
            },
        )


@admin.register(Appeal)
class AppealAdmin(ModeratorsDecideMixin, AuditTrailMixin, admin.ModelAdmin):
    list_display = ["target", "appellant", "contested", "status", "created_at"]
    list_filter = ["status", "created_at"]
    list_select_related = ["service", "profile", "appellant", "decision", "decision__user"]
    search_fields = ["text", "appellant__email", "service__title", "profile__display_name"]
    readonly_fields = [
        "contested",
        "service",
        "profile",
        "appellant",
        "text",
        "status",
        "decided_by",
        "decided_at",
        "decision_reason",
        "moderation_history",
        "created_at",
    ]
    exclude = ["decision"]
    actions = ["uphold", "overturn"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Decision contested")
    def contested(self, appeal):
        entry = appeal.decision
        when = timezone.localtime(entry.action_time).strftime("%Y-%m-%d %H:%M")
        return f"{entry.change_message} ({entry.user}, {when})"

    @decision(one="Uphold the contested decision…", many="Uphold the contested decisions…")
    def uphold(self, request, queryset):
        return decide_with_reason(
            self,
            request,
            queryset,
            title="Uphold decisions",
            decide=lambda appeal, data: actions.appeal_uphold(
                appeal=appeal, moderator=request.user, reason=data["reason"]
            ),
            done="Upheld (the appellants are told why)",
        )

    @decision(
        one="Overturn the contested decision (restore)…",
        many="Overturn the contested decisions (restore)…",
    )
    def overturn(self, request, queryset):
        return decide_with_reason(
            self,
            request,
            queryset,
            title="Overturn decisions",
            decide=lambda appeal, data: actions.appeal_overturn(
                appeal=appeal, moderator=request.user, reason=data["reason"]
            ),
            done="Overturned and restored (the appellants are told why)",
        )


class ReviewInline(admin.TabularInline):
    """A service's reviews, on the service's admin page."""

    template = "admin/edit_inline/tabular_labelled.html"  # no empty column headers
    model = Review
    fields = ["author", "rating", "text", "is_hidden", "created_at"]
    readonly_fields = fields
    show_change_link = True
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def has_add_permission(self, request, obj=None):
        return False


# The service's page gains its reviews: this app extends the lower app's admin.
admin.site.unregister(Service)


@admin.register(Service)
class ServiceWithReviewsAdmin(ServiceAdmin):
    inlines = [*ServiceAdmin.inlines, ReviewInline]
