"""Demo data for a fresh `make run`: people to sign in as, freelancers with portfolios."""

import time
from decimal import Decimal
from urllib.parse import quote

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from common.cache import all_public_pages_changed
from common.mail import without_mail
from marketplace.demo import images, threads
from marketplace.demo.data import (
    CLIENTS,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    FREELANCERS,
    HIRES,
    PENDING_SERVICES,
    REPORTS,
    STAFF,
)
from profiles import actions as profile_actions
from profiles.actions import moderator_appoint
from profiles.models import Profile, User
from profiles.uploads import AVATAR, BANNER, COVER, check_pdf, process_image
from reviews import actions as review_actions
from reviews.models import Review
from services import actions as service_actions
from services.models import Category, Engagement, Service


class Command(BaseCommand):
    help = "Load demo data. With --if-empty, do nothing when any user exists."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only seed a database that has no users yet.",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and User.objects.exists():
            self.stdout.write("Demo data: the database already has users; skipped.")
            self._second_factor_help()
            return
        # Demo data sends no mail: the notifications would only flood the console.
        with without_mail(), transaction.atomic():
            admin = self._user("admin@example.com", "Site Admin", is_staff=True)
            moderator = moderator_appoint(
                user=self._user("moderator@example.com", "Morgan Moderator")
            )
            for staff in (admin, moderator):
                self._second_factor(staff)
            clients = [self._user(email, name) for email, name in CLIENTS]
            for spec in FREELANCERS:
                self._freelancer(spec, moderator=admin)
            self._hires(clients)
            threads.load()
            self._moderation_queues(clients)
            all_public_pages_changed()
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Sign in with:"))
        self.stdout.write(f"  admin@example.com / {DEMO_PASSWORD}  (superuser: /admin/)")
        self.stdout.write(f"  moderator@example.com / {DEMO_PASSWORD}  (moderator: /admin/)")
        for email, _name in CLIENTS:
            self.stdout.write(f"  {email} / {DEMO_PASSWORD}  (a client)")
        for spec in FREELANCERS:
            self.stdout.write(f"  {spec['email']} / {DEMO_PASSWORD}  (freelancer)")
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
        for title, client_index, status, review, reply in HIRES:
            service = Service.objects.get(title=title)
            client = clients[client_index]
            freelancer = service.freelancer.user
            engagement = service_actions.engagement_request(
                service=service,
                client=client,
                message=f"Hello! We would like your help with “{title}” this month.",
                budget=Decimal(500),
            )
            if status == Engagement.Status.CANCELLED:
                service_actions.engagement_cancel(engagement=engagement, actor=client)
            elif status == Engagement.Status.DECLINED:
                service_actions.engagement_decline(engagement=engagement, actor=freelancer)
            elif status in (
                Engagement.Status.ACCEPTED,
                Engagement.Status.DELIVERED,
                Engagement.Status.COMPLETED,
            ):
                # Both parties take their turn: the freelancer delivers, the client completes.
                service_actions.engagement_accept(engagement=engagement, actor=freelancer)
                if status != Engagement.Status.ACCEPTED:
                    service_actions.engagement_deliver(engagement=engagement, actor=freelancer)
                if status == Engagement.Status.COMPLETED:
                    service_actions.engagement_complete(engagement=engagement, actor=client)
            if review:
                rating, communication, quality, value, text = review
                written = review_actions.review_submit(
                    engagement=engagement,
                    author=client,
                    rating=rating,
                    communication=communication,
                    quality=quality,
                    value=value,
                    text=text,
                )
                if reply:
                    review_actions.review_reply(review=written, actor=freelancer, text=reply)

    def _moderation_queues(self, clients):
        """A few services waiting for review and reports waiting for staff."""
        dana = Profile.objects.get(user__email="dana@example.com")
        for title in PENDING_SERVICES:
            service = service_actions.service_create(
                freelancer=dana,
                title=title,
                description="Submitted for review by the demo data.",
                category=Category.objects.get(slug="editing-proofreading"),
                hourly_rate=Decimal(40),
                skill_names=["Editing"],
            )
            service_actions.service_submit(service=service, premoderation=True)
        reviews = Review.objects.order_by("pk")
        for review, reason in zip(reviews, REPORTS, strict=False):
            reporter = next(client for client in clients if client.pk != review.author_id)
            review_actions.review_report(review=review, reporter=reporter, reason=reason)

    def _user(self, email, name, *, is_staff=False):
        user, created = User.objects.get_or_create(
            email=email, defaults={"name": name, "is_staff": is_staff, "is_superuser": is_staff}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def _freelancer(self, spec, *, moderator):
        user = self._user(spec["email"], spec["name"])
        if hasattr(user, "profile"):
            return user.profile
        profile = profile_actions.profile_create(
            user=user, display_name=spec["name"], headline=spec["headline"]
        )
        initials = "".join(part[0] for part in spec["name"].split()[:2])
        start, end = spec["colors"]
        profile = profile_actions.profile_update(
            profile=profile,
            data={
                "about": spec["about"],
                "city": spec["city"],
                "country": spec["country"],
                "hourly_rate": Decimal(spec["rate"]),
                "avatar": process_image(images.avatar(initials, start), AVATAR),
                "banner": process_image(images.banner(start, end), BANNER),
                "resume": check_pdf(
                    images.resume_pdf(
                        spec["name"],
                        [spec["headline"], f"{spec['city']}, {spec['country']}", spec["email"]],
                    )
                ),
            },
            skill_names=spec["skills"],
        )
        for offer in spec["services"]:
            service = service_actions.service_create(
                freelancer=profile,
                title=offer["title"],
                description=offer["description"],
                category=Category.objects.get(slug=offer["category"]),
                hourly_rate=Decimal(offer["rate"]),
                starting_price=Decimal(offer["from"]),
                engagement=offer["engagement"],
                skill_names=offer["skills"],
            )
            service = service_actions.service_submit(service=service)
            if not service.is_published:
                service_actions.service_approve(service=service, moderator=moderator)
        for title, body in spec["articles"]:
            profile_actions.article_create(
                profile=profile,
                title=title,
                body=body,
                cover=process_image(images.banner(end, start), COVER),
                publish=True,
            )
        return profile
