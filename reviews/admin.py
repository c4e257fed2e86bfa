from django.contrib import admin

from reviews.models import Review, ReviewReport


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["service", "author", "rating", "is_hidden", "created_at"]
    list_filter = ["is_hidden", "rating"]
    list_select_related = ["service", "author"]
    search_fields = ["text", "service__title", "author__email"]
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
        "hidden_at",
        "hidden_by",
        "reply",
        "replied_at",
        "created_at",
        "updated_at",
    ]


@admin.register(ReviewReport)
class ReviewReportAdmin(admin.ModelAdmin):
    list_display = ["review", "reporter", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["review", "review__service", "review__author", "reporter"]
    search_fields = ["reason", "reporter__email"]
    readonly_fields = ["review", "reporter", "reason", "status", "resolved_at", "created_at"]
