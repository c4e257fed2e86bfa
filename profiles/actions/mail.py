"""Writes for the mail a user takes: their choices per kind, and the one-click unsubscribe
that needs no session (the signed token says who and what)."""

from django.db import transaction

from common.edits import model_update
from profiles.mail import MAIL_FIELDS, MailKind, unsubscribe_token_read
from profiles.models import User


@transaction.atomic
def user_mail_preferences_update(*, user, **choices: bool) -> User:
    """Set the user's mail switches named in `choices` (hire_mail, message_mail,
    review_mail, news_mail). Returns the saved copy; `user` is untouched."""
    fields = list(MAIL_FIELDS.values())
    unknown = set(choices) - set(fields)
    if unknown:
        raise ValueError(f"Not a mail setting: {', '.join(sorted(unknown))}")
    # By key: `user` may be a request's lazy user, which model_update cannot take the type of.
    return model_update(instance=User(pk=user.pk), fields=fields, data=choices)


def unsubscribe_target(token: str) -> tuple[User, MailKind] | None:
    """The (live) user and the kind a token names; None for a forged or tampered token,
    or a deleted account."""
    read = unsubscribe_token_read(token)
    if read is None:
        return None
    user_id, kind = read
    user = User.objects.filter(pk=user_id, deleted_at__isnull=True).first()
    return (user, kind) if user else None


@transaction.atomic
def mail_unsubscribe(*, token: str) -> tuple[User, MailKind] | None:
    """Turn off the kind of mail the token names, for the user it names (idempotent).
    None, and nothing changed, for a token this site did not make."""
    target = unsubscribe_target(token)
    if target is None:
        return None
    user, kind = target
    saved = model_update(
        instance=user, fields=[MAIL_FIELDS[kind]], data={MAIL_FIELDS[kind]: False}
    )
    return saved, kind
