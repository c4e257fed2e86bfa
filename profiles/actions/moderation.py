"""Staff decisions on freelancers and accounts, each logged and mailed where it says so."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from common.audit import record_decision
from common.cache import public_listings_changed
from common.edits import lock_fresh, model_update
from common.mail import send_after_commit
from profiles.actions.profiles import freelancer_pages_changed, profile_pages_changed
from profiles.models import Profile, User

MODERATORS_GROUP = "Moderators"


@transaction.atomic
def profile_suspend(*, profile: Profile, moderator, reason: str) -> Profile:
    """Staff: the freelancer's profile and services leave every public page, search and
    the sitemap at once (they all read only active profiles). Logged with the reason; the
    freelancer is mailed the reason and how to appeal after commit."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the freelancer is suspended."})
    current = lock_fresh(profile)
    if current.status == Profile.Status.SUSPENDED:
        raise ValidationError(f"{current} is already suspended.")
    if current.status == Profile.Status.DELETED:
        raise ValidationError("This freelancer deleted their account.")
    current = model_update(
        instance=current, fields=["status"], data={"status": Profile.Status.SUSPENDED}
    )
    entry = record_decision(
        moderator=moderator, obj=current, decision="Suspended", reason=reason.strip()
    )
    send_after_commit(
        to=current.user.email,
        template="profiles/email/profile_suspended",
        context={"profile": current, "reason": reason.strip(), "entry": entry},
    )
    profile_pages_changed(current)
    return current


@transaction.atomic
def profile_restore(*, profile: Profile, moderator) -> Profile:
    """Staff: a suspended profile is public again, with its published services. Logged;
    the freelancer is mailed."""
    current = lock_fresh(profile)
    if current.status != Profile.Status.SUSPENDED:
        raise ValidationError(f"{current} is not suspended.")
    current = model_update(
        instance=current, fields=["status"], data={"status": Profile.Status.ACTIVE}
    )
    record_decision(moderator=moderator, obj=current, decision="Restored")
    send_after_commit(
        to=current.user.email,
        template="profiles/email/profile_restored",
        context={"profile": current},
    )
    profile_pages_changed(current)
    return current


@transaction.atomic
def user_deactivate(*, user: User, moderator, reason: str) -> User:
    """Staff: the user can no longer sign in (current sessions end on their next request)
    and their profile leaves public pages. Staff accounts are left to superusers. Logged;
    the user is mailed the reason and how to appeal (by answering the mail: they cannot
    sign in)."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the account is deactivated."})
    if user.pk == moderator.pk:
        raise ValidationError("You cannot deactivate your own account.")
    current = lock_fresh(user)
    if (current.is_staff or current.is_superuser) and not moderator.is_superuser:
        raise PermissionDenied("Only a superuser can deactivate a staff account.")
    if current.deleted_at:
        raise ValidationError("This account is deleted.")
    current = model_update(instance=current, fields=["is_active"], data={"is_active": False})
    record_decision(moderator=moderator, obj=current, decision="Deactivated", reason=reason)
    send_after_commit(
        to=current.email,
        template="profiles/email/account_deactivated",
        context={
            "user": current,
            "reason": reason.strip(),
            "moderation_email": settings.MODERATION_EMAIL,
        },
    )
    public_listings_changed()
    if profile_id := Profile.objects.filter(user=current).values_list("pk", flat=True).first():
        freelancer_pages_changed(profile_id)
    return current


@transaction.atomic
def moderator_appoint(*, user: User) -> User:
    """Make `user` staff in the Moderators group: the admin, with moderation rights only.
    Returns the updated copy of the row."""
    current = model_update(instance=user, fields=["is_staff"], data={"is_staff": True})
    current.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return current
