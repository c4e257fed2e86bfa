"""What the ground floor stores: the submission tokens that make create forms idempotent,
and the keys of mail sent by tasks, which make sending idempotent."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Submission(models.Model):
    """One sent create form: a user's one-time token and the object it created.

    The form carries a random token; the action claims it under the unique constraint in
    the same transaction that creates the object, so the same form sent twice (a double
    click, a resend after a timeout) finds the first one's object instead of making another.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.UUIDField()
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "token"], name="common_submission_one_per_user_token"
            ),
        ]

    def __str__(self):
        return f"{self.token} by user {self.user_id}"


class SentMail(models.Model):
    """The key of one mail a task has sent (common/mail.py), so that a task run twice (a
    retry, a worker that died after sending) sends it once: the key is claimed in the
    transaction that sends, so a failed send frees it for the retry."""

    key = models.UUIDField(primary_key=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"mail {self.key} sent at {self.sent_at:%Y-%m-%d %H:%M:%S}"
