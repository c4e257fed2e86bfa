"""Stored images in pages: `srcset` lists an image's smaller copies and itself by width,
so a phone fetches a copy its screen needs rather than the full rendition."""

from django import template

from common.files import smaller_rendition_name
from profiles.images import AVATAR, BANNER, COVER

register = template.Library()

_RENDITIONS = {rendition.name: rendition for rendition in (AVATAR, BANNER, COVER)}


@register.filter
def srcset(image, rendition: str) -> str:
    """`{{ profile.banner|srcset:"banner" }}` -> "…-480w.webp 480w, …-960w.webp 960w,
    ….webp 1600w" (URLs built from names: no storage is asked)."""
    if not image:
        return ""
    stored = _RENDITIONS[rendition]
    widths = [
        f"{image.storage.url(smaller_rendition_name(image.name, width))} {width}w"
        for width in stored.smaller
    ]
    return ", ".join([*widths, f"{image.url} {stored.width}w"])
