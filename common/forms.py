"""Form helpers shared by every app's views."""

from django.core.exceptions import ValidationError


def run_action(form, action, **kwargs):
    """Call an action; a ValidationError it raises lands on the form (on the field it
    names, else above the form). Returns the action's result, or None if it refused."""
    try:
        return action(**kwargs)
    except ValidationError as error:
        form.add_error(None, error)
        return None
