"""Markdown to safe HTML, for documents written in the browser (ISO/IEC 42001 7.5.2 creating documented
information; A.2.2 AI policy).

Two kept libraries, each doing one job: markdown-it-py renders CommonMark (plus tables and strikethrough) with raw
HTML switched off, and nh3 (the Rust ``ammonia`` sanitiser) then keeps only an allowlist of tags and attributes and
only http(s) and mailto links. Nothing a writer types can add a script, an event handler, a style, or a
``javascript:`` or ``data:`` URL to the page (tests/core/test_markdown.py).
"""

import nh3
from markdown_it import MarkdownIt

TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "s", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
SCHEMES = {"http", "https", "mailto"}

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"])


def render(text: str) -> str:
    """``text`` (Markdown) as sanitised HTML, ready to mark safe in a template."""
    html = _md.render(text or "")
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                     link_rel="noopener noreferrer nofollow", strip_comments=True)
