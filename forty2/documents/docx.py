"""A document version as an editable Word file (ISO/IEC 42001 7.5.2 format; 7.5.3 identification): the
Markdown's headings, paragraphs, lists, tables and emphasis through python-docx, under a header block naming the
organisation, reference, version, state, approval and the content's SHA-256."""

import io

from docx import Document as Docx
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def _runs(paragraph, inline) -> None:
    """Inline tokens (text, strong, em, code, links) as runs of ``paragraph``."""
    bold = italic = False
    for child in inline.children or []:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type in ("text", "code_inline"):
            run = paragraph.add_run(child.content)
            run.bold, run.italic = bold, italic
        elif child.type in ("softbreak", "hardbreak"):
            paragraph.add_run(" ")


def _table(doc, tokens, i) -> int:
    """Add the table starting at ``tokens[i]``; return the index after it."""
    rows, row = [], None
    while tokens[i].type != "table_close":
        t = tokens[i]
        if t.type == "tr_open":
            row = []
        elif t.type == "inline":
            row.append(t.content)
        elif t.type == "tr_close":
            rows.append(row)
        i += 1
    if rows:
        table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        table.style = "Table Grid"
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                table.cell(r, c).text = text
    return i + 1


def render(version, organization_name: str) -> bytes:
    """The version's Markdown as DOCX bytes."""
    document = version.document
    doc = Docx()
    doc.core_properties.title = f"{document.reference} {document.title}"
    doc.add_heading(document.title, level=0)
    approval = (f"approved by {version.approved_by} on {version.approved_at:%Y-%m-%d}" if version.approved_at
                else f"{version.get_state_display().lower()}, not approved")
    for line in (f"{organization_name} · {document.reference} · version {version.number} ({approval})",
                 f"Classification: {document.get_classification_display()}",
                 f"SHA-256 of the content: {version.sha256 or 'recorded when sent for review'}"):
        doc.add_paragraph(line).runs[0].italic = True
    tokens = _md.parse(version.body or "")
    i, lists = 0, []
    while i < len(tokens):
        t = tokens[i]
        if t.type == "heading_open":
            heading = doc.add_heading("", level=min(int(t.tag[1]), 4))
            _runs(heading, tokens[i + 1])
            i += 3
            continue
        if t.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("List Bullet" if t.type == "bullet_list_open" else "List Number")
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif t.type == "table_open":
            i = _table(doc, tokens, i)
            continue
        elif t.type == "inline":
            style = lists[-1] if lists else None
            _runs(doc.add_paragraph(style=style), t)
        elif t.type in ("fence", "code_block"):
            doc.add_paragraph(t.content.rstrip("\n"), style="No Spacing")
        i += 1
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
