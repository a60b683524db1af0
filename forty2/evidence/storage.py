"""Evidence files: checking an upload and keeping its bytes (ISO/IEC 42001 7.5.3 control of documented
information: protected from loss, improper use and loss of integrity; OWASP ASVS 5.0 V5 file handling).

* one size limit, ``FORTY2_MAX_UPLOAD_BYTES`` (default 25 MB), the same on the page, the API and in the request
  size limit of the upload URLs (``forty2.core.middleware.RequestLimits``);
* type allowlist by content sniffing (:func:`classify`), never by the file name; the name's extension must then
  agree with the sniffed type (:data:`ALLOWED`), and a program's extension is refused (``report.pdf.exe``);
* active content refused: HTML or script anywhere in text, CSV, Markdown or JSON; HTML at the start of a PDF or
  an image (a polyglot a browser could render); macros or ActiveX in Office files; an OpenDocument ``mimetype``
  entry naming another type; an archive that is both OOXML and OpenDocument;
* zip archives (Office, OpenDocument) are inspected with bounded reads only: entry count, declared sizes and
  compression ratio are checked before anything is decompressed, and at most a few kilobytes are inflated, so a
  zip bomb costs nothing; a damaged archive is refused with a message, never a 500;
* file names with path tricks refused (:func:`check_name`);
* content-addressed storage through forty2/files (``files.services.store``: SHA-256 per organisation, Django's
  storage API, file system or S3), so identical content is stored once per organisation;
* safe download headers (:func:`download_headers`): attachment under a sanitized name whose extension matches the
  stored type, ``nosniff``, a sandboxing CSP.
"""

import hashlib
import io
import json
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings

from forty2.core.errors import InvalidInput, field_error

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
CHUNK = 1024 * 1024

TEXT_EXTENSIONS = {".txt", ".csv", ".md", ".log"}
#: what may be uploaded, by sniffed content: type -> (label, extensions the file name may end in); the first
#: extension listed is the one a download gets when the stored name does not fit its type
ALLOWED = {
    "application/pdf": ("PDF", (".pdf",)),
    "image/png": ("PNG image", (".png",)),
    "image/jpeg": ("JPEG image", (".jpg", ".jpeg")),
    "image/gif": ("GIF image", (".gif",)),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("Word document", (".docx",)),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("Excel workbook", (".xlsx",)),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ("PowerPoint", (".pptx",)),
    "application/vnd.oasis.opendocument.text": ("OpenDocument text", (".odt",)),
    "application/vnd.oasis.opendocument.spreadsheet": ("OpenDocument spreadsheet", (".ods",)),
    "application/json": ("JSON", (".json",)),
    "text/plain": ("plain text, CSV or Markdown", (".txt", ".csv", ".md", ".log")),
}
ALLOWED_TEXT = "PDF, PNG, JPEG, GIF, Word, Excel, PowerPoint, OpenDocument, JSON, plain text, CSV or Markdown"
OOXML = {"word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}
ODF = {mime for mime in ALLOWED if mime.startswith("application/vnd.oasis.opendocument.")}
#: text that a browser could run or render as a page: refused anywhere in text, CSV, Markdown and JSON (a tag
#: starts with ``<`` and its name at once: ``x < a`` is prose, not markup)
ACTIVE_MARKUP = re.compile(rb"<(!doctype|html|head|body|script|svg|iframe|object|embed|xml|\?xml|meta|a\s|img\s"
                           rb"|div|style|link|form)", re.IGNORECASE)
#: HTML a browser's sniffer finds at the start of a file: refused in the first bytes of a PDF or an image
HTML_START = re.compile(rb"<(!doctype|html|head|body|script|iframe|svg|object|embed)", re.IGNORECASE)
HTML_START_BYTES = 1024
#: final extensions that run or render when opened: refused whatever the content (``report.pdf.exe``)
EXECUTABLE = {"exe", "com", "bat", "cmd", "scr", "pif", "msi", "msp", "msc", "dll", "sys", "cpl", "lnk", "inf",
              "reg", "hta", "js", "jse", "mjs", "vbs", "vbe", "wsf", "wsh", "ps1", "psm1", "psd1", "sh", "bash",
              "zsh", "csh", "ksh", "command", "app", "jar", "apk", "appx", "msix", "deb", "rpm", "dmg", "pkg",
              "html", "htm", "xhtml", "shtml", "mht", "mhtml", "svg", "svgz", "xml", "xsl", "php", "phtml", "asp",
              "aspx", "jsp", "cgi", "pl", "py", "pyc", "rb", "docm", "dotm", "xlsm", "xltm", "xlam", "pptm",
              "potm", "ppam", "ppsm", "sldm", "iso", "img", "vhd", "vhdx", "url", "scf", "settingcontent-ms"}
RESERVED_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}

#: zip archives (Office, OpenDocument): limits checked on the central directory before anything is inflated
ZIP_MAX_ENTRIES = 10_000
ZIP_MAX_ENTRY_BYTES = 200 * 1024 * 1024  # declared uncompressed size of one entry
ZIP_MAX_TOTAL_BYTES = 500 * 1024 * 1024  # declared uncompressed size of all entries together
ZIP_MAX_RATIO = 200  # uncompressed / compressed, for entries over ZIP_RATIO_FLOOR
ZIP_RATIO_FLOOR = 1024 * 1024
ZIP_READ_MIMETYPE = 256  # bytes inflated at most from ``mimetype``
ZIP_READ_CONTENT_TYPES = 256 * 1024  # bytes inflated at most from ``[Content_Types].xml``
ZIP_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError, NotImplementedError,
               KeyError, UnicodeDecodeError)


class Refused(Exception):
    """What is wrong with the content, in words for the person uploading it; ``code`` is the API error type."""

    def __init__(self, message: str, code: str = "file_type"):
        super().__init__(message)
        self.message, self.code = message, code


def max_bytes() -> int:
    """The one upload limit (``FORTY2_MAX_UPLOAD_BYTES``), enforced here for the page, the API and the CLI."""
    return int(getattr(settings, "FORTY2_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES))


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def upload_limit_text() -> str:
    """The upload limit in words, for help texts and API descriptions."""
    return _mb(max_bytes())


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


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """At most ``cap`` inflated bytes of one entry; a larger entry (declared or real) is refused."""
    if info.file_size > cap:
        raise Refused(f"is damaged or hostile: its '{info.filename}' entry is {info.file_size} bytes "
                      f"(at most {cap} expected).", "file_damaged")
    with archive.open(info) as entry:
        data = entry.read(cap + 1)
    if len(data) > cap:
        raise Refused(f"is damaged or hostile: its '{info.filename}' entry is larger than it says.", "file_damaged")
    return data


def _check_zip_sizes(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb from its central directory alone: entry count, declared sizes, compression ratio."""
    if len(infos) > ZIP_MAX_ENTRIES:
        raise Refused(f"is an archive of {len(infos)} files; at most {ZIP_MAX_ENTRIES} are accepted.", "zip_bomb")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise Refused("is password-protected (encrypted); upload it without a password.", "file_encrypted")
        if info.file_size > ZIP_MAX_ENTRY_BYTES:
            raise Refused(f"expands to more than {_mb(ZIP_MAX_ENTRY_BYTES)} ('{info.filename[:80]}'); it looks "
                          "like a zip bomb and is refused.", "zip_bomb")
        if info.file_size > ZIP_RATIO_FLOOR and info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1):
            raise Refused(f"compresses more than {ZIP_MAX_RATIO} to 1 ('{info.filename[:80]}'); it looks like a "
                          "zip bomb and is refused.", "zip_bomb")
        total += info.file_size
    if total > ZIP_MAX_TOTAL_BYTES:
        raise Refused(f"expands to more than {_mb(ZIP_MAX_TOTAL_BYTES)} in total; it looks like a zip bomb and is "
                      "refused.", "zip_bomb")


def _zip_type(data: bytes) -> str | None:
    """The Office or OpenDocument type of a zip archive, read with bounded effort (sizes and ratio first, then at
    most a few kilobytes inflated); None for any other archive."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_zip_sizes(infos)
            by_name = {info.filename: info for info in infos}
            lower = [name.lower() for name in by_name]
            if "mimetype" in by_name:
                if "[Content_Types].xml" in by_name:
                    raise Refused("is both an Office (OOXML) and an OpenDocument archive; such a file is refused.",
                                  "file_mismatch")
                mime = _read_entry(archive, by_name["mimetype"], ZIP_READ_MIMETYPE).decode("ascii").strip()
                if mime not in ODF:
                    raise Refused(f"is a zip archive whose 'mimetype' entry says {mime[:80]!r}; only OpenDocument "
                                  "text and spreadsheets are accepted as archives.", "file_mismatch")
                if any(n.startswith(("basic/", "scripts/")) for n in lower):
                    raise Refused("contains macros (Basic or scripts); save it without macros and upload again.",
                                  "file_macros")
                return mime
            if "[Content_Types].xml" in by_name:
                types = _read_entry(archive, by_name["[Content_Types].xml"], ZIP_READ_CONTENT_TYPES).lower()
                if (any(n.endswith(("vbaproject.bin", "vbadata.xml")) or "/activex/" in n for n in lower)
                        or b"macroenabled" in types or b"vbaproject" in types):
                    raise Refused("contains macros or ActiveX controls; save it as a macro-free document "
                                  "(.docx, .xlsx, .pptx) and upload again.", "file_macros")
                found = {mime for prefix, mime in OOXML.items() if any(n.startswith(prefix) for n in by_name)}
                if len(found) == 1:
                    return found.pop()
                if found:
                    raise Refused("mixes the parts of several Office document types; such a file is refused.",
                                  "file_mismatch")
    except Refused:
        raise
    except ZIP_DAMAGED:
        raise Refused("starts like a zip archive (an Office or OpenDocument file) but is damaged and cannot be "
                      "read; save it again and upload the new copy.", "file_damaged") from None
    return None


def classify(data: bytes) -> str | None:
    """The allowed content type of ``data`` judged by its bytes, None when it is not an allowed type; raises
    :class:`Refused` for content that is hostile or damaged (a zip bomb, macros, a polyglot, markup in text).

    Text must be UTF-8 without NUL bytes and without markup a browser would render (HTML, SVG, XML, script)
    anywhere in it."""
    head = data[:16]
    binary = None
    if head.startswith(b"%PDF-"):
        binary = "application/pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        binary = "image/png"
    elif head.startswith(b"\xff\xd8\xff"):
        binary = "image/jpeg"
    elif head.startswith((b"GIF87a", b"GIF89a")):
        binary = "image/gif"
    if binary:
        if HTML_START.search(data[:HTML_START_BYTES]):
            raise Refused(f"is a {ALLOWED[binary][0]} that also holds a web page (HTML) at its start; a browser "
                          "could run it, so it is refused.", "file_polyglot")
        return binary
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    found = ACTIVE_MARKUP.search(data)
    if found:
        line = data[:found.start()].count(b"\n") + 1
        markup = found.group(0)[:20].decode("utf-8", "replace")
        raise Refused(f"is not an allowed type: it contains web page markup or script ({markup!r} on "
                      f"line {line}); text, CSV, Markdown and JSON evidence may not hold HTML, SVG, XML or "
                      "script.", "file_active_content")
    if text.lstrip().startswith(("{", "[")):
        try:
            json.loads(text)
            return "application/json"
        except ValueError:
            pass
    return "text/plain"


def sniff(data: bytes) -> str | None:
    """The allowed content type of ``data``, or None when it is not allowed (hostile content included)."""
    try:
        return classify(data)
    except Refused:
        return None


def check_extension(name: str, mime: str, key: str = "file") -> str:
    """The type to store: the name's final extension must be one :data:`ALLOWED` lists for the sniffed type and
    never a program's; JSON named as text is kept as text."""
    stem, dot, ext = name.rpartition(".")
    ext = f".{ext.lower()}" if dot and stem else ""
    label, extensions = ALLOWED[mime]
    problem = None
    if not ext:
        problem = f"'{name}' has no extension; name it to end in {' or '.join(extensions)} ({label})."
    elif ext[1:] in EXECUTABLE:
        problem = (f"'{name}' ends in {ext}, a program, script or web page type; evidence files may not. Its "
                   f"content is a {label}: name it to end in {' or '.join(extensions)}.")
    elif mime == "application/json" and ext in TEXT_EXTENSIONS:
        return "text/plain"
    elif ext not in extensions:
        problem = (f"'{name}' ends in {ext} but its content is a {label}; the name must end in "
                   f"{' or '.join(extensions)}.")
    if problem:
        raise InvalidInput([field_error(key, problem, "file_extension")])
    return mime


@dataclass
class Checked:
    name: str
    data: bytes
    sha256: str
    size: int
    content_type: str


def check_upload(name: str, fileobj, key: str = "file") -> Checked:
    """Read and check an upload: name, size (read no further than the limit), content type, extension. Nothing
    is stored; every refusal is an InvalidInput naming ``key``."""
    name = check_name(name, key)
    limit = max_bytes()
    chunks, size = [], 0
    while True:
        chunk = fileobj.read(CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise InvalidInput([field_error(key, f"The file is larger than the limit of {_mb(limit)} "
                                                 "(FORTY2_MAX_UPLOAD_BYTES).", "too_large")])
        chunks.append(chunk)
    data = b"".join(chunks)
    if not data:
        raise InvalidInput([field_error(key, "The file is empty.", "empty")])
    try:
        mime = classify(data)
    except Refused as refused:
        raise InvalidInput([field_error(key, f"'{name}' {refused.message}", refused.code)]) from None
    if mime is None:
        raise InvalidInput([field_error(key, f"'{name}' is not an allowed type (judged by its content, not its "
                                             f"name). Allowed: {ALLOWED_TEXT}.", "file_type")])
    mime = check_extension(name, mime, key)
    return Checked(name, data, hashlib.sha256(data).hexdigest(), size, mime)


def download_name(name: str, content_type: str) -> str:
    """The name a download is saved under: no path, quote or control characters, and an extension that matches
    the stored type (a name kept from before the extension check, ``report.pdf.exe``, becomes
    ``report_pdf_exe.pdf``)."""
    clean = "".join("_" if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") or c in '/\\"<>:|?*;' else c
                    for c in unicodedata.normalize("NFC", name or "")).strip().lstrip(".~") or "evidence"
    extensions = ALLOWED.get(content_type, ("", (".bin",)))[1]
    stem, dot, ext = clean.rpartition(".")
    if not (dot and stem and f".{ext.lower()}" in extensions):
        clean = clean.replace(".", "_") + extensions[0]
    return clean[-200:] if len(clean) > 200 else clean


def download_headers(name: str, content_type: str) -> dict:
    """Headers that make a browser save the file, never render or run it (OWASP ASVS 5.0 V5.4): attachment under
    :func:`download_name`, the stored type (anything unknown as octet-stream), ``nosniff`` and a CSP sandbox."""
    if content_type.startswith("text/"):
        name, content_type = download_name(name, "text/plain"), "text/plain; charset=utf-8"
    elif content_type not in ALLOWED:
        name, content_type = download_name(name, ""), "application/octet-stream"
    else:
        name = download_name(name, content_type)
    ascii_name = re.sub(r'[^A-Za-z0-9._ -]', "_", name)[-150:] or "evidence"
    return {
        "Content-Type": content_type,
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Cache-Control": "private, no-store",
    }
