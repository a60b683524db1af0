"""Read the open YAML library format of CISO Assistant (intuitem): a library whose ``objects`` hold a
``framework`` with ``requirement_nodes`` and ``requirement_mapping_sets`` between frameworks.

Nodes are identified by URN; Forty2 keeps the node's ``ref_id`` as its ref. A node without one takes its URN's
last segment (qualified by its parent's ref when that segment is only the converter's counter, ``<parent>.3``),
made unique so it never collides with a real ref; a ``ref_id`` used twice is
qualified by its parent's ref, and one longer than 100 characters is shortened (each reported as a warning).
Numbered refs under a node the file marks as Annex A ("A", "Annex A ...") become ``A.<n>``, so an ISO/IEC
27001 control 5.1 never collides with clause 5.1.

Provenance: a node's ``description`` is the library's text, which for many standards is the packager's
summary, not the publisher's wording: it is kept as text "by a third party" naming the library; ``annotation``
is guidance in the packager's words, never labelled as Forty2's. Fields this reader does not use (the library
format grows: ``convert_library_version``, ``reference_controls``, ``threats``, ``risk_matrix``, scores,
translations, questions ...) are reported once per field as a warning and ignored.

A framework the installation already knows under another name (:mod:`forty2.catalog.identity`) is not added
as a second copy: the file's copy of a shipped framework is skipped with a warning and its mappings attach to
the shipped one; ``as_new`` imports it as a separate framework instead. Mapping relationships: ``equal`` is
equivalent, ``not_related`` rows are skipped with a warning.
"""

import re

from . import identity
from .models import Framework, Origin, Requirement, TextBy
from .plan import (
    FrameworkPlan,
    MappingSetPlan,
    NodePlan,
    Plan,
    RowPlan,
    annex_a_ref,
    is_annex_a_container,
)

LIBRARY_KEYS = {"convert_library_version", "urn", "locale", "ref_id", "name", "description", "annotation",
                "copyright", "version", "publication_date", "provider", "packager", "dependencies", "objects",
                "translations", "labels",
                "filtering_labels", "is_published", "builtin"}
OBJECT_KEYS = {"framework", "requirement_mapping_set", "requirement_mapping_sets"}
IGNORED_OBJECTS = {"reference_controls", "threats", "risk_matrix", "risk_matrices", "metric_definitions", "preset",
                   "presets"}
FRAMEWORK_KEYS = {"urn", "ref_id", "name", "description", "annotation", "min_score", "max_score", "scores_definition",
                  "implementation_groups_definition", "requirement_nodes", "translations", "locale", "provider",
                  "copyright", "outcomes_definition", "field_visibility", "is_dynamic", "status", "labels"}
NODE_KEYS = {"urn", "parent_urn", "ref_id", "name", "description", "annotation", "assessable", "depth",
             "typical_evidence", "implementation_groups", "threats", "reference_controls", "questions",
             "translations", "importance", "weight", "order_id", "display_mode", "is_published", "labels",
             "information", "question", "answer", "score"}
SET_KEYS = {"urn", "ref_id", "name", "description", "annotation", "source_framework_urn", "target_framework_urn",
            "requirement_mappings", "translations", "locale", "provider", "labels"}
ROW_KEYS = {"source_requirement_urn", "target_requirement_urn", "relationship", "rationale",
            "strength_of_relationship", "strength", "annotation", "fulfilled", "reviewed"}
MAX_REF = 100
RELATIONSHIPS = {"equal": "equivalent", "subset": "subset", "superset": "superset", "intersect": "intersect"}


def is_ciso_assistant(data) -> bool:
    return isinstance(data, dict) and isinstance(data.get("objects"), dict) and "urn" in data


def urn_suffix(urn: str) -> str:
    return str(urn).rsplit(":", 1)[-1]


def slug_from_urn(urn: str) -> str:
    slug = re.sub(r"[^a-z0-9.-]+", "-", urn_suffix(urn).lower()).strip("-.")
    return slug[:60].strip("-.") or "imported"


def _free_slug(urn: str, report, where: str, *, as_new: bool = False) -> str | None:
    """The slug for a framework this installation does not know by its URN: the URN's last segment, unless a
    different framework already has that slug (another publisher's library ending alike, or URNs alike in their
    first 60 characters): then the first ``<slug>-<n>`` that is free or already this framework's, reported
    when new, so two frameworks never merge. With ``as_new`` a framework is this one only if it was imported
    from this very URN (a shipped framework the URN is an alias of is exactly what --as-new keeps apart)."""
    if not urn:
        return None

    def is_this(framework):
        if as_new:
            return framework.origin != Origin.SHIPPED and identity.normalise(framework.urn) == identity.normalise(urn)
        return identity.normalise(urn) in identity.identifiers(framework)

    base = slug_from_urn(urn)
    candidate, n, first_holder = base, 1, None
    while True:
        holder = Framework.objects.filter(slug=candidate).first()
        if holder is None or is_this(holder):
            break
        first_holder = first_holder or holder
        n += 1
        candidate = base[:60 - len(f"-{n}")].rstrip("-.") + f"-{n}"
    if holder is None and first_holder is not None:
        what = ("kept apart from it with --as-new" if as_new and first_holder.origin == Origin.SHIPPED
                else "a different framework")
        report.warn(where, f"slug {base!r} is already used by {first_holder.name} ({first_holder.urn or 'no URN'}), "
                           f"{what}; this one ({urn}) is imported as {candidate!r}")
    return candidate


def _where(name, node, extra=""):
    line = getattr(node, "line", 0)
    base = f"{name}:{line}" if line else name
    return f"{base} {extra}".strip()


def _text(node, key, default=""):
    value = node.text(key, default) if hasattr(node, "text") else node.get(key, default)
    return default if value is None else str(value)


class _Unknown:
    """Unknown fields, reported once per field with a count and the first place (not once per node)."""

    def __init__(self):
        self.seen: dict[tuple, list] = {}

    def __call__(self, where, data, allowed, what):
        for key in set(data) - allowed:
            entry = self.seen.setdefault((what, key), [0, where])
            entry[0] += 1

    def report(self, report):
        for (what, key), (count, where) in sorted(self.seen.items(), key=lambda kv: kv[1][1]):
            times = f" ({count} times)" if count > 1 else ""
            report.warn(where, f"{what}: field {key!r} is not used by Forty2; ignored{times}")


def read(data, name: str, plan: Plan, *, slug: str | None = None, as_new: bool = False) -> None:
    report = plan.report
    unknown = _Unknown()
    unknown(_where(name, data), data, LIBRARY_KEYS, "library")
    objects = data.get("objects") or {}
    for key in sorted(set(objects) - OBJECT_KEYS):
        what = "imports frameworks and mappings" if key in IGNORED_OBJECTS else "does not know this section"
        report.warn(_where(name, objects), f"objects.{key} ignored (Forty2 {what})")
    urn_refs: dict[str, tuple[str, dict]] = {}  # framework urn -> (slug, {node urn: ref})
    framework = objects.get("framework")
    if framework is not None:
        if not isinstance(framework, dict):
            report.error(_where(name, objects), "objects.framework must be a mapping")
        else:
            known = None if as_new or slug else identity.find(_text(framework, "urn"))
            if known is not None and known.origin == Origin.SHIPPED:
                report.warn(_where(name, framework, "framework"),
                            f"framework {_text(framework, 'urn')} is {known.label} ({known.slug}), which ships with "
                            "Forty2: the file's copy is not imported (use --as-new to import it as a separate "
                            "framework); its mappings attach to the shipped one")
                urn_refs[_text(framework, "urn")] = (known.slug, None)
            else:
                own_slug = slug or (known.slug if known else _free_slug(_text(framework, "urn"), report,
                                                                        _where(name, framework, "framework"),
                                                                        as_new=as_new))
                fp, nodes = _read_framework(framework, data, name, plan, own_slug, unknown)
                if fp is not None:
                    plan.frameworks.append(fp)
                    urn_refs[_text(framework, "urn")] = (fp.slug, nodes)
    elif slug:
        report.error(name, "--slug names the imported framework, but this file has none")
    sets = objects.get("requirement_mapping_sets") or []
    if "requirement_mapping_set" in objects:
        sets = [objects["requirement_mapping_set"], *sets]
    if not isinstance(sets, list):
        report.error(_where(name, objects), "objects.requirement_mapping_sets must be a list")
        sets = []
    seen_pairs = set()
    for index, ms in enumerate(sets):
        where = _where(name, ms, f"requirement_mapping_sets[{index}]")
        if not isinstance(ms, dict):
            report.error(where, "mapping set must be a mapping")
            continue
        sp = _read_set(ms, data, name, where, plan, urn_refs, unknown, seen_pairs)
        if sp is None:
            continue
        seen_pairs.add((sp.source, sp.target))
        plan.mapping_sets.append(sp)
    if framework is None and not sets:
        held = ", ".join(sorted(str(k) for k in objects)) or "nothing"
        report.warn(_where(name, data), f"this library holds no framework and no mapping set (only: {held}); "
                                        "nothing in it is something Forty2 imports")
    unknown.report(report)


def _read_framework(framework, library, name, plan, slug_override, unknown):
    report = plan.report
    where = _where(name, framework, "framework")
    unknown(where, framework, FRAMEWORK_KEYS, "framework")
    urn = _text(framework, "urn")
    if not urn:
        report.error(where, "framework: urn is missing")
        return None, {}
    version = _text(library, "version")
    data_version = library.get("version") if isinstance(library.get("version"), int) else 1
    fw_name = _text(framework, "name") or _text(library, "name")
    if len(fw_name) > 300:
        report.warn(where, f"framework name is {len(fw_name)} characters; the first 300 are kept")
        fw_name = fw_name[:299] + "…"
    fp = FrameworkPlan(
        slug=slug_override or slug_from_urn(urn), name=fw_name, version=version[:200],
        publisher=_text(library, "provider")[:200], licence_note=_text(library, "copyright"),
        description=_text(framework, "description"), short_name=_text(framework, "ref_id")[:80],
        data_version=max(1, data_version), urn=urn, where=where)
    packager = _text(library, "packager") or _text(library, "provider") or "the library's packager"
    library_urn = _text(library, "urn")
    guidance_source = f"{packager} (CISO Assistant library {library_urn})"[:300]
    text_source = (f"CISO Assistant library {library_urn} (provider {_text(library, 'provider') or '-'}, "
                   f"packager {packager})")[:300]
    nodes = framework.get("requirement_nodes")
    if not isinstance(nodes, list):
        report.error(where, "framework.requirement_nodes must be a list")
        return None, {}
    raw, by_urn = [], {}
    for index, node in enumerate(nodes):
        nwhere = _where(name, node, f"requirement_nodes[{index}]")
        if not isinstance(node, dict):
            report.error(nwhere, "requirement node must be a mapping")
            continue
        unknown(nwhere, node, NODE_KEYS, "requirement node")
        node_urn = _text(node, "urn")
        if not node_urn:
            report.error(nwhere, "requirement node has no urn")
            continue
        if node_urn in by_urn:
            report.error(nwhere, f"duplicate urn {node_urn!r}")
            continue
        by_urn[node_urn] = node
        raw.append((node_urn, node, nwhere))
    refs = {u: _text(n, "ref_id").strip() for u, n, _ in raw}
    parents = {}
    for node_urn, node, nwhere in raw:
        parent = _text(node, "parent_urn") or None
        if parent is not None and parent not in by_urn:
            report.error(nwhere, f"[{refs[node_urn]}] parent {parent!r} does not exist in the file")
            parent = None
        parents[node_urn] = parent
    final = _unique_refs(raw, refs, parents, by_urn, report)
    for node_urn, node, nwhere in raw:
        assessable = node.get("assessable", False)
        ref = final[node_urn]
        description = _text(node, "description").strip()
        title = _text(node, "name").strip() or _first_line(description) or ref
        if len(title) > 500:
            report.warn(nwhere, f"[{ref}] name is {len(title)} characters; the title keeps the first 500")
            title = title[:499].rstrip() + "…"
        evidence = node.get("typical_evidence")
        annotation = _text(node, "annotation").strip()
        fp.nodes.append(NodePlan(
            ref=ref, title=title, kind=_kind(ref, assessable), parent=final.get(parents[node_urn]),
            assessable=assessable, guidance=annotation, typical_evidence=_lines(evidence),
            urn=node_urn, official_text=description, official_text_source=text_source if description else "",
            official_text_by=TextBy.THIRD_PARTY, guidance_source=guidance_source if annotation else "",
            where=nwhere))
    return fp, final


def _unique_refs(raw, refs, parents, by_urn, report) -> dict:
    """{node urn: ref}: unique, at most 100 characters, never a heading's URN segment posing as a real ref."""
    base = {}
    for node_urn, *_rest in raw:
        ref = refs[node_urn]
        base[node_urn] = annex_a_ref(ref, _in_annex_a(node_urn, parents, by_urn, refs)) if ref else ""
    used = {r for r in base.values() if r}
    final, taken, first = {}, set(), {}
    for node_urn, _node, nwhere in raw:
        ref = base[node_urn]
        if not ref:  # a node without ref_id: its URN's last segment, else its name, if no real ref has it
            name = " ".join(_text(by_urn[node_urn], "name").split())[:MAX_REF - 6]
            suffix = urn_suffix(node_urn).strip()
            candidates = [suffix[:MAX_REF], name]
            parent_ref = final.get(parents.get(node_urn))
            if suffix.isdigit() and parent_ref:  # the converter's counter under its parent ("<parent urn>:3")
                candidates.insert(0, f"{parent_ref}.{suffix}"[:MAX_REF])
            ref = next((c for c in candidates if c and c not in used and c not in taken), None)
            n, candidate = 2, candidates[1] or candidates[0] or "node"
            while ref is None or ref in used or ref in taken:
                ref, n = f"{candidate} ({n})", n + 1
        else:
            if len(ref) > MAX_REF:
                short = ref[:MAX_REF - 1].rstrip() + "…"
                report.warn(nwhere, f"ref_id {ref[:40]!r}... is {len(ref)} characters; stored as {short!r}")
                ref = short
            if ref in taken:
                parent_ref = final.get(parents.get(node_urn)) or "root"
                candidate = f"{ref} ({parent_ref})"[:MAX_REF]
                unique, n = candidate, 2
                while unique in taken or unique in used:
                    unique, n = f"{candidate[:MAX_REF - 6]} ({n})", n + 1
                report.warn(nwhere, f"ref_id {ref!r} is used twice (first at {first[ref]}); this one is stored as "
                                    f"{unique!r}")
                ref = unique
        taken.add(ref)
        first.setdefault(ref, nwhere)
        final[node_urn] = ref
    return final


def _in_annex_a(node_urn, parents, by_urn, refs) -> bool:
    cursor, guard = parents.get(node_urn), 0
    while cursor is not None and guard < 50:
        if is_annex_a_container(refs[cursor] or "", _text(by_urn[cursor], "name")):
            return True
        cursor, guard = parents.get(cursor), guard + 1
    return False


def _kind(ref: str, assessable) -> str:
    if re.match(r"^(art\.?|article)\s*\d", ref, re.IGNORECASE):
        return "article"
    return "control" if assessable is True else "control_group"


def _first_line(text: str) -> str:
    line = text.splitlines()[0].strip() if text else ""
    return line if len(line) <= 120 else line[:117].rstrip() + "..."


def _lines(value) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    if not value:
        return []
    return [line.strip().lstrip("-•* ").strip() for line in str(value).splitlines() if line.strip().lstrip("-•* ")]


def _resolve_framework(urn: str, urn_refs: dict):
    """A framework URN -> (slug, {node urn: ref} for in-file frameworks or None for installed ones)."""
    if urn in urn_refs:
        return urn_refs[urn]
    framework = identity.find(urn, slug_from_urn(urn))
    return (framework.slug, None) if framework else (None, None)


def _resolve_node(urn: str, slug: str, in_file: dict | None, cache: dict):
    if in_file is not None:
        return in_file.get(urn)
    if slug not in cache:
        rows = list(Requirement.objects.filter(framework__slug=slug).values_list("urn", "ref"))
        cache[slug] = ({u: r for u, r in rows if u}, {r.lower(): r for _u, r in rows})
    by_urn, by_ref = cache[slug]
    return by_urn.get(urn) or by_ref.get(urn_suffix(urn).lower())


def _read_set(ms, library, name, where, plan, urn_refs, unknown, seen_pairs=frozenset()):
    report = plan.report
    unknown(where, ms, SET_KEYS, "mapping set")
    ends = {}
    for side in ("source", "target"):
        urn = _text(ms, f"{side}_framework_urn")
        if not urn:
            report.error(where, f"mapping set: {side}_framework_urn is missing")
            return None
        ends[side] = (urn, *_resolve_framework(urn, urn_refs))
    rows = ms.get("requirement_mappings") or []
    if not isinstance(rows, list):
        report.error(where, "requirement_mappings must be a list")
        return None
    for side, (urn, slug, _nodes) in ends.items():
        if slug is None:
            report.warn(where, f"{side} framework {urn!r} is not in this installation or the file; the set's "
                               f"{len(rows)} rows are skipped")
            return None
    if (ends["target"][1], ends["source"][1]) in seen_pairs:  # before its rows: a skipped set's rows say nothing
        report.warn(where, f"reverse of the {ends['target'][1]} -> {ends['source'][1]} mapping set in this file; "
                           f"skipped (Forty2 reads every mapping in both directions)")
        return None
    label = _text(ms, "ref_id") or _text(ms, "urn") or f"set {where}"
    provenance = f"Imported from {name} (CISO Assistant library {_text(library, 'urn')}, mapping set {label})"[:500]
    sp = MappingSetPlan(source=ends["source"][1], target=ends["target"][1],
                        name=(_text(ms, "name") or label)[:300], description=_text(ms, "description"),
                        source_document=f"{_text(library, 'name')} ({_text(library, 'provider')})".strip(" ()")[:500],
                        urn=_text(ms, "urn"), where=where)
    cache: dict = {}
    for index, row in enumerate(rows):
        rwhere = _where(name, row, f"requirement_mappings[{index}]")
        if not isinstance(row, dict):
            report.error(rwhere, "mapping row must be a mapping")
            continue
        unknown(rwhere, row, ROW_KEYS, "mapping row")
        relationship = _text(row, "relationship")
        if relationship == "not_related":
            report.warn(rwhere, "relationship not_related: row skipped (Forty2 records only related pairs)")
            continue
        if relationship not in RELATIONSHIPS:
            report.warn(rwhere, f"relationship {relationship!r} is not one of equal, subset, superset, intersect, "
                                "not_related; row skipped")
            continue
        refs, missing = {}, False
        for side in ("source", "target"):
            urn = _text(row, f"{side}_requirement_urn")
            _furn, slug, in_file = ends[side]
            refs[side] = _resolve_node(urn, slug, in_file, cache)
            if refs[side] is None:
                report.warn(rwhere, f"{side} requirement {urn!r} (ref {urn_suffix(urn)!r}) does not exist in "
                                    f"{slug}; row skipped")
                missing = True
        if missing:
            continue
        note = _text(row, "annotation").strip()
        extras = [f"{k} {_text(row, k)}" for k in ("rationale", "strength_of_relationship", "strength")
                  if _text(row, k)]
        if extras:
            note = f"{note} ({'; '.join(extras)})".strip()
        sp.rows.append(RowPlan(source_ref=refs["source"], target_ref=refs["target"],
                               relationship=RELATIONSHIPS[relationship], note=note, provenance=provenance,
                               where=rwhere))
    return sp
