"""`{% service_card service %}`: a service in a list, rendered in Python.

A list page shows twenty cards; through the template engine (an include per card, another
for the avatar) they cost about a third of the page's time, in Python a tenth of that. The
selector that lists cards loads them with Service.objects.for_cards(): the freelancer and
category joined, `summary` the description's first line. `hide_freelancer=True` on the
freelancer's own pages, where the name would repeat.
"""

import unicodedata

from django import template
from django.template.defaultfilters import floatformat
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from common.markup import esc
from common.templatetags.formatting import money, stars
from profiles.templatetags.images import srcset

register = template.Library()

# A card's thumbnail spans a phone's width, and a grid column on wider screens.
THUMB_SIZES = "(min-width: 52rem) 24rem, 100vw"
SUMMARY_CHARS = 110


@register.simple_tag
def service_card(service, hide_freelancer=False):
    freelancer = service.freelancer
    banner = service.banner or freelancer.banner
    if banner:
        thumb = (
            f'<img class="service-card__thumb" src="{esc(banner.url)}" '
            f'srcset="{esc(srcset(banner, "banner"))}" sizes="{THUMB_SIZES}" alt="" '
            'width="640" height="320" loading="lazy">'
        )
    else:
        thumb = '<div class="service-card__thumb banner--empty" aria-hidden="true"></div>'
    category = esc(service.category.name)
    if hide_freelancer:
        meta = f'<p class="service-card__meta muted">{category}</p>'
    else:
        meta = (
            f'<p class="service-card__meta service-card__by">{_avatar(freelancer)}<span>'
            f'<a href="{esc(freelancer.get_absolute_url())}">{esc(freelancer.display_name)}</a>'
            f'<br><span class="muted">{category}</span></span></p>'
        )
    summary = getattr(service, "summary", "")
    if summary:
        # Composed as Truncator composes it; only a line still longer than the card's 110
        # characters goes through Truncator (which counts combining characters as none,
        # so a shorter one is never cut).
        summary = unicodedata.normalize("NFC", summary)
        if len(summary) > SUMMARY_CHARS:
            summary = Truncator(summary).chars(SUMMARY_CHARS)
        summary = f'<p class="service-card__summary">{esc(summary)}</p>'
    if service.review_count:
        count = service.review_count
        rating = (
            f'{stars(service.rating_average)} <span aria-hidden="true">'
            f"{floatformat(service.rating_average, 1)}</span> "
            f'<span class="muted">({count} review{"" if count == 1 else "s"})</span>'
        )
    else:
        rating = '<span class="muted">No reviews yet</span>'
    starting = (
        f'<span class="muted">Starting at {esc(money(service.starting_price))}</span>'
        if service.starting_price
        else ""
    )
    return mark_safe(
        f'<article class="card service-card">{thumb}<div class="service-card__body">'
        f'<h3 class="service-card__title"><a href="{esc(service.get_absolute_url())}">'
        f"{esc(service.title)}</a></h3>{meta}{summary}"
        f'<div class="service-card__foot"><p class="service-card__rating">{rating}</p>'
        f'<p class="service-card__price"><strong>{esc(money(service.hourly_rate))}/hr</strong>'
        f" {starting}</p></div></div></article>"
    )


def _avatar(profile):
    """profiles/_avatar.html with size="tiny" and decorative=True."""
    if profile.avatar:
        return (
            f'<img class="avatar avatar--tiny" src="{esc(profile.avatar.url)}" '
            f'srcset="{esc(srcset(profile.avatar, "avatar"))}" sizes="2.25rem" alt="" '
            'width="256" height="256" loading="lazy">'
        )
    return (
        '<span class="avatar avatar--tiny avatar--initials" aria-hidden="true">'
        f"{esc(profile.display_name[:1].upper())}</span>"
    )
