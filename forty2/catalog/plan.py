"""What a catalog file says, in one shape whatever its format (Forty2 YAML, CISO Assistant YAML, OSCAL JSON).

Every reader turns its file into a :class:`Plan`; :func:`validate` checks it the same way for all formats, and
:mod:`forty2.catalog.apply` writes it. Problems are either structural (the file cannot be trusted: nothing is
changed) or warnings (a row is skipped and reported with its place in the file).
"""

import re
from dataclasses import dataclass, field

from .models import Kind, Relationship

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9._-]{0,58}[a-z0-9])?$")
ANNEX_A_CONTAINER = re.compile(r"^(annex[\s_-]*a|a)$", re.IGNORECASE)
NUMBERED = re.compile(r"^\d+(\.\d+)*$")


@dataclass
class Problem:
    where: str
    message: str

    def __str__(self):
        return f"{self.where}: {self.message}" if self.where else self.message


class StructuralError(Exception):
    """The file is malformed: nothing was changed. ``problems`` lists every one found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:5]))


@dataclass
class Report:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def error(self, where: str, message: str) -> None:
        self.errors.append(Problem(where, message))

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(Problem(where, message))

    def raise_if_errors(self) -> None:
        if self.errors:
            raise StructuralError(self.errors)


@dataclass
class NodePlan:
    ref: str
    title: str
    kind: str
    parent: str | None
    assessable: bool
    guidance: str = ""
    typical_evidence: list = field(default_factory=list)
    documented_information: list = field(default_factory=list)
    urn: str = ""
    official_text: str | None = None  # None: leave what the installation has
    #: whose words: "" = Forty2's own guidance; else who wrote it (e.g. "NIST SP 800-53 (publisher's discussion)")
    guidance_source: str = ""
    #: where the official text comes from, and whether it is the publisher's own wording or a third party's
    official_text_source: str | None = None
    official_text_by: str = "publisher"
    withdrawn: bool = False
    where: str = ""


@dataclass
class FrameworkPlan:
    slug: str
    name: str
    version: str = ""
    publisher: str = ""
    licence_note: str = ""
    description: str = ""
    short_name: str = ""
    data_version: int = 1
    urn: str = ""
    reference_lists: dict = field(default_factory=dict)
    nodes: list[NodePlan] = field(default_factory=list)
    #: other identifiers of the same framework (URNs, OSCAL ids), so a later file finds it by any of them
    aliases: list[str] = field(default_factory=list)
    where: str = ""


@dataclass
class RowPlan:
    source_ref: str
    target_ref: str
    relationship: str
    note: str
    provenance: str
    published_as: str = ""
    correction_original_ref: str = ""
    correction_reason: str = ""
    where: str = ""


@dataclass
class MappingSetPlan:
    source: str
    target: str
    name: str
    description: str = ""
    source_document: str = ""
    data_version: int = 1
    urn: str = ""
    rows: list[RowPlan] = field(default_factory=list)
    unmapped: list[dict] = field(default_factory=list)
    where: str = ""


@dataclass
class Plan:
    source_file: str = ""
    origin: str = "imported"
    frameworks: list[FrameworkPlan] = field(default_factory=list)
    mapping_sets: list[MappingSetPlan] = field(default_factory=list)
    report: Report = field(default_factory=Report)

    def framework(self, slug: str) -> FrameworkPlan | None:
        return next((f for f in self.frameworks if f.slug == slug), None)


def annex_a_ref(ref: str, in_annex_a: bool) -> str:
    """``5.1`` inside a part the file marks as Annex A is control ``A.5.1``, never clause 5.1."""
    if in_annex_a and NUMBERED.match(ref):
        return f"A.{ref}"
    return ref


def is_annex_a_container(ref: str, title: str = "") -> bool:
    return bool(ANNEX_A_CONTAINER.match((ref or "").strip())) or (title or "").strip().lower().startswith("annex a")


#: most nodes one framework may have (SP 800-53 rev5 has 1,209)
MAX_NODES = 20_000
#: longest text a node field may hold (SP 800-53's longest discussion is about 9,000 characters)
MAX_TEXT = 50_000
FRAMEWORK_LIMITS = {"name": 300, "short_name": 80, "version": 200, "publisher": 200, "urn": 300,
                    "licence_note": MAX_TEXT, "description": MAX_TEXT}
NODE_LIMITS = {"title": 500, "urn": 500, "guidance": MAX_TEXT, "official_text": MAX_TEXT, "guidance_source": 300,
               "official_text_source": 300}


SET_LIMITS = {"name": 300, "urn": 300, "source_document": 500, "description": MAX_TEXT}
ROW_LIMITS = {"provenance": 500, "published_as": 200, "correction_original_ref": 100, "note": MAX_TEXT,
              "correction_reason": MAX_TEXT}


def _too_long(report: Report, where: str, label: str, obj, limits: dict) -> None:
    for key, limit in limits.items():
        value = getattr(obj, key) or ""
        if isinstance(value, str) and len(value) > limit:
            report.error(where, f"{label}{key} is {len(value)} characters long; the limit is {limit}")


def _validate_framework(fp: FrameworkPlan, report: Report) -> None:
    _too_long(report, fp.where, "framework ", fp, FRAMEWORK_LIMITS)
    if not SLUG_RE.match(fp.slug or ""):
        report.error(fp.where, f"framework slug {fp.slug!r} is not valid: use 1-60 lower-case letters, digits, "
                               "'.', '_' and '-'")
    if not (fp.name or "").strip():
        report.error(fp.where, "framework has no name")
    if not fp.nodes:
        report.error(fp.where, f"framework {fp.slug} has no requirement nodes")
    if len(fp.nodes) > MAX_NODES:
        report.error(fp.where, f"framework {fp.slug} has {len(fp.nodes)} nodes; the limit is {MAX_NODES}")
        return
    seen: dict[str, NodePlan] = {}
    for node in fp.nodes:
        if not node.ref or node.ref != node.ref.strip():
            report.error(node.where, f"ref {node.ref!r} is empty or has surrounding spaces")
            continue
        if len(node.ref) > 100:
            report.error(node.where, f"ref {node.ref[:40]!r}... is longer than 100 characters")
        if node.ref in seen:
            report.error(node.where, f"duplicate ref {node.ref!r} (also at {seen[node.ref].where})")
            continue
        seen[node.ref] = node
        _too_long(report, node.where, f"[{node.ref}] ", node, NODE_LIMITS)
        if node.kind not in Kind.values:
            report.error(node.where, f"[{node.ref}] kind {node.kind!r} is not one of {', '.join(Kind.values)}")
        if not (node.title or "").strip():
            report.error(node.where, f"[{node.ref}] has no title")
        if not isinstance(node.assessable, bool):
            report.error(node.where, f"[{node.ref}] assessable must be true or false, got {node.assessable!r}")
        for key in ("typical_evidence", "documented_information"):
            value = getattr(node, key)
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                report.error(node.where, f"[{node.ref}] {key} must be a list of non-empty strings")
            elif any(len(v) > 2000 for v in value) or len(value) > 200:
                report.error(node.where, f"[{node.ref}] {key}: at most 200 items of 2000 characters each")
    for node in fp.nodes:
        if node.parent is None:
            continue
        if node.parent not in seen:
            report.error(node.where, f"[{node.ref}] parent {node.parent!r} does not exist in {fp.slug}")
            continue
        chain, cursor = set(), node
        while cursor is not None and cursor.parent is not None:
            if cursor.ref in chain:
                report.error(node.where, f"[{node.ref}] is its own ancestor (parent loop)")
                break
            chain.add(cursor.ref)
            cursor = seen.get(cursor.parent)


def depths(nodes: list[NodePlan]) -> dict[str, int]:
    by_ref = {n.ref: n for n in nodes}
    result: dict[str, int] = {}

    def depth(ref, guard=0):
        if ref in result:
            return result[ref]
        node = by_ref[ref]
        value = 0 if node.parent is None or guard > 50 else depth(node.parent, guard + 1) + 1
        result[ref] = value
        return value

    for n in nodes:
        depth(n.ref)
    return result


def validate(plan: Plan, known_refs) -> None:
    """Check ``plan``; raise :class:`StructuralError` on structural problems, drop (and report) mapping rows
    whose ends do not exist. ``known_refs(slug)`` returns the refs the installation already has for a
    framework the plan does not define (or None when there is no such framework)."""
    report = plan.report
    slugs = [f.slug for f in plan.frameworks]
    for slug in {s for s in slugs if slugs.count(s) > 1}:
        report.error(plan.source_file, f"framework {slug} is defined twice")
    for fp in plan.frameworks:
        _validate_framework(fp, report)
    report.raise_if_errors()

    pairs = set()
    kept_sets = []
    for sp in plan.mapping_sets:
        refs = {}
        for side in ("source", "target"):
            slug = getattr(sp, side)
            fp = plan.framework(slug)
            refs[side] = {n.ref for n in fp.nodes} if fp else known_refs(slug)
        if sp.source == sp.target:
            report.error(sp.where, f"mapping set maps {sp.source} onto itself")
            continue
        if (sp.source, sp.target) in pairs:
            report.error(sp.where, f"a second mapping set from {sp.source} to {sp.target}")
            continue
        pairs.add((sp.source, sp.target))
        _too_long(report, sp.where, "mapping set ", sp, SET_LIMITS)
        missing = [side for side in ("source", "target") if refs[side] is None]
        if missing:
            for side in missing:
                report.warn(sp.where, f"mapping set {sp.name!r}: {side} framework {getattr(sp, side)!r} is not in "
                                      f"this installation; its {len(sp.rows)} rows are skipped")
            continue
        rows, seen_pairs = [], {}
        for row in sp.rows:
            if row.relationship not in Relationship.values:
                report.error(row.where, f"relationship {row.relationship!r} is not one of "
                                        f"{', '.join(Relationship.values)}")
                continue
            if not (row.provenance or "").strip():
                report.error(row.where, "mapping row has no provenance")
                continue
            _too_long(report, row.where, "mapping row ", row, ROW_LIMITS)
            bad = False
            for side, ref in (("source", row.source_ref), ("target", row.target_ref)):
                if ref not in refs[side]:
                    report.warn(row.where, f"{side} ref {ref!r} does not exist in {getattr(sp, side)}; row skipped")
                    bad = True
            if bad:
                continue
            key = (row.source_ref, row.target_ref)
            if key in seen_pairs:
                report.warn(row.where, f"duplicate pair {row.source_ref!r} -> {row.target_ref!r} (first at "
                                       f"{seen_pairs[key]}); row skipped")
                continue
            seen_pairs[key] = row.where
            rows.append(row)
        sp.rows = rows
        for item in sp.unmapped:
            if item.get("ref") not in refs["source"]:
                report.warn(sp.where, f"unmapped ref {item.get('ref')!r} does not exist in {sp.source}; ignored")
        sp.unmapped = [u for u in sp.unmapped if u.get("ref") in refs["source"]]
        kept_sets.append(sp)
    report.raise_if_errors()
    plan.mapping_sets = kept_sets
