import time

from django.core.management.base import BaseCommand, CommandError

from marketplace.bulk import BulkLoader


class Command(BaseCommand):
    help = (
        "Load benchmark data: N services with proportionate freelancers (N/5), clients "
        "(N/10), skills, hire requests and reviews, through PostgreSQL COPY."
    )

    def add_arguments(self, parser):
        parser.add_argument("--services", type=int, required=True, help="How many services.")
        parser.add_argument("--seed", type=int, default=42, help="Random seed (repeatable).")

    def handle(self, *args, services, seed, **options):
        if services < 1:
            raise CommandError("--services must be at least 1.")
        started = time.monotonic()
        result = BulkLoader(services=services, seed=seed, report=self.stdout.write).run()
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Loaded in {elapsed:.1f}s:"))
        for name, count in result.counts.items():
            self.stdout.write(f"  {name:<24} {count:>12,}")
