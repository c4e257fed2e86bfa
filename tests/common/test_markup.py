"""common.markup.esc: escaping for the fragments rendered in Python, the same as the
template engine's."""

from decimal import Decimal

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from common.markup import esc


def test_text_is_escaped_for_html_text_and_quoted_attributes():
    assert esc("""<a href="x" title='y'>Tom & Jerry</a>""") == (
        "&lt;a href=&quot;x&quot; title=&#x27;y&#x27;&gt;Tom &amp; Jerry&lt;/a&gt;"
    )


def test_markup_already_safe_is_kept_as_it_is():
    assert esc(mark_safe("<b>bold</b>")) == "<b>bold</b>"
    assert esc(format_html("<i>{}</i>", "a & b")) == "<i>a &amp; b</i>"


def test_numbers_and_lazy_text_are_turned_into_text():
    assert esc(42) == "42"
    assert esc(Decimal("27.50")) == "27.50"
    assert esc(gettext_lazy("Fish & chips")) == "Fish &amp; chips"


def test_it_escapes_exactly_as_django_does():
    for value in ["<>&\"'", "plain", "ünïcødé ✓", mark_safe("<br>"), 3.5, gettext_lazy("a<b")]:
        assert esc(value) == conditional_escape(value)
