from django.conf import settings
from django.db import models

from profiles.models import private_storage


class DataExport(models.Model):
    """One "Download your data" archive of a user: built by a task into the private
    storage, mailed as a signed link, deleted with its file after DATA_EXPORT_DAYS."""

    class Status(models.TextChoices):
        BUILDING = "building", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    class Failure(models.TextChoices):
        """Why a build failed, as its owner reads it on the export page and in the mail."""

        STORAGE = "storage", "Our file storage did not answer while we saved your file."
        DATABASE = "database", "Our database was too busy to read your data."
        LOST = "lost", "It took too long, so we stopped."
        OTHER = "other", "Something went wrong on our side while we prepared it."

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BUILDING)
    file = models.FileField(
        upload_to="exports/", storage=private_storage, blank=True, max_length=200
    )
    size = models.PositiveBigIntegerField(default=0)
    failure = models.CharField(max_length=10, choices=Failure.choices, blank=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # What counts towards DATA_EXPORTS_PER_DAY: a failed build served no request.
    COUNTED = (Status.BUILDING, Status.READY)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "created_at"], name="dataexport_user_created")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="failed") | models.Q(failure=""),
                name="dataexport_failure_only_if_failed",
            ),
        ]

    def __str__(self):
        return f"Data export {self.pk} of user {self.user_id} ({self.status})"
