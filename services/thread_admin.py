"""The staff's view of message threads: messages read-only with decisions (hide, show),
and the queue of message reports (hide the message or dismiss, with a reason). Every
decision goes through services.actions and lands in the audit trail."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from common.admin import (
    AuditTrailMixin,
    ModeratorsDecideMixin,
    decide,
    decide_with_reason,
    decision,
)
from services import actions
from services.models import Message, MessageReport


@admin.register(Message)
class MessageAdmin(ModeratorsDecideMixin, AuditTrailMixin, admin.ModelAdmin):
    list_display = ["__str__", "author", "is_hidden", "has_contact_details", "created_at"]
    list_filter = ["is_hidden", "has_contact_details", "created_at"]
    list_select_related = ["author"]
    search_fields = ["text", "author__email", "=engagement__id"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "engagement",
        "author",
        "text",
        "files",
        "has_contact_details",
        "is_hidden",
        "hidden_reason",
        "hidden_at",
        "hidden_by",
        "moderation_history",
        "created_at",
    ]
    exclude = ["updated_at"]
    actions = ["hide", "unhide"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Attached files")
    def files(self, obj):
        rows = [(a.name, a.content_type, a.size) for a in obj.attachments.all()]
        if not rows:
            return "—"
        return format_html_join(format_html("<br>"), "{} ({}, {} bytes)", rows)

    @decision(one="Hide this message…", many="Hide the selected messages…")
    def hide(self, request, queryset):
        return decide_with_reason(
            self,
            request,
            queryset,
            title="Hide messages",
            decide=lambda message, data: actions.message_hide(
                message=message, moderator=request.user, reason=data["reason"]
            ),
            done="Hidden",
        )

    @decision(one="Show this message again", many="Show the selected hidden messages again")
    def unhide(self, request, queryset):
        decide(
            self,
            request,
            queryset,
            decide=lambda message: actions.message_unhide(message=message, moderator=request.user),
            done="Shown again",
        )


@admin.register(MessageReport)
class MessageReportAdmin(ModeratorsDecideMixin, AuditTrailMixin, admin.ModelAdmin):
    list_display = ["message", "reporter", "reason", "status", "created_at"]
    list_filter = ["status", "created_at"]
    list_select_related = ["message", "reporter"]
    search_fields = ["reason", "reporter__email", "message__text"]
    readonly_fields = [
        "message_link",
        "message_text",
        "reporter",
        "reason",
        "status",
        "resolved_at",
        "moderation_history",
        "created_at",
    ]
    exclude = ["message", "updated_at"]
    actions = ["resolve"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Message")
    def message_link(self, obj):
        url = reverse("admin:services_message_change", args=[obj.message_id])
        return format_html('<a href="{}">{}</a>', url, obj.message)

    @admin.display(description="Text")
    def message_text(self, obj):
        return obj.message.text

    @decision(one="Resolve this report…", many="Resolve the selected reports…")
    def resolve(self, request, queryset):
        outcome = forms.ChoiceField(
            choices=actions.MessageReportOutcome.choices,
            widget=forms.RadioSelect,
            label="Decision",
        )
        return decide_with_reason(
            self,
            request,
            queryset,
            title="Resolve message reports",
            decide=lambda report, data: actions.message_report_resolve(
                report=report,
                moderator=request.user,
                outcome=data["outcome"],
                reason=data["reason"],
            ),
            done="Resolved",
            extra_fields={"outcome": outcome},
        )
