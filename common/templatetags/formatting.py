"""Presentation helpers shared by every app's templates. Formatting only, no queries."""

import json
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.template.defaulttags import querystring
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from common.linkify import linkify

register = template.Library()

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def absolute_url(url, request):
    """`url` as an absolute URL on the site `request` came to; one already absolute (a file
    in a bucket, say) unchanged: `{{ image.url|absolute_url:request }}`."""
    return request.build_absolute_uri(url) if url else ""


@register.filter
def money(value):
    """`$30` when whole, `$27.50` when not, `$1,250` with thousands; '' for no value."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    if amount == amount.to_integral_value():
        return f"${amount:,.0f}"
    return f"${amount:,.2f}"


@register.filter
def machine_time(value):
    """A `<time datetime>` value: ISO 8601 in the current time zone, to the whole second.
    (HTML allows one to three fraction digits; Django's "c" format prints six.)"""
    if not value:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.replace(microsecond=0)
    return value.isoformat()


@register.simple_tag
def json_ld(data):
    """A schema.org JSON-LD block, escaped so that no text can close the script element.

    No CSP nonce: a data block is never run, so no policy applies to it, and a page
    without one is the same for every visitor (the page cache serves it as stored)."""
    payload = json.dumps(data, ensure_ascii=False, default=str).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.filter
def stars(value):
    """Five stars to the nearest half, for the eye, and "4.5 out of 5" for a screen reader:
    4.5 -> four full stars and a half one. The stars are text (★ full, ☆ empty, the half a
    ☆ that CSS half fills); the figure is visually hidden text, not a label on a span."""
    try:
        rating = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        rating = Decimal(0)
    rating = max(Decimal(0), min(rating, Decimal(5)))
    halves = int((rating * 2).quantize(Decimal(1), rounding="ROUND_HALF_UP"))
    full, half = divmod(halves, 2)
    icons = "★" * full + '<span class="star--half">☆</span>' * half + "☆" * (5 - full - half)
    figure = f"{rating.quantize(Decimal('0.1'), rounding='ROUND_HALF_UP'):f}".removesuffix(".0")
    return format_html(
        '<span class="stars"><span class="stars__icons" aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{} out of 5</span></span>',
        mark_safe(icons),
        figure,
    )


@register.simple_tag(takes_context=True)
def page_query(context, name, number):
    """`{% querystring %}` with the page parameter's name in a variable (`page`,
    `reviews`): this query string with `name` set to `number`, the rest kept."""
    return querystring(context, **{name: number})


@register.filter(name="linkify")
def linkify_filter(text):
    """Plain text as escaped paragraphs with its http(s) addresses as nofollow links."""
    return linkify(text)
