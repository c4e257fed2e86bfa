"""`{% service_card service %}`: a service in a list, rendered in Python.

A list page shows twenty cards; through the template engine (an include per card, another
for the avatar) they cost about a third of the page's time, in Python a tenth of that. The
selector that lists cards loads them with Service.objects.for_cards(): the freelancer and
category joined, `summary` the description's first line. `hide_freelancer=True` on the
freelancer's own pages, where the name would repeat.
"""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from common.templatetags.formatting import money, stars
from profiles.templatetags.images import srcset

register = template.Library()

# A card's thumbnail spans a phone's width, and a grid column on wider screens.
THUMB_SIZES = "(min-width: 52rem) 24rem, 100vw"


@register.simple_tag
def service_card(service, hide_freelancer=False):
    freelancer = service.freelancer
    banner = service.banner or freelancer.banner
    if banner:
        thumb = format_html(
            '<img class="service-card__thumb" src="{}" srcset="{}" sizes="{}" alt="" '
            'width="640" height="320" loading="lazy">',
            banner.url,
            srcset(banner, "banner"),
            THUMB_SIZES,
        )
    else:
        thumb = mark_safe(
            '<div class="service-card__thumb banner--empty" aria-hidden="true"></div>'
        )
    if hide_freelancer:
        meta = format_html('<p class="service-card__meta muted">{}</p>', service.category.name)
    else:
        meta = format_html(
            '<p class="service-card__meta service-card__by">{}<span><a href="{}">{}</a><br>'
            '<span class="muted">{}</span></span></p>',
            _avatar(freelancer),
            freelancer.get_absolute_url(),
            freelancer.display_name,
            service.category.name,
        )
    summary = getattr(service, "summary", "")
    if summary:
        summary = format_html(
            '<p class="service-card__summary">{}</p>', Truncator(summary).chars(110)
        )
    if service.review_count:
        rating = format_html(
            '{} <span aria-hidden="true">{}</span> <span class="muted">({} review{})</span>',
            stars(service.rating_average),
            floatformat(service.rating_average, 1),
            service.review_count,
            "" if service.review_count == 1 else "s",
        )
    else:
        rating = mark_safe('<span class="muted">No reviews yet</span>')
    starting = (
        format_html('<span class="muted">Starting at {}</span>', money(service.starting_price))
        if service.starting_price
        else ""
    )
    return format_html(
        '<article class="card service-card">{}<div class="service-card__body">'
        '<h3 class="service-card__title"><a href="{}">{}</a></h3>{}{}'
        '<div class="service-card__foot"><p class="service-card__rating">{}</p>'
        '<p class="service-card__price"><strong>{}/hr</strong> {}</p></div></div></article>',
        thumb,
        service.get_absolute_url(),
        service.title,
        meta,
        summary,
        rating,
        money(service.hourly_rate),
        starting,
    )


def _avatar(profile):
    """profiles/_avatar.html with size="tiny" and decorative=True."""
    if profile.avatar:
        return format_html(
            '<img class="avatar avatar--tiny" src="{}" srcset="{}" sizes="2.25rem" alt="" '
            'width="256" height="256" loading="lazy">',
            profile.avatar.url,
            srcset(profile.avatar, "avatar"),
        )
    return format_html(
        '<span class="avatar avatar--tiny avatar--initials" aria-hidden="true">{}</span>',
        profile.display_name[:1].upper(),
    )
