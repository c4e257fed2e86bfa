"""How allauth treats our accounts: the display name at sign-up, and failed sign-ins
counted so that nobody can lock an account against its owner.

Failed sign-ins are counted twice (settings.ACCOUNT_RATE_LIMITS):

- `login_failed`, per account *and* client address: five wrong passwords for one account
  from one address stop that address from trying that account for 15 minutes. Anyone
  else, the owner included, still signs in from their own address.
- `login_failed_account`, per account from every address together: a looser ceiling that
  only a guesser with many addresses reaches. It bounds distributed guessing below what
  the old per-account lockout allowed; whoever hits it is refused a password sign-in for a
  while, and the owner still gets in with a sign-in code mailed to them
  (ACCOUNT_LOGIN_BY_CODE_ENABLED), which no guesser can read.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit
from allauth.core.internal.ratelimit import get_ip

ACCOUNT_CEILING = "login_failed_account"


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": (
            "Too many failed attempts. Try again later, or have a sign-in code sent to your email."
        ),
    }

    def save_user(self, request, user, form, commit=True):
        user.name = form.cleaned_data.get("name", "")
        return super().save_user(request, user, form, commit)

    def _account_key(self, request, **credentials) -> str:
        return super()._get_login_attempts_cache_key(request, **credentials)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth counts `login_failed` (and clears it after a password reset) under this
        # key: per account and client address, not per account alone.
        return f"{self._account_key(request, **credentials)}:{get_ip(request)}"

    def pre_authenticate(self, request, **credentials):
        if not ratelimit.consume(
            request,
            action=ACCOUNT_CEILING,
            key=self._account_key(request, **credentials),
            dry_run=True,
        ):
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request, **credentials):
        ratelimit.consume(
            request, action=ACCOUNT_CEILING, key=self._account_key(request, **credentials)
        )
        super().authentication_failed(request, **credentials)
