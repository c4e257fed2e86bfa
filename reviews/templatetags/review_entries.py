"""`{% review_entry review hire %}`: one review in a service's or profile's list, rendered
in Python, as the service cards are (services/templatetags/service_cards.py).

Through the template engine each entry (four dates, two texts, two links, the stars) cost
about a tenth of a page with reviews. The list around the entries, the star distribution
and "How this rating is computed" stay in templates/reviews/_review_list.html.
"""

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from common.markup import esc
from common.templatetags.formatting import machine_time, stars

register = template.Library()


def _date(value, format_string: str) -> str:
    """As the `date` filter shows `value`: in the current time zone, in `format_string`."""
    return date_format(template_localtime(value), format_string) if value else ""


def _time(value, format_string: str, css: str = "") -> str:
    css = f' class="{css}"' if css else ""
    return f'<time{css} datetime="{machine_time(value)}">{_date(value, format_string)}</time>'


@register.simple_tag(takes_context=True)
def review_entry(context, review, hire, *, freelancer_name, show_service=False):
    """The entry of `review` with its HireFacts `hire`: stars, author, date, the job's
    label, the service (with `show_service`), sub-ratings, text, the freelancer's reply, and
    "Report" for a signed-in visitor other than its author."""
    messages = ""
    if hire.message_count is not None:
        count = hire.message_count
        messages = f" · {count} message{'' if count == 1 else 's'}"
    service = ""
    if show_service:
        service = (
            f'<p class="muted">For <a href="{esc(review.service.get_absolute_url())}">'
            f"{esc(review.service.title)}</a></p>"
        )
    reply = ""
    if review.reply:
        reply = (
            f'<div class="review__reply"><p><strong>Reply from {esc(freelancer_name)}</strong> '
            f"{_time(review.replied_at, 'M j, Y', 'muted')}</p>"
            f"{linebreaks(review.reply, autoescape=True)}</div>"
        )
    user = context.get("user")
    report = ""
    if user is not None and user.is_authenticated and user.pk != review.author_id:
        url = reverse("reviews:report", kwargs={"pk": review.pk})
        report = f'<p class="review__report"><a href="{url}">Report</a></p>'
    return mark_safe(
        f'<li class="review card" id="review-{review.pk}"><p class="review__head">'
        f"{stars(review.rating)} <strong>{esc(review.author_name)}</strong> "
        f'<a class="review__permalink muted" href="{review.get_absolute_url()}" '
        f'title="This review\'s own page">{_time(review.created_at, "M j, Y")}</a></p>'
        '<p class="review__hire muted">Hired through the marketplace · requested '
        f"{_date(hire.requested_at, 'j M Y')}, completed {_date(hire.completed_at, 'j M Y')}"
        f"{messages}</p>{service}"
        f'<p class="review__subratings muted">Communication {review.communication}/5 · '
        f"Quality {review.quality}/5 · Value {review.value}/5</p>"
        f"{linebreaks(review.text, autoescape=True)}{reply}{report}</li>"
    )
