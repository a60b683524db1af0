"""``forty2 catalog load-text SLUG FILE``: attach the official requirement text a user has licensed.

ISO and IEC text is copyrighted: Forty2 ships numbers, short titles and its own guidance only. An organisation
that holds a licence may load the text into its own installation; it is stored per requirement, shown on the
requirement page of this installation, and never shipped or exported (unless an export is explicitly asked to
include it).

File formats: YAML or JSON mapping ``ref: text`` (a nested mapping under a key such as ``annex_a`` or
``Annex A`` means its numbered refs are Annex A controls: ``5.1`` there is ``A.5.1``), or CSV with the columns
``ref`` and ``text`` and optionally ``annex`` (``A`` for Annex A).
"""

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from forty2.core import audit

from .importer import MAX_CATALOG_BYTES
from .models import Framework, Requirement, TextBy
from .plan import MAX_TEXT, Problem, Report, StructuralError, annex_a_ref, is_annex_a_container
from .yamlio import FileProblem, load_json, load_yaml, read_text


@dataclass
class TextResult:
    loaded: int = 0
    unchanged: int = 0
    report: Report = field(default_factory=Report)


def _entries(path: Path) -> tuple[list, Report]:
    """[(ref, text, where)] from the file; structural problems raise."""
    report = Report()
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise StructuralError([Problem(name, f"cannot read: {exc.strerror or exc}")]) from None
    if size > MAX_CATALOG_BYTES:
        raise StructuralError([Problem(name, f"file is {size} bytes; the limit is {MAX_CATALOG_BYTES}")])
    try:
        text = read_text(path)
    except FileProblem as exc:
        raise StructuralError([Problem(name, str(exc))]) from None
    entries = []
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or not {"ref", "text"} <= set(reader.fieldnames):
            raise StructuralError([Problem(name, "CSV needs the columns ref and text (and optionally annex)")])
        for line, row in enumerate(reader, start=2):
            ref = (row.get("ref") or "").strip()
            annex = (row.get("annex") or "").strip()
            entries.append((annex_a_ref(ref, is_annex_a_container(annex)), row.get("text") or "", f"{name}:{line}"))
        return entries, report
    try:
        data = load_json(text) if path.suffix.lower() == ".json" else load_yaml(text)
    except FileProblem as exc:
        raise StructuralError([Problem(name, str(exc))]) from None
    if not isinstance(data, dict):
        raise StructuralError([Problem(name, "expected a mapping of ref to text")])

    def walk(mapping, in_annex_a):
        lines = getattr(mapping, "lines", {})
        for key, value in mapping.items():
            where = f"{name}:{lines[key]}" if key in lines else f"{name} [{key}]"
            if isinstance(value, dict):
                walk(value, in_annex_a or is_annex_a_container(str(key)))
            elif isinstance(value, str):
                entries.append((annex_a_ref(str(key).strip(), in_annex_a), value, where))
            else:
                report.error(where, f"{key}: the text must be a string")

    walk(data, False)
    report.raise_if_errors()
    return entries, report


def load_official_text(framework: Framework, path, *, actor=None, strict=False, dry_run=False) -> TextResult:
    path = Path(path)
    entries, report = _entries(path)
    result = TextResult(report=report)
    nodes = {r.ref: r for r in Requirement.objects.filter(framework=framework)}
    folded = {ref.lower(): r for ref, r in nodes.items()}
    seen, changed = set(), []
    for ref, text, where in entries:
        node = nodes.get(ref) or folded.get(ref.lower())
        if node is None:
            report.warn(where, f"no requirement {ref!r} in {framework.slug}; skipped")
            continue
        if node.ref in seen:
            report.warn(where, f"{node.ref} appears twice; the later text is used")
        seen.add(node.ref)
        text = text.strip()
        if node.official_text == text:
            result.unchanged += 1
            continue
        if len(text) > MAX_TEXT:
            report.error(where, f"[{node.ref}] text is {len(text)} characters long; the limit is {MAX_TEXT}")
            continue
        node.official_text = text
        node.official_text_source = f"{path.name}, loaded {timezone.now():%Y-%m-%d}"[:300]
        node.official_text_by = TextBy.PUBLISHER  # the user's own licensed copy of the standard
        if node not in changed:
            changed.append(node)
    report.raise_if_errors()
    if strict and report.warnings:
        raise StructuralError([Problem(p.where, f"{p.message} (--strict)") for p in report.warnings])
    result.loaded = len(changed)
    if changed and not dry_run:
        with transaction.atomic():
            Requirement.objects.bulk_update(changed, ["official_text", "official_text_source", "official_text_by"],
                                            batch_size=500)
            audit.record("catalog.load_text", actor=actor, obj=framework,
                         changes={"file": path.name, "requirements": len(changed),
                                  "skipped": len(report.warnings)})
    return result


def clear_official_text(framework: Framework, *, actor=None) -> int:
    with transaction.atomic():
        count = (Requirement.objects.filter(framework=framework).exclude(official_text="")
                 .update(official_text="", official_text_source=""))
        if count:
            audit.record("catalog.clear_text", actor=actor, obj=framework, changes={"requirements": count})
    return count
