"""``forty2 catalog export --format oscal``: a framework as an OSCAL 1.2.3 catalog (JSON).

OSCAL ids are tokens that may not start with a digit, so ids are derived from refs with a prefix where needed
(clause ``4.1`` is ``cl-4-1``, ``A.6.2.4`` is ``a-6-2-4``, ``GOVERN 1.1`` is ``govern-1-1``); the ref as the
source writes it stays in the ``label`` property. Top-level containers become groups; a group holds either
groups or controls (never both), so a container with mixed children becomes a group of controls whose
non-assessable children nest their own controls. Guidance is a ``guidance`` part. Official text loaded with
``load-text`` is licensed to this installation only and is exported (as the ``statement`` part) only when the
caller asks for it explicitly.

Round trip: what OSCAL cannot hold natively (the framework's own URN, version, licence note and description,
each node's URN and whose words its guidance is) travels as properties in the ``urn:forty2:oscal`` namespace;
a value an OSCAL property cannot hold as is (several lines, surrounding spaces) is written JSON-encoded under
``<name>-json``. Re-importing an export therefore changes nothing. Withdrawn nodes carry OSCAL's
``status: withdrawn``.
"""

import datetime as dt
import json
import re
import uuid

from django.utils import timezone

from .models import Framework, Requirement
from .read_oscal import NS

OSCAL_VERSION = "1.2.3"
UUID_NAMESPACE = uuid.UUID("3b0c4a43-3c7e-5a0e-9d55-7c1b2a9d4242")
TOKEN = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")


def oscal_id(ref: str, kind: str) -> str:
    base = re.sub(r"[^A-Za-z0-9]+", "-", ref).strip("-").lower() or "node"
    if not base[0].isalpha():
        base = f"{'cl' if kind == 'clause' else 'n'}-{base}"
    return base


def _prop(name, value, ns=None):
    prop = {"name": name, "value": str(value)}
    if ns:
        prop["ns"] = ns
    return prop


def _line(text: str) -> str:
    return " ".join((text or "").split()) or "-"


def _fits_prop(value: str) -> bool:
    return bool(value) and value == value.strip() and "\n" not in value and "\r" not in value


def _own_prop(name: str, value: str) -> list[dict]:
    """[prop] holding ``value`` exactly (JSON-encoded under ``<name>-json`` when a plain prop cannot), or []."""
    if not value:
        return []
    if _fits_prop(value):
        return [_prop(name, value, NS)]
    return [_prop(f"{name}-json", json.dumps(value, ensure_ascii=False), NS)]


def _title(text: str) -> str:
    return text if _fits_prop(text) else _line(text)


class _Builder:
    def __init__(self, framework: Framework, include_official_text: bool):
        self.framework = framework
        self.include_official_text = include_official_text
        self.nodes = list(Requirement.objects.filter(framework=framework).order_by("position"))
        self.children: dict = {}
        for node in self.nodes:
            self.children.setdefault(node.parent_id, []).append(node)
        self.ids: dict[int, str] = {}
        used: set[str] = set()
        for node in self.nodes:
            candidate = oscal_id(node.ref, node.kind)
            unique, n = candidate, 2
            while unique in used:
                unique, n = f"{candidate}-{n}", n + 1
            used.add(unique)
            self.ids[node.pk] = unique

    def is_group(self, node) -> bool:
        return not node.assessable and bool(self.children.get(node.pk))

    def common(self, node) -> dict:
        props = [_prop("label", node.ref), _prop("assessable", str(node.assessable).lower(), NS)]
        if node.withdrawn:
            props.append(_prop("status", "withdrawn"))
        if _title(node.title) != node.title:
            props += _own_prop("title", node.title)
        props += _own_prop("urn", node.urn) + _own_prop("guidance-source", node.guidance_source)
        element = {"id": self.ids[node.pk], "class": node.kind, "title": _title(node.title), "props": props}
        parts = []
        if self.include_official_text and node.official_text.strip():
            parts.append({"id": f"{element['id']}_smt", "name": "statement", "prose": node.official_text.strip()})
            props += _own_prop("official-text-source", node.official_text_source)
            props.append(_prop("official-text-by", node.official_text_by, NS))
        if node.guidance.strip():
            parts.append({"id": f"{element['id']}_gdn", "name": "guidance", "prose": node.guidance.strip()})
        for name, items, suffix in (("typical-evidence", node.typical_evidence, "evd"),
                                    ("documented-information", node.documented_information, "doc")):
            if items:
                parts.append({"id": f"{element['id']}_{suffix}", "name": name, "ns": NS,
                              "parts": [{"id": f"{element['id']}_{suffix}.{i}", "name": "item", "ns": NS,
                                         "prose": item} for i, item in enumerate(items, start=1)]})
        if parts:
            element["parts"] = parts
        return element

    def group(self, node) -> dict:
        element = self.common(node)
        kids = self.children.get(node.pk, [])
        if all(self.is_group(k) for k in kids):
            element["groups"] = [self.group(k) for k in kids]
        else:
            element["controls"] = [self.control(k) for k in kids]
        return element

    def control(self, node) -> dict:
        element = self.common(node)
        kids = self.children.get(node.pk, [])
        if kids:
            element["controls"] = [self.control(k) for k in kids]
        return element

    def catalog(self) -> dict:
        fw = self.framework
        tops = self.children.get(None, [])
        metadata = {
            "title": _title(fw.name),
            "last-modified": (fw.updated_at or timezone.now()).astimezone(dt.UTC).strftime(
                "%Y-%m-%dT%H:%M:%SZ"),
            "version": fw.version if _fits_prop(fw.version) else "unspecified",
            "oscal-version": OSCAL_VERSION,
            "props": [_prop("framework-slug", fw.slug, NS), _prop("data-version", fw.data_version, NS)],
        }
        if metadata["version"] != fw.version:
            metadata["props"] += _own_prop("version", fw.version) or [_prop("version-empty", "true", NS)]
        if _title(fw.name) != fw.name:
            metadata["props"] += _own_prop("title", fw.name)
        for name, value in (("short-name", fw.short_name), ("publisher", fw.publisher),
                            ("licence-note", fw.licence_note), ("description", fw.description), ("urn", fw.urn)):
            metadata["props"] += _own_prop(name, value)
        remarks = ("Numbers and titles as published; guidance, typical evidence and documented information are "
                   "Forty2's own paraphrase." + ("" if self.include_official_text else
                                                  " Official requirement text is not included."))
        metadata["remarks"] = remarks
        catalog = {"uuid": str(uuid.uuid5(UUID_NAMESPACE, f"{fw.slug}/{fw.data_version}")), "metadata": metadata}
        groups = [self.group(n) for n in tops if self.is_group(n)]
        controls = [self.control(n) for n in tops if not self.is_group(n)]
        if controls:
            catalog["controls"] = controls
        if groups:
            catalog["groups"] = groups
        return {"catalog": catalog}


def export_catalog(framework: Framework, *, include_official_text: bool = False) -> dict:
    return _Builder(framework, include_official_text).catalog()
