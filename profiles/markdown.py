"""Portfolio article bodies: Markdown to sanitised HTML, and an estimate of reading time."""

import math
import re
import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# The page title is the article's only h1, so Markdown headings start at h2.
_DEMOTED_HEADING = {"h1": "h2", "h2": "h3", "h3": "h4", "h4": "h5", "h5": "h6"}

_ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
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


class _DemoteHeadings(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            element.tag = _DEMOTED_HEADING.get(element.tag, element.tag)


class _DemoteHeadingsExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_DemoteHeadings(md), "demote_headings", 5)


def render_markdown(text: str) -> str:
    """Render Markdown to HTML that holds only allowlisted tags, attributes and link schemes.

    Headings are demoted one level, so the result never contains an h1. Raw HTML in the
    source is stripped or left as inert text, scripts and styles with their content. Every
    link gets rel="nofollow noopener ugc". The result is sanitised, so callers may mark it
    safe (``mark_safe`` or ``|safe``) when rendering it.
    """
    # A fresh Markdown instance per call: instances keep state and are not thread-safe.
    html = markdown.markdown(
        text,
        extensions=[*_MARKDOWN_EXTENSIONS, _DemoteHeadingsExtension()],
        extension_configs=_MARKDOWN_EXTENSION_CONFIGS,
    )
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        clean_content_tags=_CLEAN_CONTENT_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        tag_attribute_values=_ALLOWED_ATTRIBUTE_VALUES,
        url_schemes=_URL_SCHEMES,
        link_rel=_LINK_REL,
        strip_comments=True,
    )


def reading_minutes(text: str, words_per_minute: int = 220) -> int:
    """Return the minutes needed to read the text, rounded up to a whole minute and at least 1."""
    words = len(_WORD.findall(text))
    return max(1, math.ceil(words / words_per_minute))
