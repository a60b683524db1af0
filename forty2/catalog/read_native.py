"""Read Forty2's own catalog files: ``forty2-catalog/1`` (a framework and its nodes) and ``forty2-mappings/1``
(a crosswalk), the format of the shipped data (documented in ``tools/check_catalog_data.py``)."""

from pathlib import Path

from .plan import FrameworkPlan, MappingSetPlan, NodePlan, Plan, Report, RowPlan
from .yamlio import Node

CATALOG_FORMAT = "forty2-catalog/1"
MAPPINGS_FORMAT = "forty2-mappings/1"

TOP_CATALOG = {"format", "framework", "nodes", "reference_lists"}
TOP_MAPPINGS = {"format", "mapping_set", "rows", "unmapped"}
FRAMEWORK_KEYS = {"slug", "name", "version", "publisher", "licence_note", "data_version"}
FRAMEWORK_OPTIONAL = {"short_name", "description"}
NODE_KEYS = {"ref", "title", "kind", "parent", "assessable"}
NODE_OPTIONAL = {"guidance", "typical_evidence", "documented_information"}
SET_KEYS = {"source", "target", "name", "description", "data_version"}
SET_OPTIONAL = {"source_document"}
ROW_KEYS = {"source_ref", "target_ref", "relationship", "note", "provenance"}
ROW_OPTIONAL = {"published_as", "correction"}

#: short labels used in inference messages ("inferred from ISO/IEC 27001 A.5.9, subset")
SHORT_NAMES = {
    "iso-iec-42001-2023": "ISO/IEC 42001",
    "iso-iec-27001-2022": "ISO/IEC 27001",
    "iso-9001-2015": "ISO 9001",
    "nist-ai-rmf-1.0": "NIST AI RMF",
    "eu-ai-act-2024-1689": "EU AI Act",
}


def is_native(data) -> bool:
    return isinstance(data, dict) and data.get("format") in (CATALOG_FORMAT, MAPPINGS_FORMAT)


def _where(name: str, node) -> str:
    line = getattr(node, "line", 0)
    return f"{name}:{line}" if line else name


def _keys(report: Report, where: str, data: dict, required: set, optional: set, what: str) -> None:
    for key in sorted(required - set(data)):
        report.error(where, f"{what}: {key} is missing")
    for key in sorted(set(data) - required - optional):
        report.error(where, f"{what}: unknown field {key!r}")


def _text(data, key) -> str:
    if isinstance(data, Node):
        value = data.text(key, "")
    else:
        value = data.get(key, "")
    return "" if value is None else str(value)


def _int(report, where, data, key) -> int:
    value = data.get(key, 1)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        report.error(where, f"{key} must be a positive integer, got {value!r}")
        return 1
    return value


def read(data, name: str, plan: Plan) -> None:
    """Add what one native file says to ``plan`` (problems go to ``plan.report``)."""
    if data.get("format") == CATALOG_FORMAT:
        _read_catalog(data, name, plan)
    else:
        _read_mappings(data, name, plan)


def _read_catalog(data, name: str, plan: Plan) -> None:
    report = plan.report
    _keys(report, _where(name, data), data, {"format", "framework", "nodes"}, TOP_CATALOG, "top level")
    header = data.get("framework")
    if not isinstance(header, dict):
        report.error(_where(name, data), "framework: must be a mapping")
        return
    where = _where(name, header)
    _keys(report, where, header, FRAMEWORK_KEYS, FRAMEWORK_OPTIONAL, "framework")
    slug = _text(header, "slug")
    fp = FrameworkPlan(slug=slug, name=_text(header, "name"), version=_text(header, "version"),
                       publisher=_text(header, "publisher"), licence_note=_text(header, "licence_note"),
                       description=_text(header, "description"),
                       short_name=_text(header, "short_name") or SHORT_NAMES.get(slug, ""),
                       data_version=_int(report, where, header, "data_version"), where=where)
    lists = data.get("reference_lists") or {}
    if not isinstance(lists, dict):
        report.error(where, "reference_lists must be a mapping of name to list")
    else:
        fp.reference_lists = {str(k): [{"ref": _text(i, "ref"), "title": _text(i, "title")} for i in v
                                       if isinstance(i, dict)] for k, v in lists.items() if isinstance(v, list)}
    nodes = data.get("nodes")
    if not isinstance(nodes, list):
        report.error(where, "nodes: must be a list")
        nodes = []
    for index, node in enumerate(nodes):
        nwhere = _where(name, node) if isinstance(node, dict) else f"{name} nodes[{index}]"
        if not isinstance(node, dict):
            report.error(nwhere, "node must be a mapping")
            continue
        _keys(report, nwhere, node, NODE_KEYS, NODE_OPTIONAL, f"node {_text(node, 'ref') or index}")
        parent = node.get("parent")
        fp.nodes.append(NodePlan(
            ref=_text(node, "ref"), title=_text(node, "title"), kind=_text(node, "kind"),
            parent=None if parent is None else _text(node, "parent"), assessable=node.get("assessable"),
            guidance=_text(node, "guidance"), typical_evidence=node.get("typical_evidence") or [],
            documented_information=node.get("documented_information") or [], where=nwhere))
    plan.frameworks.append(fp)


def _read_mappings(data, name: str, plan: Plan) -> None:
    report = plan.report
    _keys(report, _where(name, data), data, {"format", "mapping_set", "rows"}, TOP_MAPPINGS, "top level")
    header = data.get("mapping_set")
    if not isinstance(header, dict):
        report.error(_where(name, data), "mapping_set: must be a mapping")
        return
    where = _where(name, header)
    _keys(report, where, header, SET_KEYS, SET_OPTIONAL, "mapping_set")
    sp = MappingSetPlan(source=_text(header, "source"), target=_text(header, "target"), name=_text(header, "name"),
                        description=_text(header, "description"), source_document=_text(header, "source_document"),
                        data_version=_int(report, where, header, "data_version"), where=where)
    rows = data.get("rows")
    if not isinstance(rows, list):
        report.error(where, "rows: must be a list")
        rows = []
    for index, row in enumerate(rows):
        rwhere = _where(name, row) if isinstance(row, dict) else f"{name} rows[{index}]"
        if not isinstance(row, dict):
            report.error(rwhere, "row must be a mapping")
            continue
        _keys(report, rwhere, row, ROW_KEYS, ROW_OPTIONAL, f"rows[{index}]")
        correction = row.get("correction") or {}
        if not isinstance(correction, dict):
            report.error(rwhere, "correction must be a mapping {original_ref, reason}")
            correction = {}
        sp.rows.append(RowPlan(
            source_ref=_text(row, "source_ref"), target_ref=_text(row, "target_ref"),
            relationship=_text(row, "relationship"), note=_text(row, "note"), provenance=_text(row, "provenance"),
            published_as=_text(row, "published_as"), correction_original_ref=_text(correction, "original_ref"),
            correction_reason=_text(correction, "reason"), where=rwhere))
    for item in data.get("unmapped") or []:
        if isinstance(item, dict):
            sp.unmapped.append({"ref": _text(item, "source_ref"), "note": _text(item, "note")})
    plan.mapping_sets.append(sp)


def file_name(path) -> str:
    return Path(path).name
