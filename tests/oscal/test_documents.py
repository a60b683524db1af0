"""The five OSCAL documents of a populated organisation (the demo's Acme Health) pass NIST's complete OSCAL 1.2.3
schema, keep their UUIDs across exports and say what the records say (ISO/IEC 42001 6.1.3 f SoA, 9.2 audits,
10.2 corrective actions; issue #20 item 3)."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from forty2.audits.models import Audit, AuditItem
from forty2.controls.clauses import clause_rows
from forty2.controls.models import SoAEntry
from forty2.core.models import AuditEvent
from forty2.improvement.models import CorrectiveAction, Finding
from forty2.inventory.models import AISystem
from forty2.oscal import services
from forty2.oscal.common import record_uuid
from forty2.tenancy.models import Membership, Role

pytestmark = pytest.mark.django_db
SOA_STATE = {"implemented": "implemented", "partial": "partial", "planned": "planned", "not_started": "planned"}


def uuids(node, found=None) -> list[str]:
    """Every ``uuid`` value in the document, in order."""
    found = [] if found is None else found
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "uuid":
                found.append(value)
            uuids(value, found)
    elif isinstance(node, list):
        for value in node:
            uuids(value, found)
    return found


def oscal_ref(ref: str) -> str:
    """The catalog's id of a clause or control: ``A.6.2.6`` -> ``a-6-2-6``, ``7.5.3`` -> ``cl-7-5-3``."""
    return ref.lower().replace(".", "-") if ref.startswith("A.") else "cl-" + ref.replace(".", "-")


def props(element) -> dict:
    return {p["name"]: p["value"] for p in element.get("props", [])}


def test_every_model_validates_is_stable_and_carries_the_records(demo_orgs, owner_of, oscal_validator):
    acme, _globex = demo_orgs
    owner = owner_of(acme)
    first = {model: services.export(owner, model) for model in services.MODELS}
    for model, (doc, _data) in first.items():
        errors = [f"{e.instance_path}: {e.message}" for e in oscal_validator.iter_errors(doc)]
        assert errors == [], model
    second = {model: services.export(owner, model) for model in services.MODELS}
    for model in services.MODELS:
        assert uuids(first[model][0]) == uuids(second[model][0]), model
        assert first[model][1] == second[model][1], model  # the same data gives the same bytes
    events = AuditEvent.objects.filter(organization=acme, action="oscal.export")
    assert sorted(e.changes["model"] for e in events) == sorted(list(services.MODELS) * 2)

    # profile: exactly the included Annex A controls; each exclusion with its justification
    entries = SoAEntry.objects.for_org(acme).filter(requirement__isnull=False)
    included = {oscal_ref(e.ref) for e in entries.filter(applicable=True)}
    excluded = {oscal_ref(e.ref): e.justification for e in entries.filter(applicable=False)}
    assert included and excluded
    profile = first["profile"][0]["profile"]
    (imported,) = profile["imports"]
    selected = [cid for sel in imported["include-controls"] for cid in sel["with-ids"]]
    assert sorted(selected) == sorted(included)
    assert not set(selected) & set(excluded)
    exclusions = {p["value"]: p["remarks"] for p in profile["metadata"]["props"] if p["name"] == "excluded-control"}
    assert exclusions == excluded
    resource = profile["back-matter"]["resources"][0]
    assert imported["href"] == f"#{resource['uuid']}"
    assert props(resource)["catalog-uuid"] == first["catalog"][0]["catalog"]["uuid"]

    # ssp: status and justification of every included control, one requirement per clause too
    ssp = first["ssp"][0]["system-security-plan"]
    reqs = {r["control-id"]: r for r in ssp["control-implementation"]["implemented-requirements"]}
    for e in entries.filter(applicable=True):
        req = reqs[oscal_ref(e.ref)]
        assert req["uuid"] == record_uuid(acme, "soa-entry", e.pk)
        assert props(req)["implementation-status"] == SOA_STATE[e.status]
        assert req["by-components"][0]["implementation-status"]["state"] == SOA_STATE[e.status]
        assert e.justification.strip() and e.justification.strip() in req["remarks"]
    for cid in excluded:
        assert cid not in reqs
    assert {cid for cid in reqs if cid.startswith("cl-")} >= {"cl-4-1", "cl-6-1-3", "cl-10-2"}
    rows = {row.ref: row.effective_status for row in clause_rows(acme)}  # the clause assessments decide
    for ref in ("4.1", "6.1.3", "10.2"):
        expected = {"conforming": "implemented", "partial": "partial"}.get(rows[ref], "planned")
        assert reqs[oscal_ref(ref)]["props"][0] == {"name": "implementation-status", "value": expected}, ref
    owned = [r for r in reqs.values() if r.get("responsible-roles")]
    assert owned and all(rr["role-id"] in {x["id"] for x in ssp["metadata"]["roles"]}
                         for r in owned for rr in r["responsible-roles"])
    systems = set(AISystem.objects.for_org(acme).filter(archived_at__isnull=True, in_scope=True)
                  .values_list("name", flat=True))
    components = ssp["system-implementation"]["components"]
    assert {c["title"] for c in components if c["type"] == "software"} == systems
    assert AISystem.objects.for_org(acme).filter(in_scope=False).exists()

    # assessment results: the completed internal audit's checked items and findings
    ar = first["assessment-results"][0]["assessment-results"]
    audit = Audit.objects.for_org(acme).get(kind="internal", status="completed")
    result = next(r for r in ar["results"] if r["uuid"] == record_uuid(acme, "audit", audit.pk))
    audit_findings = Finding.objects.for_org(acme).filter(audit=audit)
    assert audit_findings.count() >= 4
    got = {f["uuid"]: f for f in result["findings"]}
    assert set(got) == {record_uuid(acme, "finding", f.pk) for f in audit_findings}
    for f in audit_findings:
        target = got[record_uuid(acme, "finding", f.pk)]["target"]
        assert target["target-id"] == oscal_ref(f.requirement_ref)
        assert target["status"]["state"] == ("not-satisfied" if f.kind in ("major_nc", "minor_nc") else "satisfied")
    checked = AuditItem.objects.for_org(acme).filter(audit=audit).exclude(result="").count()
    assert len(result["observations"]) == checked
    assert Audit.objects.for_org(acme).exclude(status="completed").exists()
    assert len(ar["results"]) == Audit.objects.for_org(acme).filter(status="completed").count()

    # POA&M: every corrective action with its due date as a milestone
    poam = first["poam"][0]["plan-of-action-and-milestones"]
    items = {i["uuid"]: i for i in poam["poam-items"]}
    actions = CorrectiveAction.objects.for_org(acme).select_related("nonconformity")
    assert actions.filter(due_on__isnull=False).exists()
    assert set(items) == {record_uuid(acme, "corrective-action", a.pk) for a in actions}
    tasks = {t["uuid"]: t for r in poam["risks"] for resp in r.get("remediations", []) for t in resp.get("tasks", [])}
    for a in actions:
        item = items[record_uuid(acme, "corrective-action", a.pk)]
        assert props(item)["action-status"] == a.status
        assert item["related-findings"] == [{"finding-uuid": record_uuid(acme, "finding", a.nonconformity.finding_id)}]
        if a.due_on:
            assert props(item)["due-on"] == a.due_on.isoformat()
            milestone = tasks[record_uuid(acme, "corrective-action-milestone", a.pk)]
            assert milestone["type"] == "milestone"
            assert milestone["timing"]["on-date"]["date"] == f"{a.due_on.isoformat()}T00:00:00Z"

    # a change gives the document a new UUID; the records keep theirs
    entry = entries.filter(applicable=True).first()
    SoAEntry.objects.filter(pk=entry.pk).update(justification="A changed justification.")
    changed = services.export(owner, "ssp")[0]["system-security-plan"]
    assert changed["uuid"] != ssp["uuid"]
    assert set(uuids(changed)) - {changed["uuid"]} == set(uuids(ssp)) - {ssp["uuid"]}


def test_another_organisations_records_never_appear_and_the_cli_writes_the_file(
        demo_orgs, owner_of, oscal_validator, tmp_path):
    acme, globex = demo_orgs
    acme_docs = {m: services.export(owner_of(acme), m)[0] for m in ("ssp", "profile")}
    globex_ssp = services.export(owner_of(globex), "ssp")[0]
    assert oscal_validator.is_valid(globex_ssp)
    text = json.dumps(globex_ssp)
    for name in AISystem.objects.for_org(acme).values_list("name", flat=True):
        assert name not in text
    for entry in SoAEntry.objects.for_org(acme).exclude(justification=""):
        assert entry.justification not in text
    acme_uuids = set(uuids(acme_docs["ssp"])) | set(uuids(acme_docs["profile"]))
    assert not acme_uuids & set(uuids(globex_ssp))
    assert "Acme" not in text

    out = tmp_path / "poam.json"
    err = io.StringIO()
    call_command("export", "oscal", "--org", "acme-health", "--model", "poam", "-o", str(out), stderr=err)
    doc = json.loads(out.read_text())
    assert oscal_validator.is_valid(doc)
    assert len(doc["plan-of-action-and-milestones"]["poam-items"]) == CorrectiveAction.objects.for_org(acme).count()
    assert "acme-health" in err.getvalue()
    assert not any(str(c.description) in out.read_text() for c in CorrectiveAction.objects.for_org(globex))

    auditor = Membership.objects.filter(organization=acme, role=Role.EXTERNAL_AUDITOR).select_related("user").first()
    with pytest.raises(CommandError, match="external auditor"):
        call_command("export", "oscal", "--org", "acme-health", "--model", "assessment-results",
                     "-o", str(tmp_path / "ar.json"), "--as", auditor.user.email)
    assert not (tmp_path / "ar.json").exists()
