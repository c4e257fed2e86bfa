"""Make the smaller copies of stored images that lack them (marketplace.image_copies)."""

from django.apps import apps
from django.core.management.base import BaseCommand

from marketplace.image_copies import make_missing_copies


class Command(BaseCommand):
    help = (
        "Store the missing smaller copies (for srcset) of every stored avatar, banner and cover."
    )

    def handle(self, *args, **options):
        made = make_missing_copies(apps.get_model)
        self.stdout.write(f"Made {made} smaller image copies.")
