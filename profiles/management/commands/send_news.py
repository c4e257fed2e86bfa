"""Mail product news to the users who asked for it (news_mail on; off by default)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from profiles.mail import MailKind, mail_user
from profiles.models import User


class Command(BaseCommand):
    help = "Mail product news (subject and a plain-text body file) to users who opted in."

    def add_arguments(self, parser):
        parser.add_argument("--subject", required=True)
        parser.add_argument("--body-file", required=True, type=Path)

    def handle(self, *args, subject, body_file, **options):
        try:
            body = body_file.read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot read {body_file}: {error}") from error
        sent = 0
        recipients = User.objects.filter(news_mail=True, is_active=True, deleted_at__isnull=True)
        for user in recipients.iterator():
            # One transaction each: its mail goes once it commits (common.mail).
            with transaction.atomic():
                sent += mail_user(
                    user=user,
                    kind=MailKind.NEWS,
                    template="profiles/email/news",
                    context={"subject": subject, "body": body, "user": user},
                )
        self.stdout.write(f"Product news queued for {sent} users.")
