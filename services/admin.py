from django.contrib import admin

from common.admin import (
    AuditTrailMixin,
    LargeTableAdminMixin,
    ModeratorsDecideMixin,
    PublicPagesAdminMixin,
    csv_response,
    decide,
    decide_with_reason,
    decision,
)
from profiles.admin import ProfileAdmin
from profiles.models import Profile
from services import actions, search_terms
from services.models import Category, Engagement, Service


@admin.register(Category)
class CategoryAdmin(ModeratorsDecideMixin, PublicPagesAdminMixin, admin.ModelAdmin):
    list_display = ["name", "parent", "slug", "position"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]


class TopCategoryFilter(admin.SimpleListFilter):
    """Services by top category, offered from the top categories themselves: asking which
    top categories have services read every service (50 ms at a million)."""

    title = "top category"
    parameter_name = "top_category"

    def lookups(self, request, model_admin):
        return [(top.pk, top.name) for top in Category.objects.filter(parent=None)]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(category__parent=int(self.value()))
        return queryset


@admin.register(Service)
class ServiceAdmin(
    LargeTableAdminMixin,
    ModeratorsDecideMixin,
    PublicPagesAdminMixin,
    AuditTrailMixin,
    admin.ModelAdmin,
):
    """Services are the freelancers' words: staff decide on them, they do not edit them.
    Staff may move a service to the right category (it is not the freelancer's words)."""

    list_display = [
        "title",
        "freelancer",
        "category",
        "status",
        "hourly_rate",
        "rating_average",
        "review_count",
        "published_at",
    ]
    list_filter = ["status", "engagement", TopCategoryFilter, "published_at"]
    list_select_related = ["freelancer", "category", "category__parent"]
    # The box searches through service_staff_search (get_search_results), not these.
    search_fields = ["title", "slug", "freelancer__display_name", "freelancer__user__email"]
    fields = [
        "title",
        "slug",
        "freelancer",
        "category",
        "status",
        "moderation_note",
        "moderation_history",
        "description",
        "skills",
        "hourly_rate",
        "starting_price",
        "engagement",
        "banner",
        "published_at",
        "rating_average",
        "review_count",
        "created_at",
        "updated_at",
    ]
    readonly_fields = [field for field in fields if field != "category"]
    moderator_editable_fields = ("category",)
    actions = ["approve", "reject", "suspend", "restore", "export_csv"]

    def get_search_results(self, request, queryset, search_term):
        return search_terms.service_staff_search(queryset=queryset, term=search_term), False

    def has_add_permission(self, request):
        return False  # freelancers create services

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The category's name feeds the search document.
        actions.service_reindex(service=form.instance)

    @decision(one="Approve this service", many="Approve the selected pending services")
    def approve(self, request, queryset):
        decide(
            self,
            request,
            queryset,
            decide=lambda s: actions.service_approve(service=s, moderator=request.user),
            done="Approved and published",
        )

    @decision(one="Reject this service…", many="Reject the selected pending services…")
    def reject(self, request, queryset):
        return decide_with_reason(
            self,
            request,
            queryset,
            title="Reject services",
            decide=lambda s, data: actions.service_reject(
                service=s, moderator=request.user, note=data["reason"]
            ),
            done="Rejected",
        )

    @decision(one="Suspend this service…", many="Suspend the selected services…")
    def suspend(self, request, queryset):
        return decide_with_reason(
            self,
            request,
            queryset,
            title="Suspend services",
            decide=lambda s, data: actions.service_suspend(
                service=s, moderator=request.user, note=data["reason"]
            ),
            done="Suspended",
        )

    @decision(one="Restore this service", many="Restore the selected suspended services")
    def restore(self, request, queryset):
        decide(
            self,
            request,
            queryset,
            decide=lambda s: actions.service_restore(service=s, moderator=request.user),
            done="Restored",
        )

    @admin.action(description="Export the selected services as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        header = [
            "id",
            "title",
            "url",
            "freelancer",
            "freelancer email",
            "category",
            "status",
            "hourly rate",
            "starting at",
            "engagement",
            "rating",
            "reviews",
            "published at",
        ]
        rows = (
            (
                s.pk,
                s.title,
                request.build_absolute_uri(s.get_absolute_url()),
                s.freelancer.display_name,
                s.freelancer.user.email,
                str(s.category),
                s.get_status_display(),
                s.hourly_rate,
                s.starting_price,
                s.get_engagement_display(),
                s.rating_average,
                s.review_count,
                s.published_at.isoformat() if s.published_at else "",
            )
            for s in queryset.select_related("freelancer__user", "category__parent").order_by("pk")
        )
        return csv_response("services", header, rows)


@admin.register(Engagement)
class EngagementAdmin(LargeTableAdminMixin, ModeratorsDecideMixin, admin.ModelAdmin):
    list_display = ["service", "client", "freelancer", "status", "budget", "created_at"]
    list_filter = ["status", "created_at"]
    list_select_related = ["service", "client", "freelancer"]
    search_fields = ["service__title", "client__email", "freelancer__display_name"]
    readonly_fields = [
        "service",
        "freelancer",
        "client",
        "message",
        "budget",
        "status",
        "accepted_at",
        "delivered_at",
        "completed_at",
        "closed_at",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request):
        return False


class ServiceInline(admin.TabularInline):
    """A freelancer's services, on the profile's admin page."""

    template = "admin/edit_inline/tabular_labelled.html"  # no empty column headers
    model = Service
    fields = ["title", "category", "status", "hourly_rate", "review_count", "published_at"]
    readonly_fields = fields
    show_change_link = True
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category", "category__parent")

    def has_add_permission(self, request, obj=None):
        return False


# The profile's page gains its services: this app extends the lower app's admin.
admin.site.unregister(Profile)


@admin.register(Profile)
class ProfileWithServicesAdmin(ProfileAdmin):
    inlines = [*ProfileAdmin.inlines, ServiceInline]


# The message threads' admin lives in its own module; importing it registers it.
from services import thread_admin  # noqa: E402, F401
