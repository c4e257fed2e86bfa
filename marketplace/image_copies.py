"""Smaller copies for images stored before uploads made them (profiles.images): each
stored avatar, banner and cover gets the copies its rendition lists, beside it. Run by a
migration once, and by `manage.py make_image_copies` at any time; copies already there are
left alone, so it can run again."""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from common.files import smaller_rendition_name
from profiles.images import AVATAR, BANNER, COVER, smaller_copies_of
from profiles.uploads import STORAGE_ERRORS

logger = logging.getLogger(__name__)

# (app label, model, field) -> the rendition its images are stored at.
IMAGE_FIELDS = {
    ("profiles", "Profile", "avatar"): AVATAR,
    ("profiles", "Profile", "banner"): BANNER,
    ("profiles", "Article", "cover"): COVER,
    ("services", "Service", "banner"): BANNER,
}


def make_missing_copies(get_model) -> int:
    """Store the missing smaller copies of every stored image; returns how many were made.
    `get_model` is `apps.get_model` (a migration's historical models, or the current ones).
    An image that cannot be read is logged and skipped: its page keeps the full size."""
    made = 0
    for (app_label, model_name, field_name), rendition in IMAGE_FIELDS.items():
        model = get_model(app_label, model_name)
        storage = model._meta.get_field(field_name).storage
        names = (
            model._base_manager.exclude(**{field_name: ""})
            .values_list(field_name, flat=True)
            .iterator(chunk_size=500)
        )
        for name in names:
            missing = [
                width
                for width in rendition.smaller
                if not storage.exists(smaller_rendition_name(name, width))
            ]
            if not missing:
                continue
            try:
                with storage.open(name, "rb") as stored:
                    copies = smaller_copies_of(stored.read(), rendition)
                for width in missing:
                    if width in copies:
                        storage.save(
                            smaller_rendition_name(name, width), ContentFile(copies[width])
                        )
                        made += 1
            except (*STORAGE_ERRORS, ValidationError):
                logger.exception("Could not make the smaller copies of %s", name)
    return made
