"""``forty2 catalog import``: read a catalog file in any supported format, check it, and write it.

Formats: ``forty2`` (the shipped YAML format), ``ciso-assistant`` (CISO Assistant's YAML library format) and
``oscal`` (an OSCAL catalog in JSON or YAML; OSCAL XML is refused with a clear message). Structural problems
(unreadable or hostile file, duplicate refs, a node whose parent is missing, a field over its length limit)
raise :class:`StructuralError` and change nothing; fields the reader does not use and mapping rows whose ends
do not exist are warnings, reported with their place in the file. ``strict`` turns every warning into an error;
``dry_run`` does the whole import and rolls it back, so it reports exactly what would change.

No silent loss: an import that would remove requirements or mapping rows raises :class:`PruneRequired` (listing
them, nothing written) unless ``prune`` is given. A crosswalk that ships with Forty2 is never replaced by an
imported one: the file's rows for that pair are skipped with a warning.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from forty2.core import audit

from . import read_ciso, read_native, read_oscal
from .apply import Summary, apply
from .models import Framework, MappingSet, Origin, Requirement
from .plan import Plan, Problem, StructuralError, validate
from .yamlio import FileProblem, load_any, read_text

FORMATS = ("forty2", "ciso-assistant", "oscal")
#: largest catalog file read (checked on its size, before reading): NIST's full SP 800-53 catalog is ~10 MB
MAX_CATALOG_BYTES = 20 * 1024 * 1024


class PruneRequired(StructuralError):
    """The import would remove requirements or mapping rows and ``prune`` was not given: nothing was written.
    ``summary.removed`` lists what would go."""

    def __init__(self, source_file: str, summary: Summary):
        self.summary = summary
        r, m = summary.requirements["removed"], summary.rows["removed"]
        super().__init__([Problem(source_file, f"the import would remove {r} requirement(s) and {m} mapping row(s); "
                                               "nothing was changed; re-run with --prune to remove them")])


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
    if isinstance(data, dict) and isinstance(data.get("profile"), dict):
        raise StructuralError([Problem(path.name, "this is an OSCAL profile, which selects controls from other "
                                                  "catalogs: resolve it into a catalog first (NIST publishes "
                                                  "resolved profile catalogs) and import that")])
    raise StructuralError([Problem(path.name, "not a catalog file this version understands (expected a Forty2 "
                                              "catalog, a CISO Assistant library or an OSCAL catalog)")])


def read_file(path, *, fmt: str | None = None, slug: str | None = None, as_new: bool = False) -> Plan:
    """Parse and validate ``path``; raise :class:`StructuralError` on structural problems."""
    path = Path(path)
    if fmt is not None and fmt not in FORMATS:
        raise StructuralError([Problem("--format", f"{fmt!r} is not one of {', '.join(FORMATS)}")])
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise StructuralError([Problem(str(path), f"cannot read: {exc.strerror or exc}")]) from None
    limit = getattr(settings, "FORTY2_MAX_CATALOG_BYTES", MAX_CATALOG_BYTES)
    if size > limit:
        raise StructuralError([Problem(path.name, f"file is {size} bytes; the limit is {limit} "
                                                  f"({limit // (1024 * 1024)} MB, FORTY2_MAX_CATALOG_BYTES)")])
    try:
        data = load_any(read_text(path))
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
        read_oscal.read(data, path.name, plan, slug=slug, as_new=as_new)
    else:
        read_ciso.read(data, path.name, plan, slug=slug, as_new=as_new)
    validate(plan, known_refs)  # raises with the reader's problems and its own, all reported together
    _skip_shipped_crosswalks(plan)
    return plan


def _skip_shipped_crosswalks(plan: Plan) -> None:
    """A crosswalk Forty2 ships (either direction) is not replaced by a file's: its rows are skipped, reported."""
    shipped = set(MappingSet.objects.filter(origin=Origin.SHIPPED).values_list("source__slug", "target__slug"))
    kept = []
    for sp in plan.mapping_sets:
        if (sp.source, sp.target) in shipped or (sp.target, sp.source) in shipped:
            plan.report.warn(sp.where, f"the crosswalk {sp.source} <-> {sp.target} ships with Forty2; the file's "
                                       f"{len(sp.rows)} rows for it are not imported")
        else:
            kept.append(sp)
    plan.mapping_sets = kept


def import_file(path, *, fmt: str | None = None, slug: str | None = None, strict: bool = False,
                dry_run: bool = False, prune: bool = False, as_new: bool = False, actor=None) -> ImportResult:
    plan = read_file(path, fmt=fmt, slug=slug, as_new=as_new)
    if strict and plan.report.warnings:
        raise StructuralError([Problem(p.where, f"{p.message} (--strict)") for p in plan.report.warnings])
    with transaction.atomic():
        summary = apply(plan, dry_run=dry_run, prune=prune)
        if summary.needs_prune and not dry_run:
            raise PruneRequired(plan.source_file, summary)
        if strict and summary.kept:
            raise StructuralError([Problem(p.where, f"{p.message} (--strict)") for p in summary.kept])
        if not dry_run and summary.changed:
            audit.record("catalog.import", actor=actor, object_type="catalog", object_id=plan.source_file[:64],
                         object_repr=f"import of {plan.source_file}",
                         changes={**summary.as_dict(), "warnings": len(plan.report.warnings)})
    return ImportResult(plan=plan, summary=summary, dry_run=dry_run)
