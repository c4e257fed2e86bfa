"""Plain text from users as HTML: everything escaped, http(s) addresses made links.

No HTML the user typed ever reaches the page: the text is split around web addresses,
each piece is escaped, and each address becomes a link built by `format_html` (which
escapes it again as an attribute). Only http and https are linked; `javascript:` and
every other scheme stay text.
"""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

LINK_REL = "nofollow ugc noopener"
# An address runs to the next space, quote or angle bracket...
_URL = re.compile(r"\bhttps?://[^\s<>\"'\x00-\x1f\x7f]+", re.IGNORECASE)
# ...and leaves out the punctuation that usually ends the sentence around it.
_TRAILING = ".,;:!?)]}*"
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _trimmed(url: str) -> tuple[str, str]:
    """The address without trailing sentence punctuation, and that punctuation; a closing
    parenthesis stays when the address opened one (Wikipedia's `Foo_(bar)`)."""
    tail = ""
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url, tail = url[:-1], url[-1] + tail
    return url, tail


def _linked_line(text: str) -> str:
    parts, position = [], 0
    for match in _URL.finditer(text):
        url, tail = _trimmed(match.group())
        parts.append(escape(text[position : match.start()]))
        if len(url) > len("https://"):
            parts.append(format_html('<a href="{}" rel="{}">{}</a>', url, LINK_REL, url))
        else:
            parts.append(escape(url))
        parts.append(escape(tail))
        position = match.end()
    parts.append(escape(text[position:]))
    return "".join(parts)


def linkify(text: str) -> SafeString:
    """`text` as paragraphs (blank lines) and line breaks, escaped, with its http(s)
    addresses as links that carry rel="nofollow ugc noopener"."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return mark_safe("")
    paragraphs = [
        "<p>" + "<br>".join(_linked_line(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in _PARAGRAPH_BREAK.split(text)
    ]
    # Every piece was escaped above.
    return mark_safe("\n".join(paragraphs))
