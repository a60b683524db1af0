"""Markdown to safe HTML, for documents written in the browser (ISO/IEC 42001 7.5.2 creating documented
information; A.2.2 AI policy).

Two kept libraries, each doing one job: cmarkgfm (GitHub's C implementation of CommonMark with tables and
strikethrough; a 200-page policy in about 30 ms) renders with raw HTML and unsafe links left out, and nh3 (the Rust
``ammonia`` sanitiser) then keeps only an allowlist of tags and attributes and only http(s) and mailto links.
Nothing a writer types can add a script, an event handler, a style, or a ``javascript:`` or ``data:`` URL to the
page (tests/core/test_markdown.py).
"""

import cmarkgfm
import nh3

TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "s", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
SCHEMES = {"http", "https", "mailto"}


def render(text: str) -> str:
    """``text`` (Markdown) as sanitised HTML, ready to mark safe in a template."""
    html = cmarkgfm.github_flavored_markdown_to_html(text or "")  # raw HTML omitted: not CMARK_OPT_UNSAFE
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                     link_rel="noopener noreferrer nofollow", strip_comments=True)
