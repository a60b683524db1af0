"""``forty2 catalog import``: read a catalog file in any supported format, check it, and write it.

Formats: ``forty2`` (the shipped YAML format), ``ciso-assistant`` (CISO Assistant's YAML library format) and
``oscal`` (an OSCAL catalog in JSON). Structural problems (unreadable file, unknown fields, duplicate refs, a
node whose parent is missing) raise :class:`StructuralError` and change nothing; mapping rows whose ends do not
exist are skipped and reported with their place in the file. ``strict`` turns every warning into an error;
``dry_run`` does the whole import and rolls it back, so it reports exactly what would change.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from forty2.core import audit

from . import read_ciso, read_native, read_oscal
from .apply import Summary, apply
from .models import Framework, Origin, Requirement
from .plan import Plan, Problem, StructuralError, validate
from .yamlio import FileProblem, load_json, load_yaml, read_text

FORMATS = ("forty2", "ciso-assistant", "oscal")


@dataclass
class ImportResult:
    plan: Plan
    summary: Summary
    dry_run: bool

    @property
    def warnings(self) -> list[Problem]:
        return self.plan.report.warnings + self.summary.kept


def known_refs(slug: str):
    if not Framework.objects.filter(slug=slug).exists():
        return None
    return set(Requirement.objects.filter(framework__slug=slug).values_list("ref", flat=True))


def _detect(data, path: Path) -> str:
    if read_native.is_native(data):
        return "forty2"
    if read_oscal.is_oscal(data):
        return "oscal"
    if read_ciso.is_ciso_assistant(data):
        return "ciso-assistant"
    raise StructuralError([Problem(path.name, "not a catalog file this version understands (expected a Forty2 "
                                              "catalog, a CISO Assistant library or an OSCAL catalog)")])


def read_file(path, *, fmt: str | None = None, slug: str | None = None) -> Plan:
    """Parse and validate ``path``; raise :class:`StructuralError` on structural problems."""
    path = Path(path)
    if fmt is not None and fmt not in FORMATS:
        raise StructuralError([Problem("--format", f"{fmt!r} is not one of {', '.join(FORMATS)}")])
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise StructuralError([Problem(str(path), f"cannot read: {exc.strerror or exc}")]) from None
    limit = getattr(settings, "FORTY2_MAX_IMPORT_BYTES", 10 * 1024 * 1024) * 5
    if size > limit:
        raise StructuralError([Problem(path.name, f"file is {size} bytes; the limit is {limit}")])
    try:
        text = read_text(path)
        as_json = fmt == "oscal" or (fmt is None and path.suffix.lower() == ".json")
        data = load_json(text) if as_json else load_yaml(text)
    except FileProblem as exc:
        raise StructuralError([Problem(path.name, str(exc))]) from None
    detected = _detect(data, path)
    fmt = fmt or detected
    if fmt != detected:
        raise StructuralError([Problem(path.name, f"--format {fmt} given, but the file looks like {detected}")])
    plan = Plan(source_file=path.name, origin=Origin.IMPORTED)
    if fmt == "forty2":
        if slug:
            raise StructuralError([Problem("--slug", "a Forty2 catalog file names its own slug")])
        read_native.read(data, path.name, plan)
    elif fmt == "oscal":
        read_oscal.read(data, path.name, plan, slug=slug)
    else:
        read_ciso.read(data, path.name, plan, slug=slug)
    validate(plan, known_refs)  # raises with the reader's problems and its own, all reported together
    return plan


def import_file(path, *, fmt: str | None = None, slug: str | None = None, strict: bool = False,
                dry_run: bool = False, actor=None) -> ImportResult:
    plan = read_file(path, fmt=fmt, slug=slug)
    if strict and plan.report.warnings:
        raise StructuralError([Problem(p.where, f"{p.message} (--strict)") for p in plan.report.warnings])
    with transaction.atomic():
        summary = apply(plan, dry_run=dry_run)
        if strict and summary.kept:
            raise StructuralError([Problem(p.where, f"{p.message} (--strict)") for p in summary.kept])
        if not dry_run and summary.changed:
            audit.record("catalog.import", actor=actor, object_type="catalog", object_id=plan.source_file[:64],
                         object_repr=f"import of {plan.source_file}",
                         changes={**summary.as_dict(), "warnings": len(plan.report.warnings)})
    return ImportResult(plan=plan, summary=summary, dry_run=dry_run)
