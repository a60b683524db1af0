"""Write a validated :class:`~forty2.catalog.plan.Plan`: upsert frameworks and requirements by (slug, ref),
replace mapping rows by (source, target) pair, in one transaction. Bulk writes keep the shipped load fast
(it runs after every ``migrate``); a dry run does the same work and rolls it back, so its counts are exact.

No silent loss: an import that would remove requirements or mapping rows does the whole work, lists what it
would remove (:attr:`Summary.removed`) and rolls back unless ``prune`` is given. Mapping rows removed with
their requirement (from any crosswalk, whichever file brought it) are counted and parked on their mapping set;
they come back when the requirement does.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Q

from .models import Framework, InferenceRejection, Mapping, MappingSet, Origin, Requirement, RequirementStatus
from .plan import FrameworkPlan, MappingSetPlan, Plan, Problem, StructuralError, depths

NODE_FIELDS = ("title", "kind", "assessable", "guidance", "typical_evidence", "documented_information", "urn",
               "position", "depth", "guidance_source", "withdrawn")
TEXT_FIELDS = ("official_text", "official_text_source", "official_text_by")
FRAMEWORK_FIELDS = ("name", "short_name", "version", "publisher", "licence_note", "description", "data_version",
                    "urn", "reference_lists")
ROW_VALUES = ("relationship", "note", "provenance", "published_as", "correction_original_ref", "correction_reason",
              "position")
ROW_FIELDS = ("relationship", "note", "provenance", "published_as", "correction_original_ref", "correction_reason",
              "position")


@dataclass
class Summary:
    frameworks_created: list[str] = field(default_factory=list)
    frameworks_updated: list[str] = field(default_factory=list)
    requirements: dict = field(default_factory=lambda: {"created": 0, "updated": 0, "removed": 0, "unchanged": 0})
    rows: dict = field(default_factory=lambda: {"created": 0, "updated": 0, "removed": 0, "unchanged": 0})
    mapping_sets: list[str] = field(default_factory=list)
    kept: list[Problem] = field(default_factory=list)
    #: what the import removes (or would remove without --prune): "requirement X" / "mapping row A -> B"
    removed: list[str] = field(default_factory=list)
    #: mapping rows removed with their requirement, parked until it comes back; and rows brought back
    parked: int = 0
    restored: int = 0
    pruned: bool = False

    @property
    def changed(self) -> bool:
        r, m = self.requirements, self.rows
        return bool(self.frameworks_created or self.frameworks_updated or r["created"] or r["updated"]
                    or r["removed"] or m["created"] or m["updated"] or m["removed"])

    @property
    def needs_prune(self) -> bool:
        return bool(self.removed) and not self.pruned

    def lines(self) -> list[str]:
        r, m = self.requirements, self.rows
        out = []
        if self.frameworks_created:
            out.append(f"frameworks created: {', '.join(self.frameworks_created)}")
        if self.frameworks_updated:
            out.append(f"frameworks updated: {', '.join(self.frameworks_updated)}")
        out.append(f"requirements: {r['created']} created, {r['updated']} updated, {r['removed']} removed, "
                   f"{r['unchanged']} unchanged")
        if self.mapping_sets:
            out.append(f"mapping sets: {', '.join(self.mapping_sets)}")
        extra = []
        if self.parked:
            extra.append(f"{self.parked} of them with their requirement, kept to restore when it returns")
        if self.restored:
            extra.append(f"{self.restored} restored with their requirement")
        out.append(f"mapping rows: {m['created']} created, {m['updated']} updated, {m['removed']} removed, "
                   f"{m['unchanged']} unchanged" + (f" ({'; '.join(extra)})" if extra else ""))
        return out

    def as_dict(self) -> dict:
        return {"frameworks_created": self.frameworks_created, "frameworks_updated": self.frameworks_updated,
                "requirements": self.requirements, "rows": self.rows, "mapping_sets": self.mapping_sets,
                "rows_parked": self.parked, "rows_restored": self.restored, "removed": self.removed[:200]}


class _DryRun(Exception):
    pass


def apply(plan: Plan, *, dry_run: bool = False, allow_shipped: bool = False, prune: bool = False) -> Summary:
    """Write ``plan`` (already validated). Imports may not replace what Forty2 ships (``allow_shipped`` is for
    the shipped-data loader); that is a structural error and nothing is written. Without ``prune``, an import
    that would remove anything is rolled back: check :attr:`Summary.needs_prune`."""
    summary = Summary(pruned=prune)
    try:
        with transaction.atomic():
            _guard_shipped(plan, allow_shipped)
            frameworks = {}
            for fp in plan.frameworks:
                frameworks[fp.slug] = _apply_framework(fp, plan, summary)
            for sp in plan.mapping_sets:
                _apply_mapping_set(sp, plan, summary, frameworks)
            touched = {fw.pk: fw for fw in frameworks.values()}
            for sp in plan.mapping_sets:
                for fw in Framework.objects.filter(slug__in=(sp.source, sp.target)):
                    touched.setdefault(fw.pk, fw)
            for framework in touched.values():
                _restore_parked(framework, summary)
            if dry_run or summary.needs_prune:
                raise _DryRun
    except _DryRun:
        pass
    return summary


def _guard_shipped(plan: Plan, allow_shipped: bool) -> None:
    if allow_shipped:
        return
    problems = []
    shipped = set(Framework.objects.filter(slug__in=[f.slug for f in plan.frameworks], origin=Origin.SHIPPED)
                  .values_list("slug", flat=True))
    for fp in plan.frameworks:
        if fp.slug in shipped:
            problems.append(Problem(fp.where, f"framework {fp.slug} ships with Forty2 and cannot be replaced by an "
                                              "import (give the file's framework another slug, e.g. with --slug)"))
    if problems:
        raise StructuralError(problems)


def _apply_framework(fp: FrameworkPlan, plan: Plan, summary: Summary) -> Framework:
    values = {key: getattr(fp, key) for key in FRAMEWORK_FIELDS}
    values.update(origin=plan.origin, source_file=plan.source_file if plan.origin == Origin.IMPORTED else "")
    framework = Framework.objects.filter(slug=fp.slug).first()
    known = set(framework.aliases or []) if framework is not None else set()
    values["aliases"] = sorted(known | {a for a in fp.aliases if a})
    if framework is not None and framework.urn and fp.urn and framework.urn != fp.urn:
        values["aliases"] = sorted(set(values["aliases"]) | {framework.urn})
    if framework is None:
        position = (Framework.objects.aggregate(m=Max("position"))["m"] or 0) + 1
        framework = Framework.objects.create(slug=fp.slug, position=position, **values)
        summary.frameworks_created.append(fp.slug)
        existing = {}
    else:
        # the file's name alone is no change: re-importing an export under another name changes nothing
        changed = [key for key, value in values.items() if getattr(framework, key) != value]
        if changed == ["source_file"]:
            changed = []
        if changed:
            for key in changed:
                setattr(framework, key, values[key])
            framework.save()
            summary.frameworks_updated.append(fp.slug)
        existing = {r.ref: r for r in Requirement.objects.filter(framework=framework)}
    _apply_nodes(framework, fp, existing, summary)
    return framework


def _apply_nodes(framework: Framework, fp: FrameworkPlan, existing: dict, summary: Summary) -> None:
    depth_of = depths(fp.nodes)
    ids = {ref: r.pk for ref, r in existing.items()}
    counts = summary.requirements
    planned = []
    for position, node in enumerate(fp.nodes, start=1):
        values = {"title": node.title.strip(), "kind": node.kind, "assessable": node.assessable,
                  "guidance": (node.guidance or "").strip(), "typical_evidence": list(node.typical_evidence),
                  "documented_information": list(node.documented_information), "urn": node.urn or "",
                  "position": position, "depth": depth_of[node.ref], "guidance_source": node.guidance_source or "",
                  "withdrawn": bool(node.withdrawn)}
        if node.withdrawn:
            values["assessable"] = False
        if node.official_text is not None:
            values["official_text"] = node.official_text
            values["official_text_by"] = node.official_text_by
            if node.official_text_source is not None:
                values["official_text_source"] = node.official_text_source
        planned.append((node, values))
    # new nodes, one level at a time so every parent has its id before its children are inserted
    by_level: dict[int, list] = {}
    for node, values in planned:
        if node.ref not in existing:
            by_level.setdefault(values["depth"], []).append((node, values))
    for level in sorted(by_level):
        objs = [Requirement(framework=framework, ref=node.ref, parent_id=ids[node.parent] if node.parent else None,
                            **values) for node, values in by_level[level]]
        for obj in Requirement.objects.bulk_create(objs):
            ids[obj.ref] = obj.pk
        counts["created"] += len(objs)
    changed = []
    for node, values in planned:
        current = existing.get(node.ref)
        if current is None:
            continue
        values["parent_id"] = ids[node.parent] if node.parent else None
        dirty = [k for k, v in values.items() if getattr(current, k) != v]
        for key in dirty:
            setattr(current, key, values[key])
        if dirty:
            changed.append(current)
        else:
            counts["unchanged"] += 1
    if changed:
        Requirement.objects.bulk_update(changed, [*NODE_FIELDS, *TEXT_FIELDS, "parent"], batch_size=500)
        counts["updated"] += len(changed)
    planned_refs = {n.ref for n in fp.nodes}
    gone = [r for ref, r in existing.items() if ref not in planned_refs]
    if gone:
        _remove_nodes(framework, gone, summary)


def _remove_nodes(framework: Framework, gone: list, summary: Summary) -> None:
    """Nodes the new file no longer has are deleted, unless an organisation has recorded a status on them
    (or on a descendant): those stay, and the report says so."""
    ids = {r.pk for r in gone}
    used = set(RequirementStatus.objects.filter(Q(requirement_id__in=ids) | Q(inferred_from_id__in=ids))
               .values_list("requirement_id", "inferred_from_id").distinct().iterator())
    used_ids = {i for pair in used for i in pair if i in ids}
    keep = set(used_ids)
    by_id = {r.pk: r for r in gone}
    for pk in list(used_ids):  # keep the ancestors of a kept node too, so the tree stays whole
        parent = by_id[pk].parent_id
        while parent in by_id and parent not in keep:
            keep.add(parent)
            parent = by_id[parent].parent_id
    for pk in sorted(keep):
        summary.kept.append(Problem(framework.slug, f"[{by_id[pk].ref}] is no longer in the file but an "
                                                    "organisation has a status on it; kept"))
    doomed = [pk for pk in ids if pk not in keep]
    for pk in sorted(doomed, key=lambda pk: by_id[pk].position):
        summary.removed.append(f"requirement {framework.slug} {by_id[pk].ref}")
    if doomed:
        _park_rows(doomed, summary)
        InferenceRejection.objects.filter(Q(requirement_id__in=doomed) | Q(inferred_from_id__in=doomed)).delete()
        Requirement.objects.filter(pk__in=doomed).update(parent=None)
        Requirement.objects.filter(pk__in=doomed).delete()
        summary.requirements["removed"] += len(doomed)


def _apply_mapping_set(sp: MappingSetPlan, plan: Plan, summary: Summary, frameworks: dict) -> None:
    source = frameworks.get(sp.source) or Framework.objects.get(slug=sp.source)
    target = frameworks.get(sp.target) or Framework.objects.get(slug=sp.target)
    values = {"name": sp.name, "description": sp.description, "source_document": sp.source_document,
              "data_version": sp.data_version, "urn": sp.urn, "unmapped": sp.unmapped, "origin": plan.origin,
              "source_file": plan.source_file if plan.origin == Origin.IMPORTED else ""}
    mapping_set = MappingSet.objects.filter(source=source, target=target).first()
    if mapping_set is None:
        mapping_set = MappingSet.objects.create(source=source, target=target, **values)
        existing = {}
    else:
        changed = [k for k, v in values.items() if getattr(mapping_set, k) != v]
        changed = [] if changed == ["source_file"] else changed
        for key in changed:
            setattr(mapping_set, key, values[key])
        if changed:
            mapping_set.save()
        existing = {(m.source_id, m.target_id): m for m in Mapping.objects.filter(mapping_set=mapping_set)}
    summary.mapping_sets.append(f"{sp.source} -> {sp.target}")
    src_ids = dict(Requirement.objects.filter(framework=source).values_list("ref", "pk"))
    tgt_ids = dict(Requirement.objects.filter(framework=target).values_list("ref", "pk"))
    counts = summary.rows
    create, update, keep = [], [], set()
    for position, row in enumerate(sp.rows, start=1):
        key = (src_ids[row.source_ref], tgt_ids[row.target_ref])
        values = {"relationship": row.relationship, "note": row.note or "", "provenance": row.provenance,
                  "published_as": row.published_as or "", "correction_original_ref": row.correction_original_ref or "",
                  "correction_reason": row.correction_reason or "", "position": position}
        current = existing.get(key)
        keep.add(key)
        if current is None:
            create.append(Mapping(mapping_set=mapping_set, source_id=key[0], target_id=key[1], **values))
            continue
        dirty = [k for k, v in values.items() if getattr(current, k) != v]
        if dirty:
            for k in dirty:
                setattr(current, k, values[k])
            update.append(current)
        else:
            counts["unchanged"] += 1
    removed = [m.pk for key, m in existing.items() if key not in keep]
    if removed:
        refs = dict(Requirement.objects.filter(pk__in={i for k in existing for i in k}).values_list("pk", "ref"))
        summary.removed.extend(f"mapping row {sp.source} {refs[k[0]]} -> {sp.target} {refs[k[1]]}"
                               for k, m in existing.items() if k not in keep)
        Mapping.objects.filter(pk__in=removed).delete()
    if update:
        Mapping.objects.bulk_update(update, ROW_FIELDS, batch_size=500)
    if create:
        Mapping.objects.bulk_create(create, batch_size=500)
    counts["created"] += len(create)
    counts["updated"] += len(update)
    counts["removed"] += len(removed)


def _row_label(row: Mapping) -> str:
    return (f"mapping row {row.source.framework.slug} {row.source.ref} -> "
            f"{row.target.framework.slug} {row.target.ref}")


def _park_rows(doomed: list, summary: Summary) -> None:
    """Keep the mapping rows of removed requirements on their set, to restore them when the ends return."""
    rows = (Mapping.objects.filter(Q(source_id__in=doomed) | Q(target_id__in=doomed))
            .select_related("source__framework", "target__framework", "mapping_set"))
    by_set: dict[int, tuple] = {}
    for row in rows:
        summary.removed.append(_row_label(row) + " (with its requirement)")
        entry = {"source_ref": row.source.ref, "target_ref": row.target.ref,
                 **{key: getattr(row, key) for key in ROW_VALUES}}
        by_set.setdefault(row.mapping_set_id, (row.mapping_set, []))[1].append(entry)
    for mapping_set, entries in by_set.values():
        keys = {(e["source_ref"], e["target_ref"]) for e in entries}
        mapping_set.parked = [p for p in mapping_set.parked or [] if (p["source_ref"], p["target_ref"]) not in keys]
        mapping_set.parked += entries
        mapping_set.save(update_fields=["parked", "updated_at"])
        Mapping.objects.filter(mapping_set=mapping_set, source_id__in=doomed).delete()
        Mapping.objects.filter(mapping_set=mapping_set, target_id__in=doomed).delete()
        summary.parked += len(entries)
        summary.rows["removed"] += len(entries)


def _restore_parked(framework: Framework, summary: Summary) -> None:
    """Parked rows whose two ends exist again come back, as they were."""
    sets = MappingSet.objects.filter(Q(source=framework) | Q(target=framework))
    for mapping_set in sets:
        if not mapping_set.parked:
            continue
        src = dict(Requirement.objects.filter(framework_id=mapping_set.source_id).values_list("ref", "pk"))
        tgt = dict(Requirement.objects.filter(framework_id=mapping_set.target_id).values_list("ref", "pk"))
        present = set(Mapping.objects.filter(mapping_set=mapping_set).values_list("source_id", "target_id"))
        still, create = [], []
        for entry in mapping_set.parked:
            key = (src.get(entry["source_ref"]), tgt.get(entry["target_ref"]))
            if None in key:
                still.append(entry)
            elif key not in present:
                present.add(key)
                create.append(Mapping(mapping_set=mapping_set, source_id=key[0], target_id=key[1],
                                      **{k: entry.get(k, "") for k in ROW_VALUES if k != "position"},
                                      position=entry.get("position") or 0))
        Mapping.objects.bulk_create(create)
        mapping_set.parked = still
        mapping_set.save(update_fields=["parked", "updated_at"])
        summary.restored += len(create)
        summary.rows["created"] += len(create)
