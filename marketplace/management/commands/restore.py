from pathlib import Path

from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from marketplace import backups


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into an empty database and empty "
        "MEDIA_ROOT and PRIVATE_MEDIA_ROOT folders; --force replaces what is there."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Drop the database's tables and empty the media folders first.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Which database.")

    def handle(self, *args, archive, force, database, **options):
        if not archive.is_file():
            raise CommandError(f"no such archive: {archive}")
        connections[database].close()  # nothing of ours holds the tables being replaced
        try:
            manifest = backups.restore(
                archive,
                database=connections[database].settings_dict,
                media_roots=backups.media_roots_from_settings(),
                force=force,
            )
        except backups.BackupError as error:
            raise CommandError(f"restore failed: {error}") from error
        # Pages cached before the restore may show what the restored data does not have.
        caches["pages"].clear()
        if left_out := backups.buckets_not_archived():
            self.stdout.write(
                self.style.SUCCESS(
                    f"Restored the database of the backup of {manifest['created']}."
                )
            )
            self.stderr.write(
                self.style.WARNING(f"Files were not restored: {left_out}; restore them there.")
            )
            return
        folders = ", ".join(
            f"{counts['files']} files in {folder}"
            for folder, counts in manifest["folders"].items()
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created']}: database, {folders}."
            )
        )
