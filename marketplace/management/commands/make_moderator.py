from django.core.management.base import BaseCommand, CommandError

from profiles.actions import moderator_appoint
from profiles.models import User


class Command(BaseCommand):
    help = "Make an existing user a moderator: staff, in the Moderators group."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user with the email address {email}.")
        moderator_appoint(user=user)
        self.stdout.write(self.style.SUCCESS(f"{user.email} is a moderator now."))
