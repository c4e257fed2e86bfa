from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from marketplace import backups


class Command(BaseCommand):
    help = (
        "Write one archive (a tar file) holding the database (pg_dump custom format), "
        "MEDIA_ROOT and PRIVATE_MEDIA_ROOT (not S3 buckets), into BACKUP_DIR; print its path."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", type=Path, help="Where to write the archive (default: BACKUP_DIR)."
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Which database.")

    def handle(self, *args, dir, database, **options):
        try:
            archive = backups.backup(
                database=connections[database].settings_dict,
                media_roots=backups.media_roots_from_settings(),
                backup_dir=dir or Path(settings.BACKUP_DIR),
            )
        except backups.BackupError as error:
            raise CommandError(f"backup failed: {error}") from error
        size = archive.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backed up to {archive} ({size:,} bytes)."))
        if left_out := backups.buckets_not_archived():
            self.stderr.write(self.style.WARNING(f"Database only: {left_out}."))
