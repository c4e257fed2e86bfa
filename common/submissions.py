"""Create forms that act once: the same submission twice creates one object.

Each create form carries a hidden one-time token (`common.forms.SubmissionTokenField`). The
action that creates, inside its transaction and right after locking its user rows (see the
lock order in `common.locks`), calls `submission_claim`: the first claim of a token inserts
its row and goes on to create; a second one waits on the unique index until the first
commits, then gets back the object the first one created, and the action returns that
without creating or mailing again. If the first rolls back, the second simply goes ahead.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model

from common.models import Submission


def submission_claim(*, user_id: int, token: uuid.UUID | None, model: type[Model]) -> Model | None:
    """The `model` object an earlier submission of `token` by the user created, else None
    after claiming the token for the current transaction (no token: always None).

    Raises ValidationError if the token created something else, or what it created is gone.
    """
    if token is None:
        return None
    try:
        with transaction.atomic():
            Submission.objects.create(user_id=user_id, token=token)
    except IntegrityError:
        pass
    else:
        return None
    earlier = Submission.objects.get(user_id=user_id, token=token)
    found = None
    if earlier.content_type_id == ContentType.objects.get_for_model(model).pk:
        found = model._default_manager.filter(pk=earlier.object_id).first()
    if found is None:
        raise ValidationError("This form was already sent. Reload the page to start again.")
    return found


def submission_record(*, user_id: int, token: uuid.UUID | None, obj: Model) -> None:
    """Write down what the claimed `token` created, in the same transaction."""
    if token is None:
        return
    Submission.objects.filter(user_id=user_id, token=token).update(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    )
