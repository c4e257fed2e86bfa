"""Demo data for a fresh `make run`: people to sign in as, and a marketplace in use: a
few hand-written freelancers (data.py) and a generated crowd (crowd.py) in every category,
hire requests in every state, reviews, and work waiting for the moderators."""

import time
from urllib.parse import quote

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from common.cache import all_public_pages_changed
from common.mail import without_mail
from marketplace.demo import threads
from marketplace.demo.crowd import Crowd, generate
from marketplace.demo.data import (
    CLIENTS,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    FREELANCERS,
    HIRES,
    PENDING_SERVICES,
    REPORTS,
    STAFF,
    SUSPECT,
    SUSPECT_HIRE,
    SUSPECT_REVIEW,
)
from marketplace.demo.history import history_load
from marketplace.demo.load import (
    crowd_hires_load,
    freelancer_load,
    hire_load,
    review_load,
    service_load,
    user_load,
)
from marketplace.demo.reset import demo_delete
from marketplace.demo.words import HIRE_MESSAGES
from profiles.actions import moderator_appoint
from profiles.models import Profile, User
from reviews import actions as review_actions
from reviews.models import Review
from services.models import Category, Engagement, Service


class Command(BaseCommand):
    help = (
        "Load demo data. With --if-empty, do nothing when any user exists; with --reset, "
        "delete every user and what they made first (DEBUG on, or --yes)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only seed a database that has no users yet.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete all users, profiles, services, hires, reviews and articles, "
            "then load the demo again. The categories and groups stay.",
        )
        parser.add_argument("--yes", action="store_true", help="Allow --reset when DEBUG is off.")
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Size of the generated crowd (1 = the full demo, 0 = none).",
        )

    def handle(self, *args, if_empty=False, reset=False, yes=False, scale=1.0, **options):
        if reset:
            if not (settings.DEBUG or yes):
                raise CommandError(
                    "--reset deletes every user and what they made; with DEBUG off, "
                    "add --yes to confirm."
                )
            deleted = demo_delete()
            self.stdout.write(f"Deleted {deleted['profiles.User']} users and their data.")
        elif if_empty and User.objects.exists():
            self.stdout.write("Demo data: the database already has users; skipped.")
            self._second_factor_help()
            return
        # Demo data sends no mail: the notifications would only flood the console.
        with without_mail(), transaction.atomic():
            admin = user_load("admin@example.com", "Site Admin", is_staff=True)
            moderator = moderator_appoint(
                user=user_load("moderator@example.com", "Morgan Moderator")
            )
            for staff in (admin, moderator):
                self._second_factor(staff)
            clients = [user_load(email, name) for email, name in CLIENTS]
            for spec in FREELANCERS:
                freelancer_load(spec, moderator=admin)
            threads.load(self._hires(clients))
            crowd = generate(_category_tree(), scale=scale) if scale > 0 else Crowd()
            for email, name in crowd.clients:
                user_load(email, name)
            for n, spec in enumerate(crowd.freelancers, start=1):
                freelancer_load(spec, moderator=admin, seed=n)
            crowd_hires_load(crowd.hires, HIRE_MESSAGES)
            self._moderation_queues(clients, crowd.pending)
            history_load()
            all_public_pages_changed()
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Sign in with:"))
        self.stdout.write(f"  admin@example.com / {DEMO_PASSWORD}  (superuser: /admin/)")
        self.stdout.write(f"  moderator@example.com / {DEMO_PASSWORD}  (moderator: /admin/)")
        for email, _name in CLIENTS:
            self.stdout.write(f"  {email} / {DEMO_PASSWORD}  (a client)")
        for spec in FREELANCERS:
            self.stdout.write(f"  {spec['email']} / {DEMO_PASSWORD}  (freelancer)")
        if crowd.freelancers:
            self.stdout.write(
                f"  and {len(crowd.freelancers)} more freelancers (e.g. "
                f"{crowd.freelancers[0]['email']}) and {len(crowd.clients)} more clients (e.g. "
                f"{crowd.clients[0][0]}), all with the same password"
            )
        self._second_factor_help()

    def _second_factor(self, user):
        """The admin asks staff for a second factor: an authenticator app with the demo's
        fixed secret, and recovery codes."""
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
        RecoveryCodes.activate(user)

    def _second_factor_help(self):
        """What a newcomer needs to sign in as the demo staff, who have a second factor."""
        staff = Authenticator.objects.filter(
            user__email__in=STAFF, type=Authenticator.Type.RECOVERY_CODES
        ).select_related("user")
        if not staff:
            return
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))
        issuer = quote(settings.SITE_NAME)
        self.stdout.write(
            "The staff sign in with a code from an authenticator app after the password.\n"
            f"  Authenticator secret (both staff): {DEMO_TOTP_SECRET}\n"
            f"  Add it to an app, or: otpauth://totp/{issuer}:staff"
            f"?secret={DEMO_TOTP_SECRET}&issuer={issuer}\n"
            f"  Or compute codes: oathtool --totp -b {DEMO_TOTP_SECRET}\n"
            f"  The code right now: {code} (it changes every 30 seconds)"
        )
        for authenticator in staff:
            unused = RecoveryCodes(authenticator).get_unused_codes()
            if unused:
                self.stdout.write(
                    f"  A one-time recovery code for {authenticator.user.email}: {unused[0]}"
                )

    def _hires(self, clients):
        """Engagements in every state, and reviews with and without replies. The seed's own
        service ("China will support Russia") keeps none."""
        engagements = []
        for title, client_index, status, review, reply in HIRES:
            engagement = hire_load(
                Service.objects.get(title=title),
                clients[client_index],
                status,
                f"Hello! We would like your help with “{title}” this month.",
            )
            if review:
                review_load(engagement, review, reply)
            engagements.append(engagement)
        return engagements

    def _moderation_queues(self, clients, pending):
        """A few services waiting for review, reports waiting for staff and a review to
        check."""
        dana = Profile.objects.get(user__email="dana@example.com")
        for title in PENDING_SERVICES:
            service_load(
                dana,
                {
                    "title": title,
                    "description": "Submitted for review by the demo data.",
                    "category": "editing-proofreading",
                    "rate": "40",
                    "from": "0",
                    "engagement": Service.EngagementType.ONGOING,
                    "skills": ["Editing"],
                },
            )
        for email, offer in pending:
            service_load(Profile.objects.get(user__email=email), offer)
        reviews = Review.objects.order_by("pk")
        for review, reason in zip(reviews, REPORTS, strict=False):
            reporter = next(client for client in clients if client.pk != review.author_id)
            review_actions.review_report(review=review, reporter=reporter, reason=reason)
        # Its signals put it in "Reviews to check" (history_load dates it after the job).
        engagement = hire_load(
            Service.objects.get(title=SUSPECT_HIRE),
            user_load(*SUSPECT),
            Engagement.Status.COMPLETED,
            "Need this done fast, thanks.",
        )
        threads.into_the_past(engagement, days_ago=3)
        review_load(engagement, SUSPECT_REVIEW, "")


def _category_tree() -> list[tuple[str, list[str]]]:
    """[(top category slug, [its leaf slugs])], in the site's order."""
    tops = Category.objects.filter(parent__isnull=True).prefetch_related("children")
    return [
        (top.slug, [leaf.slug for leaf in sorted(top.children.all(), key=lambda c: c.position)])
        for top in tops.order_by("position", "pk")
    ]
