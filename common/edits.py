"""The one way an action edits a row: lock a fresh copy, set the named fields, full_clean,
save only what changed. The caller's object is never modified, so a failed action leaves it
as it was and no view ever has to undo an edit. An action that locks more than one row
follows the project's lock order (common/locks.py).
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

STALE_MESSAGE = "This was changed since you opened it."


class EditConflict(ValidationError):
    """The row changed since the editor opened it; `current` is the newer, stored row."""

    def __init__(self, current: models.Model):
        super().__init__(STALE_MESSAGE, code="stale")
        self.current = current


def lock_fresh[M: models.Model](instance: M, *, version: datetime | None = None) -> M:
    """A fresh copy of `instance`'s row, locked (FOR NO KEY UPDATE) until the transaction
    ends; EditConflict if `version` (the row's `updated_at` when the editor opened it) is no
    longer the row's."""
    # `_meta.model`, not `type()`: request.user is a lazy wrapper around the row.
    current = instance._meta.model._default_manager.select_for_update(no_key=True).get(
        pk=instance.pk
    )
    if version is not None and current.updated_at != version:
        raise EditConflict(current)
    return current


def _differs(instance: models.Model, name: str, value: Any) -> bool:
    field = instance._meta.get_field(name)
    if field.many_to_one or field.one_to_one:
        # Compared by id, so that no related row is read just to compare it.
        return getattr(instance, field.attname) != getattr(value, "pk", value)
    return getattr(instance, name) != value


def model_update[M: models.Model](
    *, instance: M, fields: Iterable[str], data: dict[str, Any]
) -> M:
    """Set the `fields` present in `data` on a locked fresh copy of the row, full_clean it,
    save the changed fields (and `updated_at`) and return the copy; `instance` is untouched."""
    current = lock_fresh(instance)
    changed = [name for name in fields if name in data and _differs(current, name, data[name])]
    if not changed:
        return current
    for name in changed:
        setattr(current, name, data[name])
    current.full_clean()
    if any(field.name == "updated_at" for field in current._meta.concrete_fields):
        changed.append("updated_at")
    current.save(update_fields=changed)
    return current
