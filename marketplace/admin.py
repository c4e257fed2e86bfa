"""The admin's own lists: the audit trail (every staff decision and admin change) and the
users' data export requests."""

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.template.defaultfilters import filesizeformat

from common.admin import RecordsOnlyMixin
from marketplace.models import DataExport


@admin.register(LogEntry)
class LogEntryAdmin(RecordsOnlyMixin, admin.ModelAdmin):
    """Every staff decision and admin change: who, when, on what, and why."""

    date_hierarchy = "action_time"
    list_display = ["action_time", "user", "content_type", "object_repr", "change_message"]
    list_filter = ["action_flag", "content_type", ("user", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "content_type"]
    search_fields = ["object_repr", "change_message", "user__email"]
    readonly_fields = [field.name for field in LogEntry._meta.fields]


@admin.register(DataExport)
class DataExportAdmin(RecordsOnlyMixin, admin.ModelAdmin):
    """ "Download your data" requests, read only: who asked, when, how it went and how big
    it is. Never the archive: no file, no link. Nobody deletes one here, not even a
    superuser: prune_data_exports deletes each with its file once its link expires, and
    a deleted account takes its exports along."""

    date_hierarchy = "created_at"
    list_display = ["created_at", "user", "status", "failure_code", "archive_size", "ready_at"]
    list_filter = ["status", "failure", "created_at"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    fields = ["user", "status", "failure", "archive_size", "created_at", "ready_at"]
    readonly_fields = fields

    @admin.display(description="failure", ordering="failure")
    def failure_code(self, obj):
        # A word in the list; the sentence its owner was given is on the export's page.
        return obj.failure or "—"

    @admin.display(description="size", ordering="size")
    def archive_size(self, obj):
        return filesizeformat(obj.size) if obj.size else "—"
