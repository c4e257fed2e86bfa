"""Mail a user may turn off, by kind: the switch each kind has on the user row, the signed
token in every such mail's unsubscribe link, and the one way to send such a mail.

Decisions about a person's own content (moderation, appeals, reports they made) and
security mail (allauth's) are always sent, through common.mail directly, and carry no
unsubscribe link.
"""

from django.core import signing
from django.db import models
from django.urls import reverse

from common.mail import send_after_commit


class MailKind(models.TextChoices):
    HIRES = "hires", "hire requests"
    MESSAGES = "messages", "new messages"
    REVIEWS = "reviews", "reviews and replies"
    NEWS = "news", "product news"


# Each kind's switch on profiles.User.
MAIL_FIELDS = {
    MailKind.HIRES: "hire_mail",
    MailKind.MESSAGES: "message_mail",
    MailKind.REVIEWS: "review_mail",
    MailKind.NEWS: "news_mail",
}

# Tokens are signed with SECRET_KEY and this salt: one made for anything else (a session,
# a password reset) is never accepted here. They do not expire: an unsubscribe link in an
# old mail still works (RFC 8058 asks for that).
_SALT = "profiles.mail.unsubscribe"


def wants_mail(user, kind: MailKind) -> bool:
    """Whether `user` takes mail of `kind` (never a deleted account)."""
    return user.deleted_at is None and getattr(user, MAIL_FIELDS[kind])


def unsubscribe_token(*, user, kind: MailKind) -> str:
    """A URL-safe token naming the user and the kind, that only this site can make."""
    return signing.dumps({"u": user.pk, "k": str(kind)}, salt=_SALT, compress=False)


def unsubscribe_token_read(token: str) -> tuple[int, MailKind] | None:
    """(user id, kind) from a token this site made; None for anything else (forged,
    tampered, truncated, an unknown kind)."""
    try:
        data = signing.loads(token, salt=_SALT)
        return int(data["u"]), MailKind(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def unsubscribe_url(*, user, kind: MailKind) -> str:
    return reverse(
        "accounts:unsubscribe", kwargs={"token": unsubscribe_token(user=user, kind=kind)}
    )


def mail_user(*, user, kind: MailKind, template: str, context: dict) -> bool:
    """Mail `user` (after commit, see common.mail) unless they turned `kind` off or deleted
    the account; the mail carries a link and the List-Unsubscribe headers that turn the
    kind off without signing in. True if a mail was queued."""
    if not wants_mail(user, kind):
        return False
    send_after_commit(
        to=user.email,
        template=template,
        context=context,
        unsubscribe_path=unsubscribe_url(user=user, kind=kind),
        unsubscribe_label=kind.label,
    )
    return True
