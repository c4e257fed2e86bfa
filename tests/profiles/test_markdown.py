"""Portfolio Markdown: what renders, what the sanitiser removes, and reading time."""

import re
from html.parser import HTMLParser

import pytest

from profiles.markdown import reading_minutes, render_markdown

LINK_REL = "nofollow noopener ugc"
FORBIDDEN_TAGS = {"script", "iframe", "style", "svg", "math", "img", "object", "embed", "h1"}
SAFE_SCHEMES = {"http", "https", "mailto"}


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parse_tags(html):
    """Every start tag in the HTML as (name, attributes), attribute values unescaped."""
    collector = _TagCollector()
    collector.feed(html)
    collector.close()
    return collector.tags


def tag_names(html):
    return [name for name, _attrs in parse_tags(html)]


def links(html):
    return [attrs for name, attrs in parse_tags(html) if name == "a"]


def url_scheme(url):
    """The scheme a browser would see: it ignores control characters and whitespace in it."""
    compact = re.sub(r"[\x00-\x20]", "", url).lower()
    scheme, colon, _rest = compact.partition(":")
    return scheme if colon and "/" not in scheme else ""


# Ordinary Markdown


def test_paragraphs_and_emphasis_render():
    html = render_markdown("First *soft* and **strong**.\n\nSecond paragraph.")

    assert html == (
        "<p>First <em>soft</em> and <strong>strong</strong>.</p>\n<p>Second paragraph.</p>"
    )


def test_bullet_and_numbered_lists_render():
    html = render_markdown("- apples\n- pears\n\n1. one\n2. two")

    assert tag_names(html) == ["ul", "li", "li", "ol", "li", "li"]
    assert "<li>apples</li>" in html
    assert "<li>two</li>" in html


def test_fenced_code_block_renders_with_its_markup_escaped():
    html = render_markdown('```python\nhtml = "<b>bold</b>"\n```')

    assert tag_names(html) == ["pre", "code"]
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_fenced_code_block_loses_its_language_class():
    html = render_markdown("```python\nx = 1\n```")

    assert parse_tags(html) == [("pre", {}), ("code", {})]


def test_table_renders_with_column_alignment():
    html = render_markdown("| Skill | Years |\n| :--- | ---: |\n| Writing | 7 |")

    assert tag_names(html) == ["table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td"]
    cells = [attrs for name, attrs in parse_tags(html) if name in {"th", "td"}]
    assert cells == [{"align": "left"}, {"align": "right"}] * 2


def test_link_renders_with_rel():
    html = render_markdown('[my site](https://fran.example/ "Fran")')

    assert links(html) == [{"href": "https://fran.example/", "title": "Fran", "rel": LINK_REL}]


def test_https_and_mailto_links_survive_with_rel():
    html = render_markdown("[site](https://fran.example/work) or [mail](mailto:fran@example.com)")

    assert links(html) == [
        {"href": "https://fran.example/work", "rel": LINK_REL},
        {"href": "mailto:fran@example.com", "rel": LINK_REL},
    ]


@pytest.mark.parametrize(
    "url", ["ftp://files.example/cv.pdf", "tel:+15550100", "sms:+15550100", "bitcoin:1abc"]
)
def test_link_with_a_scheme_outside_the_allowlist_loses_its_href(url):
    html = render_markdown(f"[x]({url})")

    assert links(html) == [{"rel": LINK_REL}]


def test_rel_written_by_the_author_is_replaced():
    html = render_markdown('<a href="https://fran.example/" rel="opener">site</a>')

    assert links(html) == [{"href": "https://fran.example/", "rel": LINK_REL}]


def test_attributes_outside_the_allowlist_are_dropped():
    html = render_markdown(
        '<a href="https://fran.example/" class="big" id="me" target="_blank">site</a>'
    )

    assert links(html) == [{"href": "https://fran.example/", "rel": LINK_REL}]


def test_markdown_image_does_not_become_an_img():
    html = render_markdown("![tracker](https://evil.example/pixel.png)")

    assert "img" not in tag_names(html)


def test_result_is_a_plain_str_for_the_caller_to_mark_safe():
    assert type(render_markdown("*hi*")) is str


# Headings


def test_markdown_headings_move_down_one_level():
    html = render_markdown("# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five")

    assert tag_names(html) == ["h2", "h3", "h4", "h5", "h6"]
    assert "<h2>One</h2>" in html


def test_a_body_whose_highest_heading_is_h3_starts_at_h2_after_the_title():
    assert tag_names(render_markdown("### Six\n\n#### Seven")) == ["h2", "h3"]


@pytest.mark.parametrize(
    ("source", "levels"),
    [
        ("# A\n\n### Skipped a level", ["h2", "h3"]),
        ("## A\n\n###### Far below\n\n### Back", ["h2", "h3", "h3"]),
        ("# A\n\n<h4>Raw HTML</h4>\n\n<h6>Deeper</h6>", ["h2", "h3", "h4"]),
        ("###### Six\n\n###### Six again", ["h2", "h2"]),
    ],
)
def test_headings_never_skip_a_level(source, levels):
    """After the page's h1, each heading is at most one level below the one before it."""
    assert tag_names(render_markdown(source)) == levels


def test_a_heading_inside_an_attribute_or_code_is_left_alone():
    html = render_markdown('`<h3>` [x](https://a.example "<h4>")\n\n#### Real')

    assert "<code>&lt;h3&gt;</code>" in html
    assert "<h2>Real</h2>" in html


@pytest.mark.parametrize(
    "source",
    ["# Title", "Title\n=====", "<h1>Title</h1>", '<h1 class="x">Title</h1>\n\n# Again'],
)
def test_output_never_contains_an_h1(source):
    html = render_markdown(source)

    assert "h1" not in tag_names(html)
    assert "Title" in html


# Cross-site scripting


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href=" &#14;javascript:alert(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div onclick="alert(1)">x</div>',
    "<style>body{display:none}</style>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<object data="https://evil.example/x.swf"></object>',
    "<scr<script>ipt>alert(1)</script>",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payload_comes_out_inert(payload):
    html = render_markdown(f"Before\n\n{payload}\n\nAfter")
    tags = parse_tags(html)

    assert "<script" not in html.lower()
    assert not FORBIDDEN_TAGS & {name for name, _attrs in tags}
    for name, attrs in tags:
        assert not [attr for attr in attrs if attr.startswith("on")], name
        assert "style" not in attrs, name
        href = attrs.get("href")
        if href is not None:
            assert url_scheme(href) in SAFE_SCHEMES | {""}, href
    # The sanitiser removed the danger, not the article around it.
    assert "Before" in html
    assert "After" in html


@pytest.mark.parametrize(
    "source",
    ["<script>alert(1)</script>", "Text <script>alert(1)</script> more", "<style>p{}</style>"],
)
def test_script_and_style_content_is_removed_with_the_tag(source):
    html = render_markdown(source)

    assert "alert(1)" not in html
    assert "p{}" not in html


def test_url_scheme_helper_sees_through_obfuscation():
    # The XSS test leans on this helper; it must flag what a browser would run.
    assert url_scheme("jav\tascript:alert(1)") == "javascript"
    assert url_scheme(" \x0eJaVaScRiPt:alert(1)") == "javascript"
    assert url_scheme("/freelancers/fran/") == ""


# Reading time


def words(count):
    return " ".join(["word"] * count)


def test_short_text_takes_one_minute():
    assert reading_minutes("A short note.") == 1


def test_empty_text_still_takes_one_minute():
    assert reading_minutes("") == 1


@pytest.mark.parametrize(
    ("word_count", "minutes"),
    [(220, 1), (221, 2), (440, 2), (441, 3), (600, 3)],
)
def test_reading_time_rounds_up_to_the_next_whole_minute(word_count, minutes):
    assert reading_minutes(words(word_count)) == minutes


def test_reading_time_uses_the_given_reading_speed():
    assert reading_minutes(words(600), words_per_minute=100) == 6


def test_markdown_punctuation_is_not_counted_as_words():
    source = "# Title\n\n- one\n- two\n\n---\n\n> *three*"

    assert reading_minutes(source, words_per_minute=4) == 1
    assert reading_minutes(source, words_per_minute=3) == 2
