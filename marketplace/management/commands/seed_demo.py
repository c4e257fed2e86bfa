"""Demo data for a fresh `make run`: users to sign in with, and what later issues add."""

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction

from profiles.models import User

DEMO_PASSWORD = "marketplace-demo"
DEMO_USERS = [
    # email, name, is_staff
    ("admin@example.com", "Site Admin", True),
    ("client@example.com", "Casey Client", False),
]


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
            return
        with transaction.atomic():
            for email, name, is_staff in DEMO_USERS:
                self._user(email=email, name=name, is_staff=is_staff)
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Sign in with:"))
        for email, _name, is_staff in DEMO_USERS:
            role = "staff (admin at /admin/)" if is_staff else "client"
            self.stdout.write(f"  {email} / {DEMO_PASSWORD}  ({role})")

    def _user(self, *, email, name, is_staff):
        user, created = User.objects.get_or_create(
            email=email,
            defaults={"name": name, "is_staff": is_staff, "is_superuser": is_staff},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user
