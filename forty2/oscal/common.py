"""Pieces every OSCAL document of an organisation shares (ISO/IEC 42001 7.5.3: documented information handed to
others): stable UUIDs, metadata, the organisation as a party, roles, text that fits OSCAL's line and token types.

UUIDs are ``uuid5`` over :data:`NAMESPACE` and ``<organisation key>/<kind>/<pk>``; the organisation key is its
primary key and creation moment, so a renamed slug keeps every UUID and two installations' organisation 1 differ.
A record exported twice keeps its UUID. The document's own UUID is derived from the same key plus a hash of its
content: OSCAL asks for a new document UUID when the document changes, so the same data gives the same UUID and
changed data a new one. ``last-modified`` is the latest change among the records exported, not the export time.
"""

import datetime as dt
import hashlib
import json
import re
import uuid

from forty2.catalog.export_oscal import OSCAL_VERSION, oscal_id

#: Forty2's own OSCAL namespace for properties OSCAL does not define (the catalog's exporter uses the same)
NS = "urn:forty2:oscal"
#: fixed namespace of every UUID of an organisation's OSCAL documents (never change it: UUIDs would all move)
NAMESPACE = uuid.UUID("6f1c2b0e-42a0-5e7b-9a0c-0a1f42420001")
DOCUMENT_UUID_PLACEHOLDER = "00000000-0000-4000-8000-000000000000"
MODELS = ("catalog", "profile", "ssp", "assessment-results", "poam")
_TOKEN = re.compile(r"[^A-Za-z0-9._-]+")

__all__ = ["OSCAL_VERSION", "oscal_id"]


def org_key(org) -> str:
    return f"org-{org.pk}-{int(org.created_at.timestamp())}"


def record_uuid(org, kind: str, pk) -> str:
    """The stable UUID of one record of ``org`` (``kind`` names the record type: ``soa-entry``, ``finding`` …)."""
    return str(uuid.uuid5(NAMESPACE, f"{org_key(org)}/{kind}/{pk}"))


def document_uuid(org, model: str, document: dict) -> str:
    """The document's UUID: the same for the same content, a new one when the content changes."""
    body = json.dumps(document, sort_keys=True, ensure_ascii=False, default=str)
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return str(uuid.uuid5(NAMESPACE, f"{org_key(org)}/document/{model}/{digest}"))


def line(text, fallback: str = "-") -> str:
    """Text fit for an OSCAL markup-line (one line, no surrounding space)."""
    return " ".join(str(text or "").split()) or fallback


def short(text, limit: int = 200) -> str:
    """A title: one line, at most ``limit`` characters, cut at a word with an ellipsis."""
    text = line(text)
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"


def prose(text, fallback: str = "-") -> str:
    """Text fit for an OSCAL markup-multiline (never empty)."""
    text = str(text or "").strip()
    return text or fallback


def token(text: str) -> str:
    """An OSCAL token (NCName-like) from free text."""
    base = _TOKEN.sub("-", text).strip("-.").lower() or "x"
    return base if base[0].isalpha() or base[0] == "_" else f"x-{base}"


def prop(name: str, value, *, ns: str | None = NS) -> dict:
    out = {"name": name, "value": line(value)}
    if ns:
        out["ns"] = ns
    return out


def stamp(moment) -> str:
    """An OSCAL date-time with time zone (UTC, whole seconds)."""
    if isinstance(moment, dt.date) and not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time(0, 0), tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def latest(org, *moments) -> dt.datetime:
    """The latest of the given moments (``None`` ignored); the organisation's creation when there is none."""
    return max([m for m in moments if m is not None] or [org.created_at])


def requirement_id(ref: str, kind: str | None = None) -> str:
    """The catalog's OSCAL id of an ISO/IEC 42001 clause or control (``4.1`` → ``cl-4-1``, ``A.6.2.4`` →
    ``a-6-2-4``), as forty2/catalog/export_oscal.py writes it."""
    kind = kind or ("control" if ref.upper().startswith("A.") else "clause")
    return oscal_id(ref, kind)


class Parties:
    """The metadata's parties and roles, gathered while a document is built; the organisation is always a party."""

    def __init__(self, org):
        self.org = org
        self.org_uuid = record_uuid(org, "organization", org.pk)
        self.parties: dict[str, dict] = {self.org_uuid: {"uuid": self.org_uuid, "type": "organization",
                                                         "name": line(org.name)}}
        self.roles: dict[str, dict] = {}
        self.role("maintainer", "Maintainer", "Keeps this document: the organisation, through Forty2.")

    def role(self, role_id: str, title: str, description: str = "") -> str:
        if role_id not in self.roles:
            entry = {"id": role_id, "title": line(title)}
            if description:
                entry["description"] = prose(description)
            self.roles[role_id] = entry
        return role_id

    def person(self, kind: str, pk, name: str) -> str:
        """A person party (``kind`` ``person`` for people, ``user`` for members without a person record)."""
        key = record_uuid(self.org, kind, pk)
        self.parties.setdefault(key, {"uuid": key, "type": "person", "name": line(name)})
        return key

    def metadata(self, title: str, last_modified, version: str, *, remarks: str = "", props=()) -> dict:
        meta = {
            "title": line(title),
            "last-modified": stamp(last_modified),
            "version": line(version),
            "oscal-version": OSCAL_VERSION,
        }
        if props:
            meta["props"] = list(props)
        meta["roles"] = [self.roles[k] for k in sorted(self.roles)]
        meta["parties"] = [self.parties[k] for k in sorted(self.parties)]
        meta["responsible-parties"] = [{"role-id": "maintainer", "party-uuids": [self.org_uuid]}]
        if remarks:
            meta["remarks"] = remarks
        return meta


def finish(org, model: str, root: str, document: dict) -> dict:
    """Give the document its content-derived UUID (computed with a placeholder in its place)."""
    document["uuid"] = DOCUMENT_UUID_PLACEHOLDER
    document["uuid"] = document_uuid(org, model, document)
    return {root: document}
