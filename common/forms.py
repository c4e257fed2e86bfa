"""Form helpers shared by every app's views."""

import uuid

from django import forms
from django.core.exceptions import ValidationError


def run_action(form, action, **kwargs):
    """Call an action; a ValidationError it raises lands on the form (on the field it
    names, else above the form). Returns the action's result, or None if it refused."""
    try:
        return action(**kwargs)
    except ValidationError as error:
        form.add_error(None, error)
        return None


class SubmissionTokenField(forms.UUIDField):
    """A hidden one-time token, new each time the empty form is shown; a form shown again
    with errors keeps the token it was sent with. A missing or garbled token is None (the
    form then works, without the protection against sending twice)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, initial=uuid.uuid4, **kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            return None


class SubmissionTokenForm(forms.Form):
    """Base of every form that creates something: sent twice, it creates one object (the
    action passes `submission_token` to `common.submissions.submission_claim`)."""

    submission_token = SubmissionTokenField()
