"""Portfolio article bodies: Markdown to sanitised HTML, and an estimate of reading time."""

import math
import re

import markdown
import nh3

_ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h1",  # renumbered below: the page title is the article's only h1
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "del",
}
# href values are further limited by _URL_SCHEMES; rel is set by nh3, never taken from input.
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
# Table column alignment, as the tables extension writes it, and no other value.
_ALIGN_VALUES = {"align": {"left", "center", "right"}}
_ALLOWED_ATTRIBUTE_VALUES = {"th": _ALIGN_VALUES, "td": _ALIGN_VALUES}
_URL_SCHEMES = {"http", "https", "mailto"}
# Removed with their content: the text of a script or stylesheet is never article text.
_CLEAN_CONTENT_TAGS = {"script", "style"}
# Readers owe nothing to the sites an author links to: no ranking credit, no window.opener.
_LINK_REL = "nofollow noopener ugc"

_MARKDOWN_EXTENSIONS = ["fenced_code", "tables", "sane_lists"]
# An align attribute rather than the default style="text-align: ...", which the sanitiser drops.
_MARKDOWN_EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}

_WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")  # don't, well-known: one word each
# A heading tag as the sanitiser writes it: no attributes are allowed on headings.
_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")


def _outline(html: str) -> str:
    """Headings renumbered to follow the page's h1: the body's highest level becomes h2 and
    no heading is more than one level below the one before it (h2 -> h4 becomes h2 -> h3),
    so the page's outline never skips a level, whatever levels the author typed."""
    opened = [int(level) for closing, level in _HEADING_TAG.findall(html) if not closing]
    if not opened:
        return html
    top, previous, levels = min(opened), 1, []
    for level in opened:
        previous = max(2, min(level - top + 2, previous + 1, 6))
        levels.append(previous)
    renumbered = iter(levels)
    current = 2

    def renumber(match: re.Match) -> str:
        nonlocal current
        if not match.group(1):
            current = next(renumbered)
        return f"<{match.group(1)}h{current}>"

    return _HEADING_TAG.sub(renumber, html)


def render_markdown(text: str) -> str:
    """Render Markdown to HTML that holds only allowlisted tags, attributes and link schemes.

    Headings (Markdown's or raw HTML's) are renumbered from h2 without skipping a level, so
    the result never contains an h1 and follows the page title's outline. Raw HTML in the
    source is stripped or left as inert text, scripts and styles with their content. Every
    link gets rel="nofollow noopener ugc". The result is sanitised, so callers may mark it
    safe (``mark_safe`` or ``|safe``) when rendering it.
    """
    # A fresh Markdown instance per call: instances keep state and are not thread-safe.
    html = markdown.markdown(
        text,
        extensions=_MARKDOWN_EXTENSIONS,
        extension_configs=_MARKDOWN_EXTENSION_CONFIGS,
    )
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        clean_content_tags=_CLEAN_CONTENT_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        tag_attribute_values=_ALLOWED_ATTRIBUTE_VALUES,
        url_schemes=_URL_SCHEMES,
        link_rel=_LINK_REL,
        strip_comments=True,
    )
    return _outline(clean)


def reading_minutes(text: str, words_per_minute: int = 220) -> int:
    """Return the minutes needed to read the text, rounded up to a whole minute and at least 1."""
    words = len(_WORD.findall(text))
    return max(1, math.ceil(words / words_per_minute))
