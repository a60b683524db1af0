"""Markdown written in the browser never carries script into a page (ISO/IEC 42001 7.5.2; forty2/core/markdown.py)."""

from html.parser import HTMLParser

import pytest

from forty2.core.markdown import ATTRIBUTES, TAGS, render


class Elements(HTMLParser):
    """Every element and attribute the browser would build from the HTML (escaped text builds none)."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:text/html,<script>alert(1)</script>)",
    '<div onclick="alert(1)">x</div>',
    "[x](vbscript:msgbox)",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=https://evil.example></iframe>",
    '<p style="background:url(javascript:alert(1))">x</p>',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_nothing_executable_survives(text):
    parser = Elements()
    parser.feed(render(text))
    for tag, attrs in parser.found:
        assert tag in TAGS, (text, tag)
        assert set(attrs) <= ATTRIBUTES.get(tag, set()) | {"rel"}, (text, attrs)
        href = (attrs.get("href") or "").strip().lower()
        assert not href or href.startswith(("http://", "https://", "mailto:")), (text, href)


def test_ordinary_markdown_renders_with_safe_links_and_tables():
    html = render("# AI policy\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[site](https://example.org)")
    assert "<h1>AI policy</h1>" in html and "<li>one</li>" in html and "<td>1</td>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">site</a>' in html
