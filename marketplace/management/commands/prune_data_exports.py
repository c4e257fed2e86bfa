from django.core.management.base import BaseCommand

from marketplace.exports.actions import data_exports_prune


class Command(BaseCommand):
    help = "Delete the data exports whose link has expired (DATA_EXPORT_DAYS), with their files."

    def handle(self, *args, **options):
        deleted = data_exports_prune()
        self.stdout.write(f"{deleted} expired data export(s) deleted.")
