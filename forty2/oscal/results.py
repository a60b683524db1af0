"""Assessment results from audits and the POA&M from corrective actions (ISO/IEC 42001 9.2, 10.2, 6.1.3).

Assessment results: one result per completed audit (its scope as reviewed controls, each checked checklist item
as an observation, each finding raised on the audit with its target clause or control — *not-satisfied* for a
nonconformity — and the AI risks linked to a finding: a risk naming the finding's Annex A control in its controls,
or sharing an AI system with it).

POA&M: one item per corrective action, related to the finding of its nonconformity; each nonconformity is an
OSCAL risk whose remediations are its corrective actions, each with its due date as a milestone task. Linked AI
risks are carried too (same rule as above).
"""

from django.db.models import Max

from forty2.audits.models import Audit, AuditItem, AuditStatus
from forty2.core.errors import InvalidInput, field_error
from forty2.improvement.models import NC_KINDS, CorrectiveAction, Finding, Nonconformity
from forty2.risk.models import Risk

from .common import Parties, finish, latest, line, prop, prose, record_uuid, requirement_id, short, stamp

#: Forty2 risk status -> OSCAL risk status
RISK_STATE = {"identified": "open", "assessed": "investigating", "in_treatment": "remediating",
              "treated": "closed", "closed": "closed"}
#: nonconformity state -> OSCAL risk status
NC_STATE = {"open": "open", "corrected": "investigating", "analysed": "investigating", "actions": "remediating",
            "verifying": "remediating", "closed": "closed"}
#: corrective action status -> OSCAL response lifecycle
ACTION_LIFECYCLE = {"open": "planned", "in_progress": "planned", "done": "completed", "cancelled": "planned"}


def linked_risks(org, findings) -> dict[int, list[Risk]]:
    """{finding id: [risk]}: risks naming the finding's control, or sharing an AI system with it."""
    risks = list(Risk.objects.for_org(org).order_by("pk"))
    if not risks or not findings:
        return {}
    risk_systems: dict[int, set] = {}
    for risk_id, system_id in Risk.ai_systems.through.objects.filter(risk_id__in=[r.pk for r in risks]).values_list(
            "risk_id", "aisystem_id"):
        risk_systems.setdefault(risk_id, set()).add(system_id)
    finding_systems: dict[int, set] = {}
    for finding_id, system_id in Finding.ai_systems.through.objects.filter(
            finding_id__in=[f.pk for f in findings]).values_list("finding_id", "aisystem_id"):
        finding_systems.setdefault(finding_id, set()).add(system_id)
    out: dict[int, list[Risk]] = {}
    for f in findings:
        ref = f.requirement_ref
        out[f.pk] = [r for r in risks if (ref and ref in (r.controls or []))
                     or (finding_systems.get(f.pk, set()) & risk_systems.get(r.pk, set()))]
    return out


def _risk(org, r: Risk) -> dict:
    return {
        "uuid": record_uuid(org, "risk", r.pk), "title": line(r.title), "description": prose(r.description),
        "statement": prose(r.treatment_plan, "No treatment plan recorded."),
        "props": [prop("risk-id", r.pk), prop("risk-status", r.status),
                  prop("residual-level", r.residual_level or r.inherent_level or "not assessed")],
        "status": RISK_STATE.get(r.status, "open"),
    }


def _target(f: Finding) -> dict:
    kind = f.requirement.kind if f.requirement_id else None
    ref = f.requirement.ref if f.requirement_id else (f.requirement_ref or "unspecified")
    nc = f.kind in NC_KINDS
    return {"type": "objective-id", "target-id": requirement_id(ref, kind),
            "title": line(f"{ref} {f.requirement.title if f.requirement_id else ''}"),
            "status": {"state": "not-satisfied" if nc else "satisfied",
                       **({"reason": "fail"} if nc else {})}}


def _finding(org, f: Finding, risks: list[Risk], observation: str | None) -> dict:
    out = {
        "uuid": record_uuid(org, "finding", f.pk), "title": line(f.title),
        "description": prose(f.description or f.objective_evidence or f.title),
        "props": [prop("finding-kind", f.kind), prop("finding-status", f.status),
                  prop("requirement", f.requirement_ref or "unspecified"), prop("raised-on", f.raised_on)],
        "target": _target(f),
    }
    if observation:
        out["related-observations"] = [{"observation-uuid": observation}]
    if risks:
        out["related-risks"] = [{"risk-uuid": record_uuid(org, "risk", r.pk)} for r in risks]
    return out


def _changed(*querysets):
    return [qs.aggregate(m=Max("updated_at"))["m"] for qs in querysets]


def assessment_results(org) -> dict:
    audits = list(Audit.objects.for_org(org).filter(status=AuditStatus.COMPLETED, archived_at__isnull=True)
                  .order_by("completed_at", "pk"))
    if not audits:
        raise InvalidInput([field_error("model", "No audit is completed yet: OSCAL assessment results need at least "
                                                 "one result.", "value_error", "path")])
    audit_ids = [a.pk for a in audits]
    items: dict[int, list[AuditItem]] = {}
    for item in (AuditItem.objects.for_org(org).filter(audit_id__in=audit_ids).exclude(result="")
                 .order_by("position", "pk")):
        items.setdefault(item.audit_id, []).append(item)
    findings: dict[int, list[Finding]] = {}
    all_findings = list(Finding.objects.for_org(org).filter(audit_id__in=audit_ids)
                        .select_related("requirement").order_by("raised_on", "pk"))
    for f in all_findings:
        findings.setdefault(f.audit_id, []).append(f)
    risks_of = linked_risks(org, all_findings)
    parties = Parties(org)
    results = []
    for audit in audits:
        scope = [requirement_id(r, "clause") for r in audit.scope_clauses or []]
        scope += [requirement_id(r, "control") for r in audit.scope_controls or []]
        selection = ({"include-controls": [{"control-id": c} for c in dict.fromkeys(scope)]} if scope
                     else {"include-all": {}})
        start = audit.opening_meeting_at or audit.planned_start or audit.created_at
        observations = []
        by_item = {}
        for item in items.get(audit.pk, []):
            ouuid = record_uuid(org, "audit-item", item.pk)
            by_item[item.pk] = ouuid
            observations.append({
                "uuid": ouuid, "title": line(f"{item.ref} {item.title}"),
                "description": prose(item.notes, item.get_result_display()),
                "props": [prop("result", item.result), prop("requirement", item.ref)],
                "methods": ["EXAMINE"],
                "collected": stamp(item.checked_at or audit.completed_at or audit.updated_at),
            })
        risks: dict[int, Risk] = {}
        out_findings = []
        for f in findings.get(audit.pk, []):
            linked = risks_of.get(f.pk, [])
            risks.update({r.pk: r for r in linked})
            out_findings.append(_finding(org, f, linked, by_item.get(f.audit_item_id)))
        result = {
            "uuid": record_uuid(org, "audit", audit.pk), "title": line(audit.title),
            "description": prose(audit.conclusion or audit.objectives, f"{audit.get_kind_display()}."),
            "start": stamp(start),
            "props": [prop("audit-kind", audit.kind), prop("audit-id", audit.pk)],
            "reviewed-controls": {"control-selections": [selection]},
        }
        if audit.completed_at:
            result["end"] = stamp(audit.completed_at)
        if observations:
            result["observations"] = observations
        if risks:
            result["risks"] = [_risk(org, r) for _pk, r in sorted(risks.items())]
        if out_findings:
            result["findings"] = out_findings
        results.append(result)
    changed = [a.updated_at for a in audits] + _changed(
        AuditItem.objects.for_org(org).filter(audit_id__in=audit_ids),
        Finding.objects.for_org(org).filter(audit_id__in=audit_ids))
    document = {
        "uuid": None,
        "metadata": parties.metadata(f"{org.name}: audit results (ISO/IEC 42001 9.2)", latest(org, *changed),
                                     f"audits-{len(audits)}"),
        "import-ap": {"href": f"#{record_uuid(org, 'assessment-plan', org.pk)}",
                      "remarks": "Forty2 keeps each audit's plan, criteria and checklist in the audit itself; no "
                                 "separate OSCAL assessment plan is exported."},
        "results": results,
        "back-matter": {"resources": [{
            "uuid": record_uuid(org, "assessment-plan", org.pk), "title": "Audit plans (kept in Forty2)",
            "rlinks": [{"href": f"/api/v1/orgs/{org.slug}/audits"}]}]},
    }
    return finish(org, "assessment-results", "assessment-results", document)


def poam(org) -> dict:
    actions = list(CorrectiveAction.objects.for_org(org).select_related("nonconformity__finding__requirement", "owner")
                   .order_by("nonconformity_id", "due_on", "pk"))
    if not actions:
        raise InvalidInput([field_error("model", "No corrective action is recorded yet: an OSCAL POA&M needs at "
                                                 "least one item.", "value_error", "path")])
    ncs: dict[int, Nonconformity] = {}
    for a in actions:
        ncs.setdefault(a.nonconformity_id, a.nonconformity)
    found = [nc.finding for nc in ncs.values()]
    risks_of = linked_risks(org, found)
    parties = Parties(org)
    by_nc: dict[int, list[CorrectiveAction]] = {}
    for a in actions:
        by_nc.setdefault(a.nonconformity_id, []).append(a)
    ai_risks: dict[int, Risk] = {}
    risks = []
    for nc_id, nc in ncs.items():
        remediations = []
        for a in by_nc[nc_id]:
            response = {"uuid": record_uuid(org, "corrective-action-response", a.pk),
                        "lifecycle": ACTION_LIFECYCLE.get(a.status, "planned"),
                        "title": short(a.description), "description": prose(a.description),
                        "props": [prop("action-status", a.status)]}
            if a.due_on:
                response["tasks"] = [{"uuid": record_uuid(org, "corrective-action-milestone", a.pk),
                                      "type": "milestone", "title": short(f"Due: {a.description}"),
                                      "timing": {"on-date": {"date": stamp(a.due_on)}}}]
            remediations.append(response)
        risks.append({
            "uuid": record_uuid(org, "nonconformity", nc.pk), "title": line(nc.finding.title),
            "description": prose(nc.cause_summary or nc.finding.description, nc.finding.title),
            "statement": prose(nc.correction, "No correction recorded yet."),
            "props": [prop("nonconformity-state", nc.state), prop("severity", nc.severity)],
            "status": NC_STATE.get(nc.state, "open"),
            "remediations": remediations,
        })
        ai_risks.update({r.pk: r for r in risks_of.get(nc.finding_id, [])})
    risks += [_risk(org, r) for _pk, r in sorted(ai_risks.items())]
    items = []
    for a in actions:
        nc = ncs[a.nonconformity_id]
        props = [prop("action-status", a.status), prop("due-on", a.due_on or "none")]
        if a.owner_id:
            props.append(prop("owner", a.owner.get_full_name()))
        items.append({
            "uuid": record_uuid(org, "corrective-action", a.pk), "title": short(a.description),
            "description": prose(a.description), "props": props,
            "related-findings": [{"finding-uuid": record_uuid(org, "finding", nc.finding_id)}],
            "related-risks": [{"risk-uuid": record_uuid(org, "nonconformity", nc.pk)}] + [
                {"risk-uuid": record_uuid(org, "risk", r.pk)} for r in risks_of.get(nc.finding_id, [])],
            **({"remarks": prose(a.outcome)} if a.outcome.strip() else {}),
        })
    findings = [_finding(org, f, risks_of.get(f.pk, []), None) for f in found]
    changed = [a.updated_at for a in actions] + [nc.updated_at for nc in ncs.values()] + [
        f.updated_at for f in found]
    document = {
        "uuid": None,
        "metadata": parties.metadata(f"{org.name}: corrective actions (ISO/IEC 42001 10.2)", latest(org, *changed),
                                     f"actions-{len(actions)}"),
        "system-id": {"identifier-type": "https://ietf.org/rfc/rfc4122", "id": record_uuid(org, "system", org.pk)},
        "risks": risks,
        "findings": findings,
        "poam-items": items,
    }
    return finish(org, "poam", "plan-of-action-and-milestones", document)
