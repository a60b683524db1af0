"""Reads of the risk register and impact assessments, always scoped to one organisation (ISO/IEC 42001 6.1, 8.2)."""

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from forty2.core.errors import InvalidInput, field_error
from forty2.records import filters

from .definitions import IMPACT_ASSESSMENT, RISK
from .models import ImpactAssessment, Level, Risk, RiskAssessmentRun

#: list parameters beyond the kit's vocabulary
EXTRA_PARAMS = ("system", "level", "overdue", "reassessment_due")
TRUE = {"1", "true", "yes", "on"}
METHODOLOGY_DETAIL = ("likelihood_scale", "consequence_scale", "matrix", "acceptance", "dimensions", "notes")


def parse_extra(params, *, strict: bool = True) -> dict:
    """``system`` (an AI system id), ``level`` (residual, else inherent), ``overdue`` and ``reassessment_due``."""
    out, errors = {}, []
    system = str(params.get("system") or "").strip()
    if system:
        if system.isdigit() and 0 < int(system) < 2**63:
            out["system"] = int(system)
        elif strict:
            errors.append(field_error("system", "Give an AI system id.", "int_parsing", "query"))
    level = str(params.get("level") or "").strip()
    if level:
        if level in Level.values:
            out["level"] = level
        elif strict:
            errors.append(field_error("level", f"'{level}' is not allowed; use one of: {', '.join(Level.values)}.",
                                      "enum", "query"))
    for key in ("overdue", "reassessment_due"):
        value = params.get(key)
        if value is True or str(value or "").strip().lower() in TRUE:
            out[key] = True
    if errors:
        raise InvalidInput(errors)
    return out


def risks(org, params: dict | None = None, *, strict: bool = True):
    """The register filtered and sorted by the kit's vocabulary plus :data:`EXTRA_PARAMS`."""
    params = params or {}
    kit = filters.parse(RISK, params, strict=strict)
    extra = parse_extra(params, strict=strict)
    # a page needs only the methodology's number: its scales and matrix (JSON) are not decoded per row
    qs = Risk.objects.for_org(org).select_related("owner", "methodology").defer(*(
        f"methodology__{name}" for name in METHODOLOGY_DETAIL))
    if "system" in extra:
        qs = qs.filter(ai_systems__id=extra["system"])
    if "level" in extra:
        qs = qs.filter(Q(residual_level=extra["level"]) | Q(residual_level="", inherent_level=extra["level"]))
    if extra.get("overdue"):
        qs = qs.filter(next_review__lt=timezone.localdate())
    if extra.get("reassessment_due"):
        qs = qs.filter(reassessment_due=True)
    return filters.apply(RISK, qs, kit)


def risk(org, pk: int) -> Risk:
    return Risk.objects.for_org(org).select_related("owner", "methodology", "source_assessment").get(pk=pk)


def attach_systems(items: list[Risk]) -> list[Risk]:
    """Set ``links`` ({"ai_systems": [{id, name}]}) on each risk in one query for the page."""
    ids = [int(r.pk) for r in items]
    found = {pk: [] for pk in ids}
    if ids:
        placeholders = ", ".join(["%s"] * len(ids))  # only placeholders are formatted in; the ids are bound
        sql = ("SELECT l.risk_id, s.id, s.name FROM risk_risk_ai_systems l JOIN inventory_aisystem s "  # nosec B608
               f"ON s.id = l.aisystem_id WHERE l.risk_id IN ({placeholders}) ORDER BY s.name")
        with connection.cursor() as cursor:
            cursor.execute(sql, ids)
            for rid, sid, name in cursor.fetchall():
                found[rid].append({"id": sid, "name": name})
    for r in items:
        r.links = {"ai_systems": found[r.pk]}
    return items


def heatmap(org, qs=None) -> dict:
    """Counts per (likelihood, consequence) cell, inherent and residual, of the risks in ``qs``."""
    qs = Risk.objects.for_org(org) if qs is None else qs
    grids = {"inherent": {}, "residual": {}}
    for il, ic, rl, rc in qs.order_by().values_list("inherent_likelihood", "inherent_consequence",
                                                    "residual_likelihood", "residual_consequence"):
        if il and ic:
            grids["inherent"][(int(il), int(ic))] = grids["inherent"].get((int(il), int(ic)), 0) + 1
        if rl and rc:
            grids["residual"][(int(rl), int(rc))] = grids["residual"].get((int(rl), int(rc)), 0) + 1
    return grids


def assessments(org, params: dict | None = None, *, strict: bool = True):
    params = params or {}
    kit = filters.parse(IMPACT_ASSESSMENT, params, strict=strict)
    qs = ImpactAssessment.objects.for_org(org).select_related("ai_system", "last_edited_by")
    system = str(params.get("system") or "").strip()
    if system:
        if not (system.isdigit() and 0 < int(system) < 2**63):
            if strict:
                raise InvalidInput([field_error("system", "Give an AI system id.", "int_parsing", "query")])
        else:
            qs = qs.filter(ai_system_id=int(system))
    if str(params.get("reassessment_due") or "").lower() in TRUE or params.get("reassessment_due") is True:
        qs = qs.filter(reassessment_due=True)
    return filters.apply(IMPACT_ASSESSMENT, qs, kit)


def assessment(org, pk: int) -> ImpactAssessment:
    return ImpactAssessment.objects.for_org(org).select_related("ai_system", "last_edited_by").get(pk=pk)


def runs(org):
    return RiskAssessmentRun.objects.for_org(org).select_related("methodology", "created_by")


def for_system(org, system):
    """The risks and impact assessments of one AI system, for its page."""
    return (Risk.objects.for_org(org).filter(ai_systems=system).select_related("owner").order_by("title"),
            ImpactAssessment.objects.for_org(org).filter(ai_system=system).order_by("-updated_at"))
