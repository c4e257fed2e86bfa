from django.contrib.auth import forms as auth_forms

from profiles.models import User


class UserCreationForm(auth_forms.AdminUserCreationForm):
    """The admin's "add user" form, by email instead of username."""

    class Meta:
        model = User
        fields = ["email", "name"]


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = [
            "email",
            "password",
            "name",
            "is_active",
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
        ]
