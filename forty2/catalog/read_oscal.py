"""Read an OSCAL catalog (JSON): groups and controls become requirement nodes.

A node's ref is its ``label`` property (the number as the source writes it), else its id. Forty2's own exports
carry kind and assessable as properties in the ``urn:forty2:oscal`` namespace; other catalogs get
"control_group" for groups and "control" (assessable) for controls. The ``guidance`` part is guidance; the
``statement`` part is the source's own text and is kept as the installation's official text. Numbered labels
inside a group the file marks as Annex A become ``A.<n>``. Places are reported as JSON paths
(``catalog.groups[2].controls[0]``).
"""

import re

from .models import Kind
from .plan import FrameworkPlan, NodePlan, Plan, annex_a_ref, is_annex_a_container

NS = "urn:forty2:oscal"
CATALOG_KEYS = {"uuid", "metadata", "params", "controls", "groups", "back-matter"}
GROUP_KEYS = {"id", "class", "title", "params", "props", "links", "parts", "groups", "controls"}
CONTROL_KEYS = {"id", "class", "title", "params", "props", "links", "parts", "controls"}
PART_KEYS = {"id", "name", "ns", "class", "title", "props", "prose", "parts", "links"}


def is_oscal(data) -> bool:
    return isinstance(data, dict) and isinstance(data.get("catalog"), dict)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", (text or "").lower()).strip("-.")[:60].strip("-.") or "imported"


def _props(obj) -> dict:
    """{name: value}, Forty2's namespace first, then un-namespaced OSCAL properties."""
    result = {}
    for prop in obj.get("props") or []:
        if isinstance(prop, dict) and "name" in prop and "value" in prop:
            if prop.get("ns") == NS or prop["name"] not in result:
                result[prop["name"]] = str(prop["value"])
    return result


def _prose(part) -> str:
    chunks = []
    if part.get("prose"):
        chunks.append(str(part["prose"]).strip())
    for child in part.get("parts") or []:
        if isinstance(child, dict):
            text = _prose(child)
            label = _props(child).get("label")
            if text:
                chunks.append(f"{label} {text}" if label else text)
    return "\n".join(c for c in chunks if c)


def _items(part) -> list[str]:
    return [str(p.get("prose", "")).strip() for p in part.get("parts") or [] if isinstance(p, dict)
            and str(p.get("prose", "")).strip()]


def read(data, name: str, plan: Plan, *, slug: str | None = None) -> None:
    report = plan.report
    catalog = data["catalog"]
    for key in sorted(set(data) - {"catalog", "$schema"}):
        report.error(name, f"unknown top-level field {key!r}")
    for key in sorted(set(catalog) - CATALOG_KEYS):
        report.error(f"{name} catalog", f"unknown field {key!r}")
    metadata = catalog.get("metadata")
    if not isinstance(metadata, dict) or not metadata.get("title"):
        report.error(f"{name} catalog.metadata", "metadata with a title is required")
        return
    meta = _props(metadata)
    fp = FrameworkPlan(
        slug=slug or meta.get("framework-slug") or slugify(metadata["title"]), name=str(metadata["title"]),
        version=str(metadata.get("version", "")), publisher=meta.get("publisher", ""),
        licence_note=meta.get("licence-note", "") or str(metadata.get("remarks", "")),
        short_name=meta.get("short-name", ""), urn=str(catalog.get("uuid", "")), where=f"{name} catalog")
    try:
        fp.data_version = max(1, int(meta.get("data-version", 1)))
    except ValueError:
        fp.data_version = 1
    ids: dict[str, str] = {}
    for key in ("groups", "controls"):
        items = catalog.get(key) or []
        if not isinstance(items, list):
            report.error(f"{name} catalog.{key}", "must be a list")
            continue
        for index, item in enumerate(items):
            _read_item(item, key == "groups", None, False, f"catalog.{key}[{index}]", name, fp, plan, ids)
    plan.frameworks.append(fp)


def _read_item(item, is_group, parent_ref, in_annex_a, path, name, fp, plan, ids):
    report, where = plan.report, f"{name} {path}"
    if not isinstance(item, dict):
        report.error(where, "must be an object")
        return
    for key in sorted(set(item) - (GROUP_KEYS if is_group else CONTROL_KEYS)):
        report.error(where, f"unknown field {key!r}")
    item_id = str(item.get("id", ""))
    if not is_group and not item_id:
        report.error(where, "control has no id")
    if item_id:
        if item_id in ids:
            report.error(where, f"duplicate id {item_id!r} (also at {ids[item_id]})")
        ids[item_id] = path
    title = str(item.get("title", "")).strip()
    props = _props(item)
    label = props.get("label") or item_id or title
    ref = annex_a_ref(label, in_annex_a)
    kind = props.get("kind") or item.get("class") or ""
    if kind not in Kind.values:
        kind = "control_group" if is_group else "control"
    assessable = props.get("assessable", "false" if is_group else "true").lower() == "true"
    guidance, statement, evidence, documents = "", None, [], []
    for part in item.get("parts") or []:
        if not isinstance(part, dict) or "name" not in part:
            report.error(where, "every part needs a name")
            continue
        for key in sorted(set(part) - PART_KEYS):
            report.error(where, f"part {part.get('name')}: unknown field {key!r}")
        if part["name"] == "guidance":
            guidance = _prose(part)
        elif part["name"] == "statement":
            statement = _prose(part)
        elif part["name"] == "typical-evidence":
            evidence = _items(part)
        elif part["name"] == "documented-information":
            documents = _items(part)
    fp.nodes.append(NodePlan(ref=ref, title=title or ref, kind=kind, parent=parent_ref, assessable=assessable,
                             guidance=guidance, typical_evidence=evidence, documented_information=documents,
                             urn=item_id, official_text=statement, where=where))
    inside = in_annex_a or (is_group and is_annex_a_container(label, title))
    for key in ("groups", "controls"):
        children = item.get(key) or []
        if not isinstance(children, list):
            report.error(where, f"{key} must be a list")
            continue
        for index, child in enumerate(children):
            _read_item(child, key == "groups", ref, inside, f"{path}.{key}[{index}]", name, fp, plan, ids)
