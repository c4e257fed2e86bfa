from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from services import actions
from services.models import Category, Engagement, Service


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug", "position"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["title", "freelancer", "category", "status", "hourly_rate", "published_at"]
    list_filter = ["status", "engagement", ("category__parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["freelancer", "category", "category__parent"]
    search_fields = ["title", "slug", "freelancer__display_name", "freelancer__user__email"]
    autocomplete_fields = ["freelancer", "skills"]
    readonly_fields = [
        "slug",
        "status",
        "published_at",
        "rating_average",
        "review_count",
        "keywords",
        "created_at",
        "updated_at",
    ]
    actions = ["approve"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Skills and category feed the search document.
        actions.service_reindex(service=form.instance)

    @admin.action(description="Approve the selected pending services", permissions=["change"])
    def approve(self, request, queryset):
        approved = 0
        for service in queryset:
            try:
                actions.service_approve(service=service)
            except ValidationError as error:
                self.message_user(
                    request, f"{service}: {' '.join(error.messages)}", messages.WARNING
                )
            else:
                approved += 1
        self.message_user(
            request, f"{approved} service(s) approved and published.", messages.SUCCESS
        )


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    list_display = ["service", "client", "freelancer", "status", "budget", "created_at"]
    list_filter = ["status"]
    list_select_related = ["service", "client", "freelancer"]
    search_fields = ["service__title", "client__email", "freelancer__display_name"]
    readonly_fields = [
        "service",
        "freelancer",
        "client",
        "status",
        "accepted_at",
        "completed_at",
        "closed_at",
        "created_at",
        "updated_at",
    ]
