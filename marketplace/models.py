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

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BUILDING)
    file = models.FileField(
        upload_to="exports/", storage=private_storage, blank=True, max_length=200
    )
    size = models.PositiveBigIntegerField(default=0)
    ready_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "created_at"], name="dataexport_user_created")]

    def __str__(self):
        return f"Data export {self.pk} of user {self.user_id} ({self.status})"
