"""Markup built in Python for the fragments a list page repeats many times (service
cards, category links, menu options), where the template engine, and even `format_html`,
cost milliseconds a page.

`esc` is Django's `conditional_escape` without its lazy-string wrapper, which took about a
third of a card's time: a value that is already markup (it has `__html__`: `mark_safe`,
`format_html`, the `stars` filter) stays as it is, anything else is escaped. The caller
marks the finished fragment safe.
"""

from html import escape


def esc(value) -> str:
    """`value` escaped for HTML text or a quoted attribute, unless it is already markup."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))
