from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from profiles.forms import UserChangeForm, UserCreationForm
from profiles.models import Article, Profile, Skill, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "name", "is_active", "is_staff", "date_joined"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "name"]
    readonly_fields = ["date_joined", "last_login", "updated_at"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal info", {"fields": ["name"]}),
        (
            "Permissions",
            {
                "fields": [
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        ("Dates", {"fields": ["last_login", "date_joined", "updated_at"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "name",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name"]
    readonly_fields = ["created_at"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "user", "status", "hourly_rate", "availability", "created_at"]
    list_filter = ["status", "availability", "resume_visibility"]
    search_fields = ["display_name", "headline", "user__email", "slug"]
    list_select_related = ["user"]
    autocomplete_fields = ["user", "skills"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "profile", "status", "published_at", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "profile__display_name"]
    list_select_related = ["profile"]
    autocomplete_fields = ["profile"]
    readonly_fields = ["body_html", "reading_minutes", "created_at", "updated_at"]
