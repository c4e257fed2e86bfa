"""Admin helpers the apps' admin modules share: decisions with reasons, CSV exports and
the audit trail shown on each object. Decisions call the apps' actions; nothing decides here."""

import csv

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation, helpers
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from common.cache import all_public_pages_changed
from common.pagination import count_up_to

# --- Decisions --------------------------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=2000,
        help_text="Kept in the audit trail; the freelancer sees it where it concerns them.",
    )


# Decisions are offered in both places a moderator reads: the list (for the ticked rows)
# and each object's own admin page (Django's change-form actions, for that object only).
DECISION_PLACES = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]
# The action field's name in the change form's action bar (Django prefixes it there).
CHANGE_FORM_ACTION = f"{ActionLocation.CHANGE_FORM.value}-action"


def decision(*, one: str, many: str):
    """An admin action for a moderator's decision: `one` labels it on the object's own page,
    `many` on the list; only staff who may change the model see it."""
    return admin.action(
        description=one, description_plural=many, permissions=["change"], location=DECISION_PLACES
    )


def _apply_each(modeladmin, request, queryset, decide, done: str) -> None:
    applied, refused = 0, []
    for obj in queryset:
        try:
            decide(obj)
        except (ValidationError, PermissionDenied) as error:
            text = " ".join(getattr(error, "messages", None) or [str(error)])
            refused.append(f"{obj}: {text}")
        else:
            applied += 1
    if applied:
        modeladmin.message_user(request, f"{done}: {applied}.", messages.SUCCESS)
    for line in refused:
        modeladmin.message_user(request, line, messages.WARNING)


def decide(modeladmin, request, queryset, *, decide, done: str):
    """Apply `decide(obj)` to each selected object; refusals are reported, not raised."""
    _apply_each(modeladmin, request, queryset, decide, done)


def decide_with_reason(
    modeladmin, request, queryset, *, title: str, decide, done: str, extra_fields=None
):
    """Ask for a reason on an intermediate page, then apply `decide(obj, cleaned_data)`."""
    form_class = ReasonForm
    if extra_fields:
        form_class = type("DecisionForm", (ReasonForm,), dict(extra_fields))
    form = form_class(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        _apply_each(
            modeladmin, request, queryset, lambda obj: decide(obj, form.cleaned_data), done
        )
        return None
    # Sent from an object's own page, the page posts back there, under the prefixed name.
    on_change_form = CHANGE_FORM_ACTION in request.POST
    action_field = CHANGE_FORM_ACTION if on_change_form else "action"
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "objects": queryset,
        "action_field": action_field,
        "action": request.POST[action_field],
        "back_url": request.get_full_path() if on_change_form else None,
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across", "0"),
        "opts": modeladmin.model._meta,
    }
    return TemplateResponse(request, "admin/decision_reason.html", context)


# --- CSV --------------------------------------------------------------------------------

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """Text a spreadsheet shows as text: a leading formula character is escaped."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    """A CSV attachment, safe to open in a spreadsheet."""
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return response


# --- Edits in the admin ----------------------------------------------------------------


class ModeratorsDecideMixin:
    """Moderators decide; they never edit what users wrote or uploaded.

    For staff who are not superusers, every model field on the change form is read-only
    except `moderator_editable_fields` (none unless an admin names one): decisions are
    admin actions. A superuser edits what the admin itself leaves editable, and every file
    field of any form here must check its content (a field with `checks_content`, such as
    profiles.uploads' ImageUploadField and PdfUploadField), so that no upload made in the
    admin skips the checks the dashboard makes.
    """

    moderator_editable_fields: tuple[str, ...] = ()

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return readonly
        keep = {*readonly, *self.moderator_editable_fields, *(self.exclude or ())}
        return readonly + [
            field.name
            for field in self.model._meta.get_fields()
            if (field.concrete or field.many_to_many)
            and field.editable
            and not field.auto_created
            and field.name not in keep
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        unchecked = [
            name
            for name, field in form.base_fields.items()
            if isinstance(field, forms.FileField) and not getattr(field, "checks_content", False)
        ]
        if unchecked:
            raise ImproperlyConfigured(
                f"{type(self).__name__} would take uploads ({', '.join(unchecked)}) without "
                "checking their content: declare them with the upload form fields."
            )
        return form


class RecordsOnlyMixin:
    """A list of records nobody adds, changes or deletes in the admin, not even a
    superuser: they are written by the site itself."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CappedCountPaginator(Paginator):
    """Counts at most COUNT_LIMIT + 1 rows (a count that stops there): `capped` when there
    are more, and the pages then reach one page past COUNT_LIMIT. The admin's list says
    "More than 1,000" (templates/admin/pagination.html, actions.html). A filter whose
    condition is costly to test counted all of its rows to show the first page: the
    reviews to check, 0.9 s at 534,000 reviews."""

    COUNT_LIMIT = 1_000

    @cached_property
    def count(self) -> int:
        return count_up_to(self.object_list, self.COUNT_LIMIT)

    @property
    def capped(self) -> bool:
        return self.count > self.COUNT_LIMIT


class LargeTableAdminMixin:
    """The list of a table that reaches a million rows (services, profiles, hire requests,
    reviews): newest first by id, read backwards from the primary key's index and stopping
    at the page, where the model's own order (by publication or name) sorted every row
    (1.9 s for services at a million); one count, which stops past 1,000, not a second of
    the whole table (CappedCountPaginator); no date drill-down, whose first and last dates
    and distinct years read every row on each visit (its date filter in the sidebar does
    the same job with links alone); and no "Show counts" beside the filters, which counts
    every row for each choice of each filter."""

    ordering = ("-pk",)
    show_full_result_count = False
    date_hierarchy = None
    paginator = CappedCountPaginator
    show_facets = admin.ShowFacets.NEVER


class PublicPagesAdminMixin:
    """For models that public pages show: a save or delete made in the admin's own forms
    (not through an action) drops every cached public page once it commits."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        all_public_pages_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        all_public_pages_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        all_public_pages_changed()


# --- The audit trail --------------------------------------------------------------------


class AuditTrailMixin:
    """Shows the object's decisions (who, when, what, why) on its admin page."""

    @admin.display(description="Moderation history")
    def moderation_history(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        entries = (
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
                object_id=str(obj.pk),
            )
            .select_related("user")
            .order_by("-action_time")[:20]
        )
        if not entries:
            return "No decisions yet."
        return format_html_join(
            mark_safe("<br>"),
            "{} · {} · {}",
            (
                (
                    timezone.localtime(entry.action_time).strftime("%Y-%m-%d %H:%M"),
                    entry.user,
                    entry.get_change_message(),
                )
                for entry in entries
            ),
        )
