"""Evidence files: checking an upload and keeping its bytes (ISO/IEC 42001 7.5.3 control of documented
information: protected from loss, improper use and loss of integrity).

* size limit: ``FORTY2_MAX_EVIDENCE_BYTES`` (default 25 MB);
* type allowlist by content sniffing (:func:`sniff`), never by the file name;
* file names with path tricks refused (:func:`check_name`);
* content-addressed storage through forty2/files (``files.services.store``: SHA-256 per organisation, Django's
  storage API, file system or S3), so identical content is stored once per organisation;
* safe download headers (:func:`download_headers`): attachment, ``nosniff``, a sandboxing CSP.
"""

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings

from forty2.core.errors import InvalidInput, field_error

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
CHUNK = 1024 * 1024

#: what may be uploaded, by sniffed content: type -> (label, extensions the download name may keep)
ALLOWED = {
    "application/pdf": ("PDF", {".pdf"}),
    "image/png": ("PNG image", {".png"}),
    "image/jpeg": ("JPEG image", {".jpg", ".jpeg"}),
    "image/gif": ("GIF image", {".gif"}),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("Word document", {".docx"}),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("Excel workbook", {".xlsx"}),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ("PowerPoint", {".pptx"}),
    "application/vnd.oasis.opendocument.text": ("OpenDocument text", {".odt"}),
    "application/vnd.oasis.opendocument.spreadsheet": ("OpenDocument spreadsheet", {".ods"}),
    "application/json": ("JSON", {".json"}),
    "text/plain": ("plain text, CSV or Markdown", {".txt", ".csv", ".md", ".log"}),
}
ALLOWED_TEXT = "PDF, PNG, JPEG, GIF, Word, Excel, PowerPoint, OpenDocument, JSON, plain text, CSV or Markdown"
OOXML = {"word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}
#: text that a browser could run or render as a page: refused even as "plain text"
ACTIVE_MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|script|svg|iframe|object|embed|xml|\?xml|meta|a\s|img\s"
                           rb"|div|style|link|form)", re.IGNORECASE)
RESERVED_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def max_bytes() -> int:
    return int(getattr(settings, "FORTY2_MAX_EVIDENCE_BYTES", DEFAULT_MAX_BYTES))


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def check_name(name: str, key: str = "file") -> str:
    """The file name as given, refused when it tries to leave its folder or hide what it is: path separators,
    '..', control characters, a leading dot, a drive letter, a reserved device name, more than 255 characters."""
    problem = None
    if not name or not name.strip():
        problem = "The file has no name."
    elif len(name) > 255:
        problem = f"The file name is too long ({len(name)} characters; at most 255)."
    elif "/" in name or "\\" in name:
        problem = "The file name may not contain '/' or '\\' (no folders or paths)."
    elif ".." in name:
        problem = "The file name may not contain '..'."
    elif any(unicodedata.category(c) in ("Cc", "Cf") for c in name):
        problem = "The file name may not contain control or invisible formatting characters."
    elif name.startswith(".") or name.startswith("~"):
        problem = "The file name may not start with '.' or '~'."
    elif re.match(r"^[A-Za-z]:", name):
        problem = "The file name may not start with a drive letter."
    elif name.split(".")[0].strip().lower() in RESERVED_NAMES:
        problem = "The file name is a reserved device name."
    if problem:
        raise InvalidInput([field_error(key, problem, "file_name")])
    return unicodedata.normalize("NFC", name.strip())


def _zip_type(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
            if "mimetype" in names:
                mime = z.read("mimetype").decode("ascii", "replace").strip()
                return mime if mime in ALLOWED else None
            if "[Content_Types].xml" in names:
                for prefix, mime in OOXML.items():
                    if any(n.startswith(prefix) for n in names):
                        return mime
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        return None
    return None


def sniff(data: bytes) -> str | None:
    """The allowed content type of ``data`` judged by its bytes, or None when it is not an allowed type.

    Text must be UTF-8 without NUL bytes and without markup a browser would render (HTML, SVG, XML, script)."""
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if ACTIVE_MARKUP.search(data[:65536]) or ACTIVE_MARKUP.search(data[-65536:]):
        return None
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        import json

        try:
            json.loads(text)
            return "application/json"
        except ValueError:
            pass
    return "text/plain"


@dataclass
class Checked:
    name: str
    data: bytes
    sha256: str
    size: int
    content_type: str


def check_upload(name: str, fileobj, key: str = "file") -> Checked:
    """Read and check an upload: name, size (read no further than the limit), content type. Nothing is
    stored; every refusal is an InvalidInput naming ``key``."""
    name = check_name(name, key)
    limit = max_bytes()
    chunks, size = [], 0
    while True:
        chunk = fileobj.read(CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise InvalidInput([field_error(key, f"The file is larger than the limit of {_mb(limit)}.",
                                            "too_large")])
        chunks.append(chunk)
    data = b"".join(chunks)
    if not data:
        raise InvalidInput([field_error(key, "The file is empty.", "empty")])
    mime = sniff(data)
    if mime is None:
        raise InvalidInput([field_error(key, f"'{name}' is not an allowed type (judged by its content, not its "
                                             f"name). Allowed: {ALLOWED_TEXT}.", "file_type")])
    return Checked(name, data, hashlib.sha256(data).hexdigest(), size, mime)


def download_headers(name: str, content_type: str) -> dict:
    """Headers that make a browser save the file, never render or run it."""
    if content_type not in ALLOWED or content_type.startswith("text/"):
        content_type = "text/plain; charset=utf-8" if content_type.startswith("text/") else \
            "application/octet-stream"
    ascii_name = re.sub(r'[^A-Za-z0-9._ -]', "_", name)[:150] or "evidence"
    return {
        "Content-Type": content_type,
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-store",
    }
