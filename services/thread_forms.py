"""Forms of the message threads: a message with attachments, a report, the mail setting."""

from django import forms
from django.core.exceptions import ValidationError

from common.forms import SubmissionTokenForm
from profiles.models import User
from services.attachments import MAX_ATTACHMENTS, check_attachment
from services.thread_models import MAX_MESSAGE_LENGTH


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to MAX_ATTACHMENTS files, each checked by content (services.attachments); the
    cleaned value is a list of CheckedAttachment."""

    # Read by the admin (common.admin), which refuses any file field without it.
    checks_content = True
    accept = "application/pdf,image/png,image/jpeg,image/webp,text/plain,.txt"

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": self.accept}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = list(data) if isinstance(data, list | tuple) else [data]
        uploads = [upload for upload in uploads if upload]
        if len(uploads) > MAX_ATTACHMENTS:
            raise ValidationError(f"Attach at most {MAX_ATTACHMENTS} files to one message.")
        checked, errors = [], []
        for upload in uploads:
            try:
                checked.append(check_attachment(super().clean(upload, initial)))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return checked


class MessageForm(SubmissionTokenForm):
    text = forms.CharField(
        label="Your message",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_MESSAGE_LENGTH,
        required=False,
        help_text="Plain text; links become clickable.",
    )
    attachments = AttachmentsField(
        label="Attach files",
        help_text=(
            f"Up to {MAX_ATTACHMENTS} files, 10 MB each: PDF, PNG, JPEG, WebP or plain text."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        empty = not cleaned.get("text", "").strip() and not cleaned.get("attachments")
        if empty and not self.errors:
            raise ValidationError("Write a message or attach a file.")
        return cleaned


class MessageReportForm(SubmissionTokenForm):
    reason = forms.CharField(
        label="What is wrong with this message?",
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=10,
        max_length=2000,
        help_text="Only the staff read this; the sender is not told who reported it.",
    )


def _mail_switch(name: str) -> forms.BooleanField:
    field = User._meta.get_field(name)
    return forms.BooleanField(
        required=False, label=field.verbose_name.capitalize(), help_text=field.help_text
    )


class NotificationSettingsForm(forms.Form):
    """One switch per kind of mail that can be turned off (profiles.mail.MAIL_FIELDS)."""

    hire_mail = _mail_switch("hire_mail")
    message_mail = _mail_switch("message_mail")
    review_mail = _mail_switch("review_mail")
    news_mail = _mail_switch("news_mail")
