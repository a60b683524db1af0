"""Read and write tabular files (CSV and XLSX) for all-or-nothing imports and exports.

Generic on purpose: the AI system register uses it first (ISO/IEC 42001 4.1, A.4, A.6), later registers
(risks, controls, evidence lists) reuse it. Reading turns a file into rows of text cells, each with its
*spreadsheet row number* (the header is row 1, the first record row 2 -- what Excel or LibreOffice shows),
and refuses anything it cannot read with one message a person can act on. Writing guards against CSV and
formula injection (OWASP): a text cell that starts with ``= + - @`` (or a tab/CR) is written with a leading
``'``, and :func:`unguard` removes exactly that prefix again on import, so an export re-imports unchanged.
"""

import csv
import datetime as dt
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import NoReturn

from django.conf import settings

from .errors import InvalidInput

FORMATS = ("csv", "xlsx")
MAX_ROWS = 10_000
MAX_COLUMNS = 200
# XLSX zip-bomb limits (issue #14 finding 9), checked on the zip's directory before openpyxl inflates anything,
# sized from what an import can use: MAX_ROWS rows of a few dozen columns
MAX_UNZIPPED_BYTES = 40 * 1024 * 1024  # all parts together
MAX_SHEET_BYTES = 24 * 1024 * 1024  # one worksheet part (10,000 rows x 25 cells is about 9 MB of XML)
MAX_SHARED_STRINGS_BYTES = 8 * 1024 * 1024  # xl/sharedStrings.xml
MAX_SHARED_STRINGS = MAX_ROWS * 25  # strings in it (counted while inflating, at most the bytes above)
MAX_OTHER_PART_BYTES = 4 * 1024 * 1024  # styles, theme, workbook, relationships...
MAX_RATIO = 100  # inflated / compressed, for parts over 1 MB
MAX_PARTS = 1000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITERS = (",", ";", "\t")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_CONTENT_TYPE}


def problem(row: int | None, column: str | None, message: str) -> dict:
    """One entry of an import report: ``row`` is the spreadsheet row (header = 1), None for the whole file."""
    return {"row": row, "column": column, "message": message}


class ImportFailed(InvalidInput):
    """The file, or at least one row of it, is bad; nothing was saved.

    ``problems`` lists ``{"row", "column", "message"}``; ``errors`` carries the same in the API's
    ``{"loc": ["file", row, column], "msg", "type": "import_error"}`` shape, so the API answers 422.
    """

    def __init__(self, problems: list[dict]):
        self.problems = problems
        errors = []
        for p in problems:
            loc = ["file"] + [part for part in (p.get("row"), p.get("column")) if part is not None]
            errors.append({"loc": loc, "msg": p["message"], "type": "import_error"})
        super().__init__(errors)
        count = len(problems)
        self.message = (problems[0]["message"] if count == 1 and problems[0].get("row") is None
                        else f"{count} problem{'s' if count != 1 else ''} found; nothing was imported.")


def fail(message: str, row: int | None = None, column: str | None = None) -> NoReturn:
    raise ImportFailed([problem(row, column, message)])


@dataclass
class Table:
    """A file's first sheet as text: ``header`` cells and ``rows`` of (row number, cells)."""

    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def format_of(filename_or_format: str) -> str:
    """``csv`` or ``xlsx`` from a format name or a file name; anything else is refused."""
    value = (filename_or_format or "").strip().lower()
    if value in FORMATS:
        return value
    suffix = value.rsplit(".", 1)[-1] if "." in value else ""
    if suffix in FORMATS:
        return suffix
    if suffix in ("xls", "ods", "numbers"):
        fail(f"'.{suffix}' files cannot be imported; save the sheet as .xlsx or as CSV UTF-8 (.csv).")
    fail("Upload a .csv or .xlsx file.")


def read_bytes(fileobj, limit: int | None = None) -> bytes:
    """The whole upload, refusing it when larger than ``FORTY2_MAX_IMPORT_BYTES``."""
    limit = limit or settings.FORTY2_MAX_IMPORT_BYTES
    data = fileobj.read(limit + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > limit:
        fail(f"The file is larger than {limit // (1024 * 1024)} MB; split it into smaller files.")
    return data


def read_table(data: bytes, fmt: str) -> Table:
    if not data.strip():
        fail("The file is empty.")
    table = read_xlsx(data) if fmt == "xlsx" else read_csv(data)
    if len(table.rows) > MAX_ROWS:
        fail(f"The file has {len(table.rows)} rows; at most {MAX_ROWS} can be imported at once. Split it.")
    return table


# --- CSV ------------------------------------------------------------------------------------------

def decode_csv(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        fail("The file is UTF-16 text; save it as 'CSV UTF-8 (comma delimited)' and try again.")
    if data.startswith(b"PK\x03\x04"):
        fail("This is a zip archive (an .xlsx workbook?), not CSV text; upload it with the .xlsx extension.")
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data[:nul].count(b"\n") + 1
        fail(f"The file contains a NUL byte at offset {nul} (line {line}); it is not a CSV text file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        fail(f"The file is not UTF-8 text: byte 0x{data[exc.start]:02X} at offset {exc.start} (line {line}) "
             "cannot be read. Save it as 'CSV UTF-8' (not 'CSV' in a legacy encoding) and try again.")


def sniff_delimiter(text: str) -> str:
    """The header row names columns without , ; or tabs, so the most frequent one there separates them."""
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in CSV_DELIMITERS}
    best = max(CSV_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(data: bytes) -> Table:
    text = decode_csv(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text), strict=True)
    records = []
    try:
        for record in reader:
            records.append(record)
            if len(records) > MAX_ROWS + 1:
                fail(f"The file has more than {MAX_ROWS} rows; at most {MAX_ROWS} can be imported at once.")
    except csv.Error as exc:
        fail(f"Malformed CSV at line {reader.line_num}: {exc}. Check the quotes around that line.",
             row=len(records) + 1)
    if not records:
        fail("The file is empty.")
    header, rows = records[0], records[1:]
    if len(header) > MAX_COLUMNS:
        fail(f"The header has {len(header)} columns; at most {MAX_COLUMNS} are read.", row=1)
    return Table(header=[h.strip() for h in header],
                 rows=[(number, cells) for number, cells in enumerate(rows, start=2)])


# --- XLSX -----------------------------------------------------------------------------------------

def cell_text(value) -> str:
    """A spreadsheet cell as text: numbers without a spurious ``.0``, dates as ISO 8601, booleans true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _part_limit(name: str) -> tuple[int, str]:
    if name == "xl/sharedStrings.xml":
        return MAX_SHARED_STRINGS_BYTES, "shared strings"
    if name.startswith("xl/worksheets/") and name.endswith(".xml"):
        return MAX_SHEET_BYTES, "sheet"
    return MAX_OTHER_PART_BYTES, "part"


_SHARED_STRING = re.compile(rb"<(?:\w+:)?si[\s/>]")


def _count_shared_strings(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """Strings in the shared-strings part, counted while inflating it in chunks (its size is already bounded)."""
    count, tail = 0, b""
    with archive.open(info) as part:
        while chunk := part.read(1024 * 1024):
            buffer = tail + chunk
            count += sum(1 for m in _SHARED_STRING.finditer(buffer) if m.end() > len(tail))
            if count > MAX_SHARED_STRINGS:
                break
            tail = buffer[-40:]
    return count


def _check_zip(data: bytes) -> None:
    """Refuse an XLSX zip bomb quickly: part count, each part's declared size (shared strings, sheets, the rest),
    the total and the compression ratio from the zip's directory, then the number of shared strings."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        fail("This is an Excel 97-2003 (.xls) workbook; save it as .xlsx and try again.")
    if not data.startswith(b"PK"):
        fail("The file is not an XLSX workbook (it is not a zip archive). Save the sheet as .xlsx, "
             "or upload CSV with the .csv extension.")
    too_big = None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            expanded = sum(info.file_size for info in infos)
            for info in infos:
                limit, what = _part_limit(info.filename)
                if info.file_size > limit:
                    too_big = (f"The workbook's {what} '{info.filename[:80]}' expands to "
                               f"{info.file_size / 2**20:.0f} MB; at most {limit // 2**20} MB can be imported. "
                               "Remove unused sheets, rows and formatting, or import CSV.")
                elif info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    too_big = (f"The workbook's {what} '{info.filename[:80]}' compresses more than {MAX_RATIO} to "
                               "1; it looks like a zip bomb and cannot be imported.")
                if too_big:
                    break
            if too_big is None and len(infos) > MAX_PARTS:
                too_big = f"The workbook has {len(infos)} parts; at most {MAX_PARTS} can be imported."
            if too_big is None and expanded > MAX_UNZIPPED_BYTES:
                too_big = (f"The workbook expands to more than {MAX_UNZIPPED_BYTES // 2**20} MB; it cannot be "
                           "imported.")
            if too_big is None and "xl/sharedStrings.xml" in names:
                count = _count_shared_strings(archive, archive.getinfo("xl/sharedStrings.xml"))
                if count > MAX_SHARED_STRINGS:
                    too_big = (f"The workbook holds more than {MAX_SHARED_STRINGS:,} different texts (shared "
                               f"strings); an import reads at most {MAX_ROWS:,} rows. Remove unused sheets or "
                               "import CSV.")
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError, NotImplementedError, zlib.error):
        fail("The XLSX workbook is damaged (the zip archive cannot be read). Save it again and retry.")
    if too_big:
        fail(too_big)
    if "[Content_Types].xml" not in names:
        fail("The zip archive is not an XLSX workbook. Save the sheet as .xlsx and try again.")


def read_xlsx(data: bytes) -> Table:
    """The first sheet; formula cells give the value last calculated by the spreadsheet program."""
    import openpyxl

    _check_zip(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for damaged parts
        fail("The XLSX workbook cannot be opened (damaged, password-protected or not a workbook).")
    rows = []
    try:
        if not workbook.worksheets:
            fail("The workbook has no sheet.")
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            rows.append([cell_text(v) for v in values])
            if len(rows) > MAX_ROWS + 1:
                fail(f"The sheet has more than {MAX_ROWS} rows; at most {MAX_ROWS} can be imported at once.")
    except ImportFailed:
        raise
    except Exception:
        fail(f"The XLSX workbook is damaged near row {len(rows) + 1} of its first sheet.")
    finally:
        workbook.close()
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        fail("The first sheet of the workbook is empty.")
    header = rows[0]
    while header and not header[-1].strip():
        header = header[:-1]
    return Table(header=[h.strip() for h in header],
                 rows=[(number, cells) for number, cells in enumerate(rows[1:], start=2)])


# --- writing --------------------------------------------------------------------------------------

def _needs_guard(value: str) -> bool:
    """A formula character first, after any number of ``'``: text that already starts with ``'=`` is guarded too,
    so that :func:`unguard` gives back exactly what was written (an export read back changes nothing)."""
    return value.lstrip("'").startswith(FORMULA_STARTS)


def guard(value: str) -> str:
    """Neutralise text a spreadsheet program would run as a formula (CSV injection)."""
    return "'" + value if _needs_guard(value) else value


def unguard(value: str) -> str:
    """Undo :func:`guard`: drop the ``'`` it put before a formula character (or before ``'…=``)."""
    if value.startswith("'") and _needs_guard(value):
        return value[1:]
    return value


def write_csv(header: list[str], rows: list[list[str]], *, bom: bool = True) -> bytes:
    """RFC 4180 CSV in UTF-8; with a byte-order mark by default so Excel reads the accents right."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([guard(str(v)) for v in row])
    return (buffer.getvalue()).encode("utf-8-sig" if bom else "utf-8")


def write_xlsx(header: list[str], rows: list[list[str]], *, title: str = "Sheet1") -> bytes:
    """One sheet: bold frozen header with an autofilter, column widths fitted to the content."""
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in header]
    for row in rows:
        values = [guard(ILLEGAL_CHARACTERS_RE.sub("", str(v))) for v in row]  # strip first, then guard
        sheet.append(values)
        for i, value in enumerate(values):
            longest = max((len(line) for line in value.split("\n")), default=0)
            widths[i] = max(widths[i], longest)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 10), 60)
    sheet.freeze_panes = "A2"
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
