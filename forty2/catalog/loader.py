"""Load the frameworks and crosswalks that ship in ``forty2/catalog/data`` (ISO/IEC 42001 4.2, 6.1.3).

Runs after every ``migrate`` (a ``post_migrate`` handler, see :mod:`forty2.catalog.apps`): a framework or
mapping set is written when it is missing or its file's ``data_version`` is higher than the installed one, so
re-running changes nothing and a new release of the data upgrades in place. Upserts go by (framework slug, ref);
requirements an organisation has a status on are never deleted.
"""

import logging
import time
from functools import lru_cache
from pathlib import Path

from django.db import transaction

from . import read_native
from .apply import Summary, apply
from .models import Framework, MappingSet, Origin
from .plan import Plan, validate
from .yamlio import load_yaml, read_text

log = logging.getLogger("forty2.catalog")

DATA_DIR = Path(__file__).resolve().parent / "data"
#: the order frameworks are listed in (42001 first: it is the standard the AIMS is certified against)
ORDER = ["iso-iec-42001-2023", "iso-iec-27001-2022", "iso-9001-2015", "nist-ai-rmf-1.0", "eu-ai-act-2024-1689"]


def read_shipped(data_dir: Path = DATA_DIR) -> Plan:
    """Every shipped file as one plan (structural problems raise; the shipped data must be clean)."""
    plan = Plan(source_file=str(data_dir), origin=Origin.SHIPPED)
    framework_files = sorted((data_dir / "frameworks").glob("*.yaml"),
                             key=lambda p: (ORDER.index(p.stem) if p.stem in ORDER else len(ORDER), p.stem))
    for path in [*framework_files, *sorted((data_dir / "mappings").glob("*.yaml"))]:
        data = load_yaml(read_text(path))
        if not read_native.is_native(data):
            plan.report.error(path.name, "not a forty2-catalog/1 or forty2-mappings/1 file")
            continue
        read_native.read(data, path.name, plan)
    plan.report.raise_if_errors()
    return plan


@lru_cache(maxsize=4)
def _cached_plan(data_dir: str) -> Plan:
    return read_shipped(Path(data_dir))


def _restrict(plan: Plan, slugs: set, pairs: set) -> Plan:
    return Plan(source_file=plan.source_file, origin=plan.origin,
                frameworks=[f for f in plan.frameworks if f.slug in slugs],
                mapping_sets=[s for s in plan.mapping_sets if (s.source, s.target) in pairs])


def pending(plan: Plan) -> tuple[set, set]:
    """Slugs and (source, target) pairs whose shipped data is newer than (or missing from) the database."""
    installed = {slug: (dv, origin) for slug, dv, origin in
                 Framework.objects.values_list("slug", "data_version", "origin")}
    sets = {(s, t): dv for s, t, dv in MappingSet.objects.values_list("source__slug", "target__slug",
                                                                      "data_version")}
    slugs = set()
    for fp in plan.frameworks:
        current = installed.get(fp.slug)
        if current is None or (current[1] == Origin.SHIPPED and fp.data_version > current[0]):
            slugs.add(fp.slug)
        elif current[1] != Origin.SHIPPED:
            log.warning("catalog: %s was imported before Forty2 shipped it; the installed copy is kept", fp.slug)
    pairs = set()
    for sp in plan.mapping_sets:
        key = (sp.source, sp.target)
        if key not in sets or sp.data_version > sets[key] or {sp.source, sp.target} & slugs:
            if {sp.source, sp.target} <= {f.slug for f in plan.frameworks}:
                pairs.add(key)
    return slugs, pairs


def sync_shipped(data_dir: Path | None = None) -> Summary | None:
    """Bring the installed catalog up to the shipped data; ``None`` when it already was."""
    started = time.perf_counter()
    plan = _cached_plan(str(data_dir or DATA_DIR))
    slugs, pairs = pending(plan)
    if not slugs and not pairs:
        return None
    work = _restrict(plan, slugs, pairs)
    installed = set(Framework.objects.values_list("slug", flat=True))

    def known_refs(slug):
        fp = plan.framework(slug)
        if fp is not None and slug in installed:
            return {n.ref for n in fp.nodes}
        return None

    validate(work, known_refs)
    with transaction.atomic():
        summary = apply(work, allow_shipped=True, prune=True)
    for problem in summary.kept:
        log.warning("catalog: %s", problem)
    log.info("catalog: shipped data loaded in %.0f ms (%s)", (time.perf_counter() - started) * 1000,
             "; ".join(summary.lines()))
    return summary
