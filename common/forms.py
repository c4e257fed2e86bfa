"""Form helpers shared by every app's views."""

import uuid
from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError

from common.edits import EditConflict


def run_action(form, action, **kwargs):
    """Call an action; a ValidationError it raises lands on the form (on the field it
    names, else above the form). Returns the action's result, or None if it refused."""
    try:
        return action(**kwargs)
    except ValidationError as error:
        form.add_error(None, error)
        return None


def run_edit(form, action, **kwargs):
    """run_action for an edit form: returns (the saved row or None, the form to show).
    After an EditConflict the form to show is a new one, built by the form class's
    `for_row` from the newer row, with the conflict above its fields: nothing is saved."""
    try:
        return action(**kwargs), form
    except EditConflict as conflict:
        fresh = type(form).for_row(conflict.current)
        fresh.cleaned_data = {}  # an unbound form takes errors once it has cleaned data
        fresh.add_error(None, conflict)
        return None, fresh
    except ValidationError as error:
        form.add_error(None, error)
        return None, form


class VersionField(forms.Field):
    """The row's `updated_at` when the form was opened, in a hidden input, for the action
    to tell a stale edit. Missing or unreadable (a page opened before versions existed): None,
    and the edit is not checked."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value.isoformat() if isinstance(value, datetime) else value

    def to_python(self, value):
        if isinstance(value, datetime) or value in self.empty_values:
            return value or None
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
        return parsed if parsed.tzinfo else None


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
