"""Read an OSCAL catalog (JSON or YAML): groups and controls become requirement nodes.

A node's ref is its canonical ``label`` property (current NIST content carries a second, ``zero-padded`` label,
``AC-02`` beside ``AC-2``: the canonical one wins), else its id. A control with ``status: withdrawn`` is kept
and shown but never assessable. ``{{ insert: param, ID }}`` placeholders are resolved for display the way the
publisher prints them ("[Assignment: organization-defined frequency]", "[Selection (one or more): a; b]").

Provenance: the ``statement`` part is the publisher's official text; the ``guidance`` part (NIST's
"Discussion") is the publisher's words too and is recorded as such, never as Forty2's. Forty2's own exports
carry kind, assessable, URN and guidance source as properties in the ``urn:forty2:oscal`` namespace, so they
re-import unchanged; other catalogs get "control_group" for groups and "control" (assessable) for controls.
Numbered labels inside a group the file marks as Annex A become ``A.<n>``. Fields this reader does not use are
warnings. Places are reported as JSON paths (``catalog.groups[2].controls[0]``).
"""

import json
import re

from .models import Kind, TextBy
from .plan import FrameworkPlan, NodePlan, Plan, annex_a_ref, is_annex_a_container

NS = "urn:forty2:oscal"
PARAM = re.compile(r"\{\{\s*insert:\s*param,\s*([^}\s]+)\s*\}\}")
CATALOG_KEYS = {"uuid", "metadata", "params", "controls", "groups", "back-matter"}
GROUP_KEYS = {"id", "class", "title", "params", "props", "links", "parts", "groups", "controls"}
CONTROL_KEYS = {"id", "class", "title", "params", "props", "links", "parts", "controls"}
PART_KEYS = {"id", "name", "ns", "class", "title", "props", "prose", "parts", "links"}


def is_oscal(data) -> bool:
    return isinstance(data, dict) and isinstance(data.get("catalog"), dict)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", (text or "").lower()).strip("-.")[:60].strip("-.") or "imported"


def _props(obj) -> dict:
    """{name: value}, Forty2's namespace first, then un-namespaced OSCAL properties; of several ``label``
    properties the canonical one (no ``zero-padded`` class) wins."""
    result, classed = {}, set()
    for prop in obj.get("props") or []:
        if isinstance(prop, dict) and "name" in prop and "value" in prop:
            name, other_ns = prop["name"], prop.get("ns") not in (None, NS)
            if other_ns:
                continue
            padded = name == "label" and prop.get("class") == "zero-padded"
            if prop.get("ns") == NS or name not in result or (name in classed and not padded):
                result[name] = str(prop["value"])
                if padded:
                    classed.add(name)
                else:
                    classed.discard(name)
    return result


def _ns_props(obj) -> dict:
    """Forty2's own properties; ``<name>-json`` ones (values a plain property cannot hold) decoded."""
    result = {}
    for p in obj.get("props") or []:
        if isinstance(p, dict) and p.get("ns") == NS and "name" in p and "value" in p:
            name, value = str(p["name"]), str(p["value"])
            if name.endswith("-json"):
                try:
                    decoded = json.loads(value)
                except ValueError:
                    continue
                if isinstance(decoded, str):
                    result[name[:-5]] = decoded
            else:
                result.setdefault(name, value)
    return result


class Params:
    """The catalog's parameters, to print ``{{ insert: param, ID }}`` the way the publisher does."""

    def __init__(self, catalog):
        self.by_id: dict[str, dict] = {}
        todo = [catalog]
        while todo:
            item = todo.pop()
            for param in item.get("params") or []:
                if isinstance(param, dict) and param.get("id"):
                    self.by_id[str(param["id"])] = param
                    for prop in param.get("props") or []:
                        if isinstance(prop, dict) and prop.get("name") == "alt-identifier":
                            self.by_id.setdefault(str(prop.get("value")), param)
            todo.extend(x for key in ("groups", "controls") for x in item.get(key) or [] if isinstance(x, dict))

    def text(self, param_id: str, depth: int = 0) -> str:
        param = self.by_id.get(param_id)
        if param is None or depth > 5:
            return f"[Assignment: {param_id}]"
        if param.get("values"):
            return "; ".join(self.resolve(str(v), depth + 1) for v in param["values"])
        select = param.get("select")
        if isinstance(select, dict) and select.get("choice"):
            how = " (one or more)" if select.get("how-many") == "one-or-more" else ""
            choices = "; ".join(self.resolve(str(c), depth + 1) for c in select["choice"])
            return f"[Selection{how}: {choices}]"
        return f"[Assignment: {param.get('label') or param_id}]"

    def resolve(self, prose: str, depth: int = 0) -> str:
        return PARAM.sub(lambda m: self.text(m.group(1), depth), prose) if "{{" in prose else prose


def _prose(part, params) -> str:
    chunks = []
    if part.get("prose"):
        chunks.append(params.resolve(str(part["prose"]).strip()))
    for child in part.get("parts") or []:
        if isinstance(child, dict):
            text = _prose(child, params)
            label = _props(child).get("label")
            if text:
                chunks.append(f"{label} {text}" if label else text)
    return "\n".join(c for c in chunks if c)


def _items(part) -> list[str]:
    return [str(p.get("prose", "")).strip() for p in part.get("parts") or [] if isinstance(p, dict)
            and str(p.get("prose", "")).strip()]


def _publisher(metadata) -> str:
    parties = {p.get("uuid"): p.get("name", "") for p in metadata.get("parties") or [] if isinstance(p, dict)}
    for rp in metadata.get("responsible-parties") or []:
        if isinstance(rp, dict) and rp.get("role-id") in ("publisher", "creator"):
            for uuid in rp.get("party-uuids") or []:
                if parties.get(uuid):
                    return str(parties[uuid])
    return ""


def read(data, name: str, plan: Plan, *, slug: str | None = None, as_new: bool = False) -> None:
    from . import identity
    from .models import Origin

    report = plan.report
    catalog = data["catalog"]
    for key in sorted(set(data) - {"catalog", "$schema"}):
        report.warn(name, f"top-level field {key!r} is not used by Forty2; ignored")
    for key in sorted(set(catalog) - CATALOG_KEYS):
        report.warn(f"{name} catalog", f"field {key!r} is not used by Forty2; ignored")
    metadata = catalog.get("metadata")
    if not isinstance(metadata, dict) or not metadata.get("title"):
        report.error(f"{name} catalog.metadata", "metadata with a title is required")
        return
    own = _ns_props(metadata)
    forty2_export = "framework-slug" in own
    title = own.get("title") or str(metadata["title"])
    uuid = str(catalog.get("uuid", ""))
    urn = own.get("urn", "") if forty2_export else uuid
    known = None if slug else identity.find(own.get("framework-slug", ""), urn, uuid)
    if known is not None and known.origin == Origin.SHIPPED and not as_new:
        report.error(f"{name} catalog", f"this catalog is {known.label} ({known.slug}), which ships with Forty2; "
                                        "use --as-new (and --slug) to import it as a separate framework")
        return
    if slug is None:
        if known is not None and not as_new:
            slug = known.slug
        else:
            slug = own.get("framework-slug") or slugify(title)
            if as_new and identity.find(slug) is not None:
                slug = f"{slug[:51]}-imported"
    publisher = own.get("publisher", "") if forty2_export else (own.get("publisher") or _publisher(metadata))
    version = str(metadata.get("version", ""))
    if forty2_export and ("version" in own or "version-empty" in own):
        version = own.get("version", "")
    fp = FrameworkPlan(
        slug=slug, name=title, version=version, publisher=publisher,
        licence_note=own.get("licence-note", "") if forty2_export else str(metadata.get("remarks", "")),
        short_name=own.get("short-name", ""), urn=urn, where=f"{name} catalog",
        description=own.get("description", ""), aliases=[] if forty2_export else [a for a in {uuid} if a != urn])
    source = f"{title}{', ' + version if version else ''}"[:300]
    context = {"forty2": forty2_export, "params": Params(catalog), "publisher": publisher,
               "guidance_source": "" if forty2_export else f"{publisher or title}: the publisher's own words"[:300],
               "text_source": source}
    try:
        fp.data_version = max(1, int(own.get("data-version", 1)))
    except ValueError:
        fp.data_version = 1
    ids: dict[str, str] = {}
    for key in ("groups", "controls"):
        items = catalog.get(key) or []
        if not isinstance(items, list):
            report.error(f"{name} catalog.{key}", "must be a list")
            continue
        for index, item in enumerate(items):
            _read_item(item, key == "groups", None, False, f"catalog.{key}[{index}]", name, fp, plan, ids,
                       context)
    plan.frameworks.append(fp)


def _read_item(item, is_group, parent_ref, in_annex_a, path, name, fp, plan, ids, context):
    report, where = plan.report, f"{name} {path}"
    if not isinstance(item, dict):
        report.error(where, "must be an object")
        return
    for key in sorted(set(item) - (GROUP_KEYS if is_group else CONTROL_KEYS)):
        report.warn(where, f"field {key!r} is not used by Forty2; ignored")
    item_id = str(item.get("id", ""))
    if not is_group and not item_id:
        report.error(where, "control has no id")
    if item_id:
        if item_id in ids:
            report.error(where, f"duplicate id {item_id!r} (also at {ids[item_id]})")
        ids[item_id] = path
    props, own = _props(item), _ns_props(item)
    title = own.get("title") or str(item.get("title", ""))
    title = title if context["forty2"] else title.strip()
    label = props.get("label") or item_id or title
    ref = label if context["forty2"] else annex_a_ref(label, in_annex_a)
    kind = own.get("kind") or item.get("class") or ""
    if kind not in Kind.values:
        kind = "control_group" if is_group else "control"
    withdrawn = props.get("status", "").lower() == "withdrawn"
    assessable = own.get("assessable", "false" if is_group else "true").lower() == "true" and not withdrawn
    guidance, statement, evidence, documents = "", None, [], []
    params = context["params"]
    for part in item.get("parts") or []:
        if not isinstance(part, dict) or "name" not in part:
            report.error(where, "every part needs a name")
            continue
        for key in sorted(set(part) - PART_KEYS):
            report.warn(where, f"part {part.get('name')}: field {key!r} is not used by Forty2; ignored")
        if part["name"] == "guidance":
            guidance = _prose(part, params)
        elif part["name"] == "statement":
            statement = _prose(part, params)
        elif part["name"] == "typical-evidence":
            evidence = _items(part)
        elif part["name"] == "documented-information":
            documents = _items(part)
    if context["forty2"]:
        guidance_source = own.get("guidance-source", "")
        text_source = own.get("official-text-source") if statement is not None else None
        text_by = own.get("official-text-by", TextBy.PUBLISHER)
        text_by = text_by if text_by in TextBy.values else TextBy.PUBLISHER
    else:
        guidance_source = context["guidance_source"] if guidance else ""
        text_source = context["text_source"] if statement else None
        text_by = TextBy.PUBLISHER
    fp.nodes.append(NodePlan(ref=ref, title=title or ref, kind=kind, parent=parent_ref, assessable=assessable,
                             guidance=guidance, typical_evidence=evidence, documented_information=documents,
                             urn=own.get("urn", "") if context["forty2"] else item_id, official_text=statement,
                             guidance_source=guidance_source,
                             official_text_source=text_source, official_text_by=text_by, withdrawn=withdrawn,
                             where=where))
    inside = in_annex_a or (is_group and is_annex_a_container(label, title))
    for key in ("groups", "controls"):
        children = item.get(key) or []
        if not isinstance(children, list):
            report.error(where, f"{key} must be a list")
            continue
        for index, child in enumerate(children):
            _read_item(child, key == "groups", ref, inside, f"{path}.{key}[{index}]", name, fp, plan, ids,
                       context)
