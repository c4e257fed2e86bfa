"""linkify: user text escaped, http(s) addresses as nofollow links, nothing else as HTML."""

import pytest

from common.linkify import linkify

A = '<a href="{0}" rel="nofollow ugc noopener">{0}</a>'


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("plain words", "<p>plain words</p>"),
        ("<b>bold</b> & co", "<p>&lt;b&gt;bold&lt;/b&gt; &amp; co</p>"),
        ("see https://example.org/a.", f"<p>see {A.format('https://example.org/a')}.</p>"),
        (
            "(https://en.wikipedia.org/wiki/Foo_(bar))",
            f"<p>({A.format('https://en.wikipedia.org/wiki/Foo_(bar)')})</p>",
        ),
        (
            "http://x.org/?q=1&r=<2>",
            f"<p>{A.format('http://x.org/?q=1&amp;r=')}&lt;2&gt;</p>",
        ),
        (
            'https://x.org/"onmouseover="alert(1)',
            f"<p>{A.format('https://x.org/')}&quot;onmouseover=&quot;alert(1)</p>",
        ),
        ("javascript:alert(1)", "<p>javascript:alert(1)</p>"),
        ("ftp://files.example.org/x", "<p>ftp://files.example.org/x</p>"),
        ("https://", "<p>https://</p>"),
        ("one\ntwo\n\nthree", "<p>one<br>two</p>\n<p>three</p>"),
        ("", ""),
    ],
)
def test_linkify(text, html):
    assert linkify(text) == html
