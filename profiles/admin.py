from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied

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
from profiles import actions
from profiles.forms import ProfileAdminForm, UserChangeForm, UserCreationForm
from profiles.models import Article, Profile, Skill, User
from profiles.selectors import profile_staff_search

# What only a superuser may touch on a user: everything that grants power.
PRIVILEGE_FIELDS = ["is_staff", "is_superuser", "groups", "user_permissions"]


@admin.register(User)
class UserAdmin(ModeratorsDecideMixin, PublicPagesAdminMixin, AuditTrailMixin, DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "name", "is_active", "is_staff", "date_joined", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    search_fields = ["email", "name"]
    readonly_fields = ["date_joined", "last_login", "updated_at", "moderation_history"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal info", {"fields": ["name"]}),
        ("Permissions", {"fields": ["is_active", *PRIVILEGE_FIELDS]}),
        ("Dates", {"fields": ["last_login", "date_joined", "updated_at"]}),
        ("Moderation", {"fields": ["moderation_history"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "name", "usable_password", "password1", "password2"],
            },
        ),
    ]
    # Moderators see users and may deactivate them (an action); only superusers edit.
    actions = ["deactivate"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def user_change_password(self, request, id, form_url=""):
        # Setting another user's password is taking over their account: superusers only.
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    @decision(one="Deactivate this account…", many="Deactivate the selected accounts…")
    def deactivate(self, request, queryset):
        return decide_with_reason(
            self,
            request,
            queryset,
            title="Deactivate accounts",
            decide=lambda user, data: actions.user_deactivate(
                user=user, moderator=request.user, reason=data["reason"]
            ),
            done="Deactivated",
        )


@admin.register(Skill)
class SkillAdmin(ModeratorsDecideMixin, PublicPagesAdminMixin, AuditTrailMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "approved", "created_at"]
    list_filter = ["approved"]

    search_fields = ["name"]
    readonly_fields = ["created_at", "moderation_history"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["approve"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A name renamed, approved or withdrawn here reaches the directory's search words.
        actions.skills_changed_reindex_after_commit([obj.pk])

    @decision(one="Approve this skill", many="Approve the selected skills")
    def approve(self, request, queryset):
        decide(
            self,
            request,
            queryset,
            decide=lambda skill: actions.skill_approve(skill=skill, moderator=request.user),
            done="Approved",
        )


@admin.register(Profile)
class ProfileAdmin(
    LargeTableAdminMixin,
    ModeratorsDecideMixin,
    PublicPagesAdminMixin,
    AuditTrailMixin,
    admin.ModelAdmin,
):
    """Moderators suspend and restore; only a superuser edits a profile, through the
    dashboard's form fields and action."""

    form = ProfileAdminForm
    list_display = [
        "display_name",
        "user",
        "status",
        "hourly_rate",
        "rating_average",
        "review_count",
        "availability",
        "created_at",
    ]
    list_filter = ["status", "availability", "resume_visibility", "created_at"]
    # The box searches through profile_staff_search (get_search_results), not these.
    search_fields = ["display_name", "headline", "user__email", "slug"]
    list_select_related = ["user"]
    autocomplete_fields = ["user", "skills"]
    readonly_fields = [
        "user",
        "slug",
        "status",
        "rating_average",
        "review_count",
        "resume_on_file",
        "moderation_history",
        "created_at",
        "updated_at",
    ]
    inlines = []
    actions = ["suspend", "restore", "export_csv"]

    def get_search_results(self, request, queryset, search_term):
        return profile_staff_search(queryset=queryset, term=search_term), False

    def has_add_permission(self, request):
        return False  # users become freelancers themselves

    def get_form(self, request, obj=None, change=False, **kwargs):
        # A moderator sees the resume as resume_on_file, never as a link to the file (kept
        # in private storage, which no URL reaches) and never as an upload.
        form = super().get_form(request, obj, change=change, **kwargs)
        if not request.user.is_superuser:
            form.base_fields.pop("resume", None)
        return form

    def get_readonly_fields(self, request, obj=None):
        return [name for name in super().get_readonly_fields(request, obj) if name != "resume"]

    @admin.display(description="Resume on file")
    def resume_on_file(self, obj):
        if not obj.resume:
            return "None"
        return f"A PDF, downloadable by: {obj.get_resume_visibility_display().lower()}"

    def save_model(self, request, obj, form, change):
        # The dashboard's action: the same rules, replaced files deleted after commit, the
        # freelancer's pages refreshed. For a moderator the form has no fields: no change.
        cleaned = form.cleaned_data
        changed = [name for name in form.changed_data if name in cleaned]
        skills = [skill.name for skill in cleaned["skills"]] if "skills" in changed else None
        actions.profile_update(
            profile=obj, data={name: cleaned[name] for name in changed}, skill_names=skills
        )

    def save_related(self, request, form, formsets, change):
        # The skills were set by profile_update; only the inlines are left to save.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @decision(one="Suspend this freelancer…", many="Suspend the selected freelancers…")
    def suspend(self, request, queryset):
        return decide_with_reason(
            self,
            request,
            queryset,
            title="Suspend freelancers",
            decide=lambda profile, data: actions.profile_suspend(
                profile=profile, moderator=request.user, reason=data["reason"]
            ),
            done="Suspended",
        )

    @decision(one="Restore this freelancer", many="Restore the selected suspended freelancers")
    def restore(self, request, queryset):
        decide(
            self,
            request,
            queryset,
            decide=lambda profile: actions.profile_restore(
                profile=profile, moderator=request.user
            ),
            done="Restored",
        )

    @admin.action(description="Export the selected freelancers as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        header = [
            "id",
            "name",
            "email",
            "url",
            "headline",
            "location",
            "hourly rate",
            "availability",
            "status",
            "rating",
            "reviews",
            "joined",
        ]
        rows = (
            (
                p.pk,
                p.display_name,
                p.user.email,
                request.build_absolute_uri(p.get_absolute_url()),
                p.headline,
                p.location,
                p.hourly_rate or "",
                p.get_availability_display(),
                p.get_status_display(),
                p.rating_average,
                p.review_count,
                p.created_at.date().isoformat(),
            )
            for p in queryset.select_related("user").order_by("pk")
        )
        return csv_response("freelancers", header, rows)


@admin.register(Article)
class ArticleAdmin(ModeratorsDecideMixin, PublicPagesAdminMixin, admin.ModelAdmin):
    list_display = ["title", "profile", "status", "published_at", "updated_at"]
    list_filter = ["status", "published_at"]
    search_fields = ["title", "profile__display_name"]
    list_select_related = ["profile"]
    # The freelancer's words: staff unpublish an article, they do not rewrite it.
    readonly_fields = [
        "profile",
        "title",
        "slug",
        "body",
        "cover",
        "status",
        "published_at",
        "reading_minutes",
        "created_at",
        "updated_at",
    ]
    exclude = ["body_html"]
    actions = ["unpublish"]

    def has_add_permission(self, request):
        return False

    @decision(one="Unpublish this article", many="Unpublish the selected articles")
    def unpublish(self, request, queryset):
        decide(
            self,
            request,
            queryset,
            decide=lambda article: actions.article_unpublish(article=article),
            done="Unpublished",
        )
