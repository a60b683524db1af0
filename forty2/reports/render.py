"""Three renderers of one :class:`~forty2.reports.kinds.Report` (ISO/IEC 42001 7.5.2: identification — the
organisation, title, version, approval with its content hash, date, page numbers, classification — on every
document): PDF through WeasyPrint from ``reports/pdf.html``, DOCX through python-docx (real headings and tables,
editable), XLSX through openpyxl (one sheet per table, frozen header, column widths)."""

import io
import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from forty2.core.spreadsheets import XLSX_CONTENT_TYPE, guard

from .kinds import Report

FORMATS = ("pdf", "docx", "xlsx")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": XLSX_CONTENT_TYPE,
}
#: what Debian needs for WeasyPrint (docs/operations.md, "PDF reports"); `make setup` installs them as root
PDF_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core"


class PdfUnavailable(Exception):
    """WeasyPrint or the system libraries it loads are missing: PDF cannot be made, DOCX and XLSX still can."""

    def __init__(self, cause: str = ""):
        super().__init__(
            "PDF reports need the system libraries Pango and HarfBuzz, which are not installed here"
            + (f" ({cause})" if cause else "") + f". On Debian or Ubuntu: apt-get install {PDF_PACKAGES} "
            "(or run `make setup` as root). DOCX and XLSX reports work without them.")


def classification() -> str:
    return getattr(settings, "REPORT_CLASSIFICATION", "Internal") or "Internal"


def _meta(report: Report) -> list[tuple[str, str]]:
    """The identification block, the same in every format."""
    out = [("Organisation", report.org.name), ("Report", report.title), ("Serves", f"ISO/IEC 42001 {report.serves}"),
           ("Version", report.version or "—")]
    a = report.approval
    if a is not None:
        out.append(("Approved by", f"{a.by} on {a.at:%Y-%m-%d %H:%M} UTC" if a.at else a.by))
        if a.content_hash:
            out.append(("Content hash (SHA-256)", a.content_hash))
        if a.note:
            out.append(("Approval note", a.note))
        if a.stale:
            out.append(("Approval", "The content changed since this approval; it no longer covers what is shown."))
    else:
        out.append(("Approved by", "Not approved"))
    out += [("Generated", f"{report.generated_at:%Y-%m-%d %H:%M} UTC"), ("Classification", classification())]
    return out


def _cell(value) -> str:
    return "" if value is None else str(value)


# --- PDF ----------------------------------------------------------------------------------------------------------

def _weasyprint():
    """The WeasyPrint module, or :class:`PdfUnavailable` (it loads Pango through ctypes on import: OSError)."""
    progress = logging.getLogger("weasyprint.progress")
    progress.setLevel(logging.WARNING)  # every layout step at INFO is not what an operator's log is for
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(str(exc).splitlines()[0][:200] if str(exc) else "") from None
    progress.setLevel(logging.WARNING)  # importing WeasyPrint sets it to INFO
    return weasyprint


def _heatmap(data: dict) -> list[list[dict]]:
    """Rows of the heat map, likelihood high to low: [{n, tone}] per consequence 1..size."""
    size = data["size"]
    rows = []
    for likelihood in range(size, 0, -1):
        cells = []
        for consequence in range(1, size + 1):
            score = likelihood * consequence
            tone = "low" if score <= 4 else "medium" if score <= 9 else "high" if score <= 16 else "critical"
            cells.append({"n": data["cells"].get((likelihood, consequence), 0), "tone": tone})
        rows.append({"likelihood": likelihood, "cells": cells})
    return rows


def css_string(text: str):
    """``text`` as a CSS string literal for the page margins (inside <style>, where HTML escaping does not apply):
    quotes, backslashes and ``<`` escaped, so an organisation's name cannot end the style sheet."""
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<>' or ord(c) < 32 else c for c in text)
    return mark_safe(f'"{escaped}"')  # nosec B308 B703 - every character that could end the string is escaped


def html(report: Report) -> str:
    sections = []
    for s in report.sections:
        extra = {}
        if s.chart == "heatmap":
            extra["heatmap"] = _heatmap(s.chart_data)
            extra["heatmap_title"] = s.chart_data["title"]
            extra["consequences"] = range(1, s.chart_data["size"] + 1)
        elif s.chart == "bars":
            extra["bars"] = [{"label": label, "pct": pct, "y": 4 + i * 16, "w": pct * 3.6}
                             for i, (label, pct) in enumerate(s.chart_data)]
            extra["bars_height"] = 8 + 16 * len(s.chart_data)
        if s.table is not None and len(s.table.widths) == len(s.table.columns):
            total = sum(s.table.widths)
            # fixed table layout from the declared widths: WeasyPrint then need not measure every cell
            extra["cols"] = [f"{100 * w / total:.2f}" for w in s.table.widths]
        # an e-mail address may wrap after its "@" (a zero-width space) rather than anywhere in a narrow column
        sections.append({"s": s, "rows": [[_cell(v).replace("@", "@\u200b") for v in row] for row in s.table.rows]
                         if s.table else [],
                         **extra})
    return render_to_string("reports/pdf.html", {"report": report, "meta": _meta(report), "sections": sections,
                                                 "classification": classification(),
        "css_top": css_string(f"{report.org.name} · {report.title}"), "css_class": css_string(classification()),
        "css_bottom": css_string(f"Generated {report.generated_at:%Y-%m-%d %H:%M} UTC · {classification()}")})


def to_pdf(report: Report) -> bytes:
    weasyprint = _weasyprint()
    return weasyprint.HTML(string=html(report)).write_pdf()


# --- DOCX ---------------------------------------------------------------------------------------------------------

def _field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the document out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for tag, attrs, text in (("w:fldChar", {"w:fldCharType": "begin"}, None),
                             ("w:instrText", {"xml:space": "preserve"}, code),
                             ("w:fldChar", {"w:fldCharType": "separate"}, None),
                             ("w:t", {}, "1"),
                             ("w:fldChar", {"w:fldCharType": "end"}, None)):
        element = OxmlElement(tag)
        for key, value in attrs.items():
            element.set(qn(key), value)
        if text is not None:
            element.text = text
        run._r.append(element)


def to_docx(report: Report) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    doc.styles["Normal"].font.size = Pt(9)
    header = section.header.paragraphs[0]
    header.text = f"{report.org.name} — {report.title} — {classification()}"
    footer = section.footer.paragraphs[0]
    footer.add_run(f"{classification()} · generated {report.generated_at:%Y-%m-%d} · Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")

    doc.add_heading(report.title, level=0)
    meta = doc.add_table(rows=0, cols=2)
    meta.style = "Table Grid"
    for label, value in _meta(report):
        cells = meta.add_row().cells
        cells[0].text, cells[1].text = label, value
    for s in report.sections:
        doc.add_heading(s.title, level=1)
        for text in s.paragraphs:
            doc.add_paragraph(text)
        if s.chart == "heatmap":
            grid = doc.add_table(rows=0, cols=s.chart_data["size"] + 1)
            grid.style = "Table Grid"
            for row in _heatmap(s.chart_data):
                cells = grid.add_row().cells
                cells[0].text = f"L{row['likelihood']}"
                for i, cell in enumerate(row["cells"], start=1):
                    cells[i].text = str(cell["n"] or "")
            cells = grid.add_row().cells
            for i in range(1, s.chart_data["size"] + 1):
                cells[i].text = f"C{i}"
            doc.add_paragraph(s.chart_data["title"] + ": risks per likelihood (L) and consequence (C).")
        if s.table is not None and s.table.rows:
            table = doc.add_table(rows=1, cols=len(s.table.columns))
            table.style = "Table Grid"
            for cell, name in zip(table.rows[0].cells, s.table.columns, strict=True):
                cell.text = name
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in s.table.rows:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = _cell(value)
        elif s.table is not None:
            doc.add_paragraph("None.")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- XLSX ---------------------------------------------------------------------------------------------------------

def _sheet_title(name: str, used: set) -> str:
    title = "".join("_" if c in '[]:*?/\\' else c for c in name)[:31]
    base, n = title, 2
    while title in used:
        title = f"{base[:28]} {n}"
        n += 1
    used.add(title)
    return title


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    about = wb.active
    about.title = "About"
    bold = Font(bold=True)
    for label, value in _meta(report):
        about.append([label, guard(value)])
    for row in about.iter_rows(min_col=1, max_col=1):
        row[0].font = bold
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 80
    used = {"About"}
    for table in report.tables:
        ws = wb.create_sheet(_sheet_title(table.name, used))
        ws.append(table.columns)
        for cell in ws[1]:
            cell.font = bold
        for row in table.rows:
            ws.append([guard(v) if isinstance(v, str) else v for v in row])
        ws.freeze_panes = "A2"
        for i, width in enumerate(table.widths or [], start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        if table.rows:
            ws.auto_filter.ref = ws.dimensions
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


RENDERERS = {"pdf": to_pdf, "docx": to_docx, "xlsx": to_xlsx}
