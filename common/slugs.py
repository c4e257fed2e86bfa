"""Unique, stable slugs that survive concurrent creation."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.utils.text import slugify

ATTEMPTS = 20


def _first_free(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def save_with_unique_slug(instance: Model, *, text: str, scope: QuerySet, fallback: str) -> None:
    """Save a new `instance` with a slug made from `text`, free within `scope`.

    Picks `base`, `base-2`, `base-3`... from what exists, and if another transaction takes
    the same slug first (the unique constraint answers), looks again. Call inside a
    transaction; the instance is saved when this returns.
    """
    max_length = instance._meta.get_field("slug").max_length
    base = slugify(text)[: max_length - 5].strip("-") or fallback
    for _ in range(ATTEMPTS):
        taken = set(scope.filter(slug__startswith=base).values_list("slug", flat=True))
        instance.slug = _first_free(base, taken)
        try:
            with transaction.atomic():
                instance.save()
        except IntegrityError:
            if not scope.filter(slug=instance.slug).exists():
                raise  # another constraint failed, not the slug's
            continue
        return
    raise ValidationError("Could not find a free address for this title; try another.")
