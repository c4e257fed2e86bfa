"""How allauth treats our accounts: sign-up stores the display name."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user.name = form.cleaned_data.get("name", "")
        return super().save_user(request, user, form, commit)
