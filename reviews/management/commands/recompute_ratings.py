from django.core.management.base import BaseCommand

from reviews.actions import ratings_recompute_all


class Command(BaseCommand):
    help = (
        "Recount every service's and freelancer's rating from their visible reviews, "
        "fix the rows that drifted and list them. Exits 0 either way."
    )

    def handle(self, *args, **options):
        drifts = ratings_recompute_all()
        for drift in drifts:
            self.stdout.write(
                f"{drift.row}: stored {drift.stored[0]} from {drift.stored[1]} review(s), "
                f"actual {drift.actual[0]} from {drift.actual[1]}; fixed"
            )
        summary = (
            f"{len(drifts)} row(s) drifted." if drifts else "No drift: every rating is right."
        )
        self.stdout.write(self.style.WARNING(summary) if drifts else self.style.SUCCESS(summary))
