from allauth.mfa.base.forms import BaseAuthenticateForm
from allauth.mfa.models import Authenticator
from django import forms


def _has_code_authenticator(user) -> bool:
    """An authenticator app or recovery codes: what can check a typed code."""
    return (
        Authenticator.objects.filter(user=user).exclude(type=Authenticator.Type.WEBAUTHN).exists()
    )


class AccountDeleteForm(forms.Form):
    """The password again, and the second factor's code for those who have one (all
    staff): a session left open on a shared computer cannot delete the account."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if _has_code_authenticator(user):
            self.fields["code"] = forms.CharField(
                label="Code from your authenticator app",
                help_text="Or one of your recovery codes.",
                widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
            )

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.", code="wrong_password")
        return password

    def clean_code(self):
        # allauth's own check: TOTP or a recovery code, rate limited, each code used once.
        check = BaseAuthenticateForm(data={"code": self.cleaned_data["code"]}, user=self.user)
        if not check.is_valid():
            raise forms.ValidationError("That code is not right.", code="wrong_code")
        return self.cleaned_data["code"]
