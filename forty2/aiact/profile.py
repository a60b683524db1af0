"""Risk profile of AI systems (ISO/IEC 42001 6.1.2, A.5), with the rules kept as data in
`data/risk_profile_rules.json`.

`derive_risk_profile` scores one system: known inputs add points, the total falls into a band, and rules set
floors ("at least high"); the level is the higher of the two. A missing input gives "incomplete", unless the
known inputs already force the top level: a prohibited practice (EU AI Act Art. 5) is "critical" whatever else
is missing, because nothing can lower it. `organisation_profile` sums up the systems in operation.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

LIFECYCLE_STAGES = ("inception", "design_development", "verification_validation", "deployment",
                    "operation_monitoring", "re_evaluation", "retirement")
IN_OPERATION_STAGES = ("deployment", "operation_monitoring", "re_evaluation")
STATUSES = ("proposed", "under_review", "approved", "restricted", "retired")


class ProfileInputError(ValueError):
    """Invalid risk-profile input; `errors` lists every problem as ``{"loc", "msg", "type"}`` (API 422 items)."""

    def __init__(self, errors: list[dict]):
        self.errors = list(errors)
        super().__init__("; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in self.errors))


@cache
def rules() -> dict:
    """The rule set of risk_profile_rules.json."""
    text = resources.files("forty2.aiact").joinpath("data", "risk_profile_rules.json").read_text(encoding="utf-8")
    return json.loads(text)


def _key(value) -> str:
    return json.dumps(value) if isinstance(value, bool) else value


def _allowed(values) -> str:
    return ", ".join(json.dumps(v) if isinstance(v, bool) else v for v in values)


def _valid(value, values) -> bool:
    if isinstance(value, bool):
        return any(v is value for v in values)
    return isinstance(value, str) and value in values


def _check_inputs(inputs: object) -> dict:
    spec = rules()["inputs"]
    if not isinstance(inputs, dict):
        raise ProfileInputError([{"loc": ["body"], "msg": "inputs must be an object", "type": "object_type"}])
    errors = [{"loc": ["body", str(k)], "msg": "unknown field; allowed: " + ", ".join(spec), "type": "unknown_field"}
              for k in inputs if k not in spec]
    for name, field in spec.items():
        value = inputs.get(name)
        if value is not None and not _valid(value, field["values"]):
            errors.append({"loc": ["body", name], "msg": f"must be one of: {_allowed(field['values'])}, or null",
                           "type": "enum"})
    if errors:
        raise ProfileInputError(errors)
    return {name: inputs.get(name) for name in spec}


def derive_risk_profile(inputs: dict) -> dict:
    """Risk level of one AI system from its EU AI Act tier, data, automation, criticality and affected people."""
    data = rules()
    levels = data["levels"]
    values = _check_inputs(inputs)
    missing = [name for name, value in values.items() if value is None]
    floors = []
    for rule in data["rules"]:
        if all(values[f] is not None and _valid(values[f], allowed) for f, allowed in rule["when"].items()):
            floors.append(rule)
    floor = max((levels.index(r["at_least"]) for r in floors), default=0)
    floor_reasons = [f"At least {r['at_least']}: {r['reason']}" for r in floors]
    if missing:
        labels = ", ".join(data["inputs"][m]["label"] for m in missing)
        if floor == len(levels) - 1:
            return {"level": levels[-1], "missing": missing,
                    "reasons": floor_reasons + [f"Still to answer, though it cannot change the level: {labels}."]}
        return {"level": "incomplete", "missing": missing,
                "reasons": [f"Not yet answered: {labels}."] + floor_reasons}
    parts, total = [], 0
    for name, value in values.items():
        points = data["points"][name][_key(value)]
        total += points
        if points:
            shown = ("yes" if value else "no") if isinstance(value, bool) else value.replace("_", " ")
            parts.append(f"{data['inputs'][name]['label']}: {shown} +{points}")
    band = max(i for i, level in enumerate(levels) if total >= _min_points(level))
    breakdown = "; ".join(parts) if parts else "no risk factors"
    reasons = [f"Base level {levels[band]} from {total} points ({breakdown})."] + floor_reasons
    return {"level": levels[max(band, floor)], "missing": [], "reasons": reasons}


def _min_points(level: str) -> int:
    return next(b["min_points"] for b in rules()["bands"] if b["level"] == level)


_PROFILE_LEVELS = ("low", "medium", "high", "critical", "incomplete")
_TIERS = ("out_of_scope", "prohibited", "high_risk", "limited_risk", "minimal_risk")
_CRITICALITY = ("low", "medium", "high", "critical")
_SYSTEM_FIELDS = {
    "lifecycle_stage": (LIFECYCLE_STAGES, False), "status": (STATUSES, False), "tier": (_TIERS, True),
    "profile_level": (_PROFILE_LEVELS, True), "criticality": (_CRITICALITY, True),
}


def _check_systems(systems: object) -> list[dict]:
    if not isinstance(systems, (list, tuple)):
        raise ProfileInputError([{"loc": ["body"], "msg": "systems must be a list of objects", "type": "list_type"}])
    errors = []
    for index, system in enumerate(systems):
        if not isinstance(system, dict):
            errors.append({"loc": ["body", index], "msg": "each system must be an object", "type": "object_type"})
            continue
        if not isinstance(system.get("name"), str) or not system["name"].strip():
            errors.append({"loc": ["body", index, "name"], "msg": "a non-empty name is required", "type": "missing"})
        for field, (allowed, nullable) in _SYSTEM_FIELDS.items():
            value = system.get(field)
            if (value is None and nullable) or (isinstance(value, str) and value in allowed):
                continue
            errors.append({"loc": ["body", index, field], "type": "enum",
                           "msg": f"must be one of: {', '.join(allowed)}" + (", or null" if nullable else "")})
    if errors:
        raise ProfileInputError(errors)
    return list(systems)


def organisation_profile(systems: list[dict]) -> dict:
    """Degree of AI integration and risk across an organisation's AI systems (ISO/IEC 42001 4.1, 6.1.2).

    A system is in operation when its lifecycle stage is deployment, operation_monitoring or re_evaluation and
    its status is not retired. Other keys of each system dict are ignored.
    """
    checked = _check_systems(systems)
    running = [s for s in checked if s["lifecycle_stage"] in IN_OPERATION_STAGES and s["status"] != "retired"]
    by_tier = dict.fromkeys((*_TIERS, "unclassified"), 0)
    by_level = dict.fromkeys((*_PROFILE_LEVELS, "unassessed"), 0)
    for system in running:
        by_tier[system.get("tier") or "unclassified"] += 1
        by_level[system.get("profile_level") or "unassessed"] += 1
    ranked = [lvl for lvl in ("critical", "high", "medium", "low") if by_level[lvl]]
    highest = ranked[0] if ranked else None
    important = sum(1 for s in running if s.get("criticality") in ("high", "critical"))
    share = important / len(running) if running else 0.0
    percent = round(share * 100, 1)
    total = len(checked)
    if not total:
        summary = "No AI systems are registered yet."
    elif not running:
        summary = ("The only registered AI system is not in operation yet." if total == 1 else
                   f"None of the {total} registered AI systems is in operation yet.")
    else:
        verb = "is" if len(running) == 1 else "are"
        supports = "supports" if important == 1 else "support"
        summary = (f"{len(running)} of {total} registered AI systems {verb} in operation; {important} of them "
                   f"({percent:g}%) {supports} high- or critical-criticality processes; highest risk level in "
                   f"operation: {highest or 'not yet assessed'}.")
    return {
        "total_systems": total, "in_operation": len(running), "by_tier": by_tier, "by_profile_level": by_level,
        "highest_level": highest, "high_or_critical_process_share": share,
        "high_or_critical_process_percent": percent, "summary": summary,
    }
