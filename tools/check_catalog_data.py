#!/usr/bin/env python3
"""Check the standards catalog data files without Django.

Loads every ``*.yaml`` under ``forty2/catalog/data/frameworks`` (format ``forty2-catalog/1``) and
``forty2/catalog/data/mappings`` (format ``forty2-mappings/1``) and reports what an importer would trip over:

* frameworks: required header fields, slug equal to the file name, refs that are unique strings, parents that
  exist and come before their children, valid node kinds, non-empty guidance on every assessable node, list
  fields that really are lists of strings, well-formed reference lists, and a few invariants of the published
  standards (ISO/IEC 42001 has 38 Annex A controls, ISO/IEC 27001:2022 has 93, ...);
* mappings: file name ``<source>__<target>.yaml``, both frameworks present, every ``source_ref`` and
  ``target_ref`` known to its framework, a valid relationship, a note and a provenance on every row, no
  duplicate pair. Optional extras used by transcribed crosswalks are type-checked: ``mapping_set.source_document``,
  per-row ``published_as`` and ``correction: {original_ref, reason}``, and a top-level ``unmapped`` list of
  ``{source_ref, note}`` whose refs must exist and must not also have rows.

Unknown keys are reported as warnings (one per key and file), not errors, so a new optional field does not
break the check; the summary lists node counts per kind and each mapping's coverage of assessable nodes.

YAML is read with a loader that refuses duplicate keys (PyYAML silently keeps the last one), and refs must be
quoted strings: an unquoted ``4.10`` would load as the float 4.1.

Usage: ``python tools/check_catalog_data.py [--data-dir DIR] [--quiet]``. Exit status 0 when there are no
errors (warnings do not fail), 1 when there are errors, 2 when the data directory cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

CATALOG_FORMAT = "forty2-catalog/1"
MAPPINGS_FORMAT = "forty2-mappings/1"

NODE_KINDS = {"clause", "control_group", "control", "article", "function", "category", "subcategory"}
RELATIONSHIPS = {"equivalent", "subset", "superset", "intersect", "related"}

FRAMEWORK_KEYS = {"slug", "name", "version", "publisher", "licence_note", "data_version"}
NODE_REQUIRED = {"ref", "title", "kind", "parent", "assessable"}
NODE_OPTIONAL = {"guidance", "typical_evidence", "documented_information"}
MAPPING_SET_KEYS = {"source", "target", "name", "description", "data_version"}
MAPPING_SET_OPTIONAL = {"source_document"}  # the document a transcribed crosswalk comes from
ROW_REQUIRED = {"source_ref", "target_ref", "relationship", "note", "provenance"}
# Optional row keys for transcribed crosswalks: the item as the source document printed it, and a record of a
# reviewed correction ({original_ref, reason}) when the row departs from the document.
ROW_OPTIONAL = {"published_as", "correction"}
# Optional top-level list of source nodes deliberately left unmapped: [{source_ref, note}].

# Facts about the published documents, so a dropped or duplicated control is caught. Only counts that the
# documents themselves fix; a framework not listed here is checked for format only.
INVARIANTS = {
    "iso-iec-42001-2023": {"nodes": 92, "assessable": 70, "kind:control": 38},
    "iso-iec-27001-2022": {"kind:control": 93, "kind:control_group": 4},
    "nist-ai-rmf-1.0": {"kind:function": 4, "kind:category": 19, "kind:subcategory": 72},
}


class UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that rejects a mapping with the same key twice."""


def _construct_mapping(loader: UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    seen: dict = {}
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                f"found duplicate key {key!r}",
                key_node.start_mark,
            )
        seen[key] = True
    return loader.construct_mapping(node, deep=deep)


UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)

    def error(self, where: str, msg: str) -> None:
        self.errors.append(f"ERROR   {where}: {msg}")

    def warn(self, where: str, msg: str) -> None:
        self.warnings.append(f"WARNING {where}: {msg}")

    def unknown_keys(self, where: str, counter: Counter, what: str) -> None:
        """One warning per unknown key, however many rows or nodes carry it."""
        for key, n in sorted(counter.items()):
            self.warn(where, f"unknown {what} key {key!r}" + (f" on {n} {what}s" if n > 1 else ""))


@dataclass
class Framework:
    slug: str
    path: Path
    refs: dict[str, dict]


def _is_text(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


def load_yaml(path: Path, report: Report) -> object | None:
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.error(where, f"cannot read: {exc}")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        report.error(where, f"not UTF-8: {exc}")
        return None
    if text.startswith("\ufeff"):
        report.warn(where, "starts with a byte-order mark")
    for lineno, line in enumerate(text.splitlines(), start=1):
        if "\t" in line[: len(line) - len(line.lstrip())]:
            report.error(f"{where}:{lineno}", "tab in indentation")
        indent = len(line) - len(line.lstrip(" "))
        if line.strip() and indent % 2:
            report.warn(f"{where}:{lineno}", f"indentation of {indent} spaces is not a multiple of 2")
    try:
        return yaml.load(text, Loader=UniqueKeyLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        report.error(where, f"invalid YAML: {exc}")
        return None


def _check_string_list(where: str, key: str, value: object, report: Report, allow_empty: bool) -> None:
    if not isinstance(value, list):
        report.error(where, f"{key} must be a list of strings, got {type(value).__name__}")
        return
    if not value and not allow_empty:
        report.error(where, f"{key} is empty")
    for i, item in enumerate(value):
        if not _is_text(item):
            report.error(where, f"{key}[{i}] must be a non-empty string, got {item!r}")
    dupes = [item for item, n in Counter(v for v in value if isinstance(v, str)).items() if n > 1]
    if dupes:
        report.warn(where, f"{key} repeats {dupes}")


def check_framework(path: Path, data: object, report: Report) -> Framework | None:
    where = path.name
    if not isinstance(data, dict):
        report.error(where, "top level must be a mapping")
        return None
    if data.get("format") != CATALOG_FORMAT:
        report.error(where, f"format must be {CATALOG_FORMAT!r}, got {data.get('format')!r}")
    for key in sorted(set(data) - {"format", "framework", "nodes", "reference_lists"}):
        report.warn(where, f"unknown top-level key {key!r}")

    header = data.get("framework")
    slug = path.stem
    if not isinstance(header, dict):
        report.error(where, "framework: must be a mapping")
    else:
        for key in sorted(FRAMEWORK_KEYS - set(header)):
            report.error(where, f"framework.{key} is missing")
        for key in sorted(set(header) - FRAMEWORK_KEYS):
            report.warn(where, f"unknown key framework.{key}")
        for key in ("slug", "name", "version", "publisher", "licence_note"):
            if key in header and not _is_text(header[key]):
                report.error(where, f'framework.{key} must be a non-empty string (quote numbers like "2023")')
        dv = header.get("data_version")
        if "data_version" in header and (not isinstance(dv, int) or isinstance(dv, bool) or dv < 1):
            report.error(where, f"framework.data_version must be a positive integer, got {dv!r}")
        if _is_text(header.get("slug")):
            if header["slug"] != path.stem:
                report.error(where, f"framework.slug {header['slug']!r} does not match file name {path.stem!r}")
            slug = header["slug"]

    nodes = data.get("nodes")
    refs: dict[str, dict] = {}
    unknown_node_keys: Counter = Counter()
    if not isinstance(nodes, list) or not nodes:
        report.error(where, "nodes: must be a non-empty list")
        nodes = []
    for index, node in enumerate(nodes):
        nwhere = f"{where} nodes[{index}]"
        if not isinstance(node, dict):
            report.error(nwhere, "node must be a mapping")
            continue
        ref = node.get("ref")
        if not _is_text(ref):
            report.error(nwhere, f"ref must be a non-empty quoted string, got {ref!r}")
            continue
        nwhere = f"{where} [{ref}]"
        if ref != ref.strip():
            report.error(nwhere, "ref has leading or trailing whitespace")
        if ref in refs:
            report.error(nwhere, "duplicate ref")
            continue
        for key in sorted(NODE_REQUIRED - set(node)):
            report.error(nwhere, f"{key} is missing")
        unknown_node_keys.update(set(node) - NODE_REQUIRED - NODE_OPTIONAL)
        if "title" in node and not _is_text(node["title"]):
            report.error(nwhere, "title must be a non-empty string")
        kind = node.get("kind")
        if "kind" in node and kind not in NODE_KINDS:
            report.error(nwhere, f"kind {kind!r} is not one of {sorted(NODE_KINDS)}")
        parent = node.get("parent")
        if parent is not None:
            if not isinstance(parent, str):
                report.error(nwhere, f"parent must be null or a quoted ref string, got {parent!r}")
            elif parent == ref:
                report.error(nwhere, "node is its own parent")
            elif parent not in refs:
                report.error(nwhere, f"parent {parent!r} is not defined before this node")
        assessable = node.get("assessable")
        if "assessable" in node and not isinstance(assessable, bool):
            report.error(nwhere, f"assessable must be true or false, got {assessable!r}")
        guidance = node.get("guidance")
        if "guidance" in node and not _is_text(guidance):
            report.error(nwhere, "guidance, when present, must be a non-empty string")
        if assessable is True and not _is_text(guidance):
            report.error(nwhere, "assessable node has no guidance")
        if "typical_evidence" in node:
            _check_string_list(nwhere, "typical_evidence", node["typical_evidence"], report, allow_empty=False)
        if "documented_information" in node:
            _check_string_list(
                nwhere, "documented_information", node["documented_information"], report, allow_empty=True
            )
        refs[ref] = node
    report.unknown_keys(where, unknown_node_keys, "node")

    children = Counter(n.get("parent") for n in refs.values() if n.get("parent") is not None)
    for ref, node in refs.items():
        if node.get("kind") == "control_group" and not children[ref]:
            report.warn(f"{where} [{ref}]", "control group has no children")

    lists = data.get("reference_lists")
    if lists is not None:
        if not isinstance(lists, dict):
            report.error(where, "reference_lists must be a mapping of name to list")
        else:
            for name, items in lists.items():
                lwhere = f"{where} reference_lists.{name}"
                if not isinstance(items, list) or not items:
                    report.error(lwhere, "must be a non-empty list")
                    continue
                seen: set[str] = set()
                for i, item in enumerate(items):
                    if not isinstance(item, dict) or not _is_text(item.get("ref")) or not _is_text(item.get("title")):
                        report.error(lwhere, f"item {i} must have string ref and title, got {item!r}")
                        continue
                    if item["ref"] in seen:
                        report.error(lwhere, f"duplicate ref {item['ref']!r}")
                    seen.add(item["ref"])

    counts = Counter(n.get("kind") for n in refs.values())
    assessable_count = sum(1 for n in refs.values() if n.get("assessable") is True)
    actual = {"nodes": len(refs), "assessable": assessable_count}
    actual.update({f"kind:{k}": v for k, v in counts.items()})
    for key, expected in INVARIANTS.get(slug, {}).items():
        if actual.get(key, 0) != expected:
            report.error(where, f"expected {expected} for {key}, found {actual.get(key, 0)}")
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: str(kv[0])))
    report.summary.append(
        f"framework {slug}: {len(refs)} nodes, {assessable_count} assessable ({kinds})"
        + (f"; reference lists: {', '.join(sorted(lists))}" if isinstance(lists, dict) else "")
    )
    return Framework(slug=slug, path=path, refs=refs)


def check_mapping(path: Path, data: object, frameworks: dict[str, Framework], report: Report) -> None:
    where = path.name
    if not isinstance(data, dict):
        report.error(where, "top level must be a mapping")
        return
    if data.get("format") != MAPPINGS_FORMAT:
        report.error(where, f"format must be {MAPPINGS_FORMAT!r}, got {data.get('format')!r}")
    for key in sorted(set(data) - {"format", "mapping_set", "rows", "unmapped"}):
        report.warn(where, f"unknown top-level key {key!r}")

    header = data.get("mapping_set")
    source = target = None
    if not isinstance(header, dict):
        report.error(where, "mapping_set: must be a mapping")
    else:
        for key in sorted(MAPPING_SET_KEYS - set(header)):
            report.error(where, f"mapping_set.{key} is missing")
        for key in sorted(set(header) - MAPPING_SET_KEYS - MAPPING_SET_OPTIONAL):
            report.warn(where, f"unknown key mapping_set.{key}")
        for key in ("source", "target", "name", "description", "source_document"):
            if key in header and not _is_text(header[key]):
                report.error(where, f"mapping_set.{key} must be a non-empty string")
        dv = header.get("data_version")
        if "data_version" in header and (not isinstance(dv, int) or isinstance(dv, bool) or dv < 1):
            report.error(where, f"mapping_set.data_version must be a positive integer, got {dv!r}")
        source, target = header.get("source"), header.get("target")
        if _is_text(source) and _is_text(target):
            if path.stem != f"{source}__{target}":
                report.error(where, f"file name should be {source}__{target}.yaml")
            if source == target:
                report.error(where, "source and target are the same framework")
        for side, slug in (("source", source), ("target", target)):
            if _is_text(slug) and slug not in frameworks:
                report.error(where, f"mapping_set.{side} {slug!r} has no framework file")

    rows = data.get("rows")
    if not isinstance(rows, list) or not rows:
        report.error(where, "rows: must be a non-empty list")
        return
    src = frameworks.get(source) if isinstance(source, str) else None
    tgt = frameworks.get(target) if isinstance(target, str) else None
    pairs: set[tuple[str, str]] = set()
    relationships: Counter = Counter()
    provenances: Counter = Counter()
    unknown_row_keys: Counter = Counter()
    for index, row in enumerate(rows):
        rwhere = f"{where} rows[{index}]"
        if not isinstance(row, dict):
            report.error(rwhere, "row must be a mapping")
            continue
        s_ref, t_ref = row.get("source_ref"), row.get("target_ref")
        rwhere = f"{where} rows[{index}] {s_ref!r}->{t_ref!r}"
        for key in sorted(ROW_REQUIRED - set(row)):
            report.error(rwhere, f"{key} is missing")
        unknown_row_keys.update(set(row) - ROW_REQUIRED - ROW_OPTIONAL)
        if "published_as" in row and not _is_text(row["published_as"]):
            report.error(rwhere, "published_as, when present, must be a non-empty string")
        if "correction" in row:
            corr = row["correction"]
            if not isinstance(corr, dict) or not _is_text(corr.get("original_ref")) or not _is_text(corr.get("reason")):
                report.error(rwhere, "correction must be a mapping with string original_ref and reason")
            elif corr["original_ref"] == t_ref:
                report.warn(rwhere, "correction.original_ref equals target_ref: nothing was corrected")
        for key, ref, fw in (("source_ref", s_ref, src), ("target_ref", t_ref, tgt)):
            if not _is_text(ref):
                report.error(rwhere, f"{key} must be a non-empty quoted string")
            elif fw is not None and ref not in fw.refs:
                report.error(rwhere, f"{key} {ref!r} is not a node of {fw.slug}")
        rel = row.get("relationship")
        if rel not in RELATIONSHIPS:
            report.error(rwhere, f"relationship {rel!r} is not one of {sorted(RELATIONSHIPS)}")
        relationships[rel] += 1
        if not _is_text(row.get("note")):
            report.error(rwhere, "note must be a non-empty string")
        if not _is_text(row.get("provenance")):
            report.error(rwhere, "provenance must be a non-empty string")
        else:
            provenances[row["provenance"]] += 1
        if isinstance(s_ref, str) and isinstance(t_ref, str):
            if (s_ref, t_ref) in pairs:
                report.error(rwhere, "duplicate source_ref/target_ref pair")
            pairs.add((s_ref, t_ref))
    report.unknown_keys(where, unknown_row_keys, "row")

    mapped_sources = {s for s, _ in pairs}
    unmapped = data.get("unmapped")
    unmapped_refs: set[str] = set()
    if unmapped is not None:
        if not isinstance(unmapped, list):
            report.error(where, "unmapped must be a list of {source_ref, note}")
            unmapped = []
        for index, item in enumerate(unmapped):
            uwhere = f"{where} unmapped[{index}]"
            if not isinstance(item, dict) or not _is_text(item.get("source_ref")) or not _is_text(item.get("note")):
                report.error(uwhere, f"must have string source_ref and note, got {item!r}")
                continue
            ref = item["source_ref"]
            if src is not None and ref not in src.refs:
                report.error(uwhere, f"source_ref {ref!r} is not a node of {src.slug}")
            if ref in mapped_sources:
                report.error(uwhere, f"{ref!r} is listed as unmapped but has mapping rows")
            if ref in unmapped_refs:
                report.error(uwhere, f"{ref!r} listed twice")
            unmapped_refs.add(ref)

    rels = ", ".join(f"{k} {v}" for k, v in sorted(relationships.items(), key=lambda kv: str(kv[0])))
    if len(provenances) <= 3:
        provs = "; ".join(f"{v}x {k}" for k, v in provenances.most_common())
    else:
        provs = f"{len(provenances)} distinct values, all rows have one"
    coverage = ""
    if src is not None and tgt is not None:
        src_assessable = {r for r, n in src.refs.items() if n.get("assessable") is True}
        tgt_assessable = {r for r, n in tgt.refs.items() if n.get("assessable") is True}
        coverage = (
            f"; covers {len(src_assessable & mapped_sources)}/{len(src_assessable)} assessable source nodes"
            + (f" (+{len(src_assessable & unmapped_refs)} listed unmapped)" if unmapped_refs else "")
            + f", {len(tgt_assessable & {t for _, t in pairs})}/{len(tgt_assessable)} assessable target nodes"
        )
    report.summary.append(f"mapping {path.stem}: {len(rows)} rows ({rels}){coverage}; provenance: {provs}")


def run(data_dir: Path) -> Report:
    report = Report()
    fw_dir, map_dir = data_dir / "frameworks", data_dir / "mappings"
    frameworks: dict[str, Framework] = {}
    fw_files = sorted(fw_dir.glob("*.yaml")) if fw_dir.is_dir() else []
    if not fw_files:
        report.error(str(fw_dir), "no framework files (*.yaml)")
    for path in fw_files:
        data = load_yaml(path, report)
        if data is None:
            continue
        fw = check_framework(path, data, report)
        if fw is not None:
            if fw.slug in frameworks:
                report.error(path.name, f"slug {fw.slug!r} also defined by {frameworks[fw.slug].path.name}")
            frameworks[fw.slug] = fw
    for directory in (fw_dir, map_dir):
        if directory.is_dir():
            for other in sorted(directory.iterdir()):
                if other.is_file() and other.suffix == ".yml":
                    report.warn(str(other), "ignored: use the .yaml extension")
    for path in sorted(map_dir.glob("*.yaml")) if map_dir.is_dir() else []:
        data = load_yaml(path, report)
        if data is not None:
            check_mapping(path, data, frameworks, report)
    return report


def main(argv: list[str] | None = None) -> int:
    default_dir = Path(__file__).resolve().parent.parent / "forty2" / "catalog" / "data"
    parser = argparse.ArgumentParser(description="Check Forty2 standards catalog data files.")
    parser.add_argument("--data-dir", type=Path, default=default_dir, help=f"default: {default_dir}")
    parser.add_argument("--quiet", "-q", action="store_true", help="print errors only")
    args = parser.parse_args(argv)
    if not args.data_dir.is_dir():
        print(f"check_catalog_data: {args.data_dir} is not a directory", file=sys.stderr)
        return 2
    report = run(args.data_dir)
    if not args.quiet:
        for line in report.summary:
            print(line)
        for line in report.warnings:
            print(line)
    for line in report.errors:
        print(line)
    if not args.quiet or report.errors:
        print(f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
