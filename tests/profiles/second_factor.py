"""Second factors for tests: enrol a user with an authenticator app and compute its codes,
as the app on the user's phone would."""

import time

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

# A fixed secret (base32), so that a test can compute the codes the user's app shows.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_enrol(user, secret=TOTP_SECRET) -> None:
    """Give `user` an authenticator app with `secret`, and recovery codes."""
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)


def totp_code(secret=TOTP_SECRET, *, at=None) -> str:
    """The six digits an authenticator app with `secret` shows now (or at time `at`)."""
    return format_hotp_value(hotp_value(secret, int(at or time.time()) // 30))


def recovery_code(user) -> str:
    """One of `user`'s unused recovery codes."""
    return RecoveryCodes(user.authenticator_set.get(type="recovery_codes")).get_unused_codes()[0]
