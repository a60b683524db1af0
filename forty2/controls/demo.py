"""The SoA, clause assessments, evidence and readiness of the demo organisations (ISO/IEC 42001 6.1.3, 9.1).

Acme Health has a complete SoA with two justified exclusions and an own control, an approved version 1 and later
edits that show as differences, most clauses assessed, evidence (one item expired) and real blockers left
(no management review yet, risk assessment records not in Forty2). Globex starts from its ISO/IEC 27001 SoA,
imported, with inferred entries waiting for review. Idempotent: each part runs once per organisation.
"""

import datetime as dt
import io

from django.utils import timezone

from forty2.catalog.models import Requirement
from forty2.evidence import services as evidence
from forty2.evidence.models import Evidence
from forty2.inventory.models import AISystem
from forty2.tenancy.models import Membership

from . import clauses, services
from .importexport import import_iso27001_soa
from .models import ClauseAssessment, SoAEntry, SoAVersion

PARTIAL = {"A.2.4", "A.4.4", "A.5.5", "A.6.2.8", "A.7.6", "A.8.5", "A.9.3"}
PLANNED = {"A.3.3", "A.8.4"}
EXCLUDED = {
    "A.10.4": "Acme Health does not supply AI systems or AI services to other organisations; patients are people "
              "affected by our systems and are covered by A.5.4 and A.8.2.",
    "A.8.3": "Reporting adverse impacts to external parties is done through medical-device vigilance reporting to "
             "the HPRA, run as our own control OC-1.",
}
HOW = {
    "A.2.2": "AI policy v2, approved by the board in March; published on the intranet.",
    "A.6.2.4": "Clinical validation protocol: temporal validation before each release, signed off by the "
               "clinical safety officer.",
    "A.6.2.6": "Weekly deterioration-group review of alert precision and missed cases; drift dashboard.",
    "A.7.4": "Data quality checks in the ML pipeline; bias review for the CV screening ranking.",
    "A.10.3": "Supplier due diligence questionnaire for AI suppliers; contract clauses on model changes.",
}
LINKS = {"A.6.2.4": ["Sepsis early-warning score", "30-day readmission risk score"],
         "A.5.4": ["Nurse recruitment CV screening", "Patient appointment chatbot"],
         "A.10.3": ["Radiology triage for chest CT", "Clinical notes summariser"]}
LEGAL = {"A.5.2": ["Art. 27"], "A.6.2.8": ["Art. 12"], "A.9.2": ["Art. 26"], "A.6.2.7": ["Art. 11"]}
CLAUSES = {"conforming": ["4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "6.1.1", "6.1.3", "7.1", "7.4", "7.5.1",
                          "7.5.2", "7.5.3", "8.1"],
           "partial": ["6.1.2", "6.1.4", "6.2", "7.2", "7.3", "8.2", "8.3", "8.4", "9.1", "6.3"],
           "not_conforming": ["9.2.2", "9.3.1", "9.3.2", "9.3.3", "10.2"]}

GLOBEX_27001 = """control,applicable,justification,status
4.1,yes,Context analysis for the ISMS,implemented
4.2,yes,Interested parties register,implemented
5.2,yes,Information security policy,implemented
6.1.2,yes,ISMS risk assessment methodology,implemented
9.2.1,yes,Internal audit programme,implemented
9.3.1,yes,Management review twice a year,implemented
A.5.1,yes,Information security policy approved by the board,implemented
A.5.2,yes,Roles defined in the ISMS manual,implemented
A.5.9,yes,Asset inventory in the CMDB,partial
A.5.19,yes,Supplier security assessments,implemented
A.5.24,yes,Incident management procedure,implemented
A.5.34,yes,GDPR programme,partial
A.8.25,no,No in-house software development,
A.8.16,yes,Security monitoring by the SOC,implemented
"""


def _member(org, email) -> Membership:
    return Membership.objects.select_related("user", "organization").get(organization=org, user__email=email)


def build(builder) -> None:
    from forty2.tenancy.models import Organization

    acme = Organization.objects.filter(slug="acme-health").first()
    if acme is not None and not SoAVersion.objects.filter(organization=acme).exists():
        build_acme(builder, acme)
    globex = Organization.objects.filter(slug="globex").first()
    if globex is not None and not SoAEntry.objects.filter(organization=globex).exclude(suggestion_state="").exists():
        build_globex(builder, globex)


def build_acme(builder, org) -> None:
    manager = _member(org, "aims.manager@acme.example")
    scientist = _member(org, "data.scientist@acme.example")
    safety = _member(org, "clinical.safety@acme.example")
    services.ensure_soa(org, manager.user)
    own = services.create_own_control(manager, {
        "ref": "OC-1", "title": "Medical-device vigilance reporting", "applicable": True, "status": "implemented",
        "justification": "Required for SepsisWatch as a class IIa medical device (MDR Art. 87).",
        "implementation": "Vigilance procedure with the HPRA; serious incidents reported within 15 days.",
        "owner": safety.user.email})
    reviewed = (timezone.localdate() - dt.timedelta(days=40)).isoformat()
    for e in SoAEntry.objects.for_org(org).exclude(pk=own.pk):
        data = {"applicable": e.ref not in EXCLUDED, "last_reviewed": reviewed}
        if e.ref in EXCLUDED:
            data.update(justification=EXCLUDED[e.ref], status="not_started")
        else:
            data["status"] = ("partial" if e.ref in PARTIAL else "planned" if e.ref in PLANNED else "implemented")
            data["justification"] = "Needed to treat the AI risks of our clinical and administrative AI systems."
            data["owner"] = (scientist if e.ref.startswith(("A.6", "A.7")) else manager).user.email
            if e.ref in HOW:
                data["implementation"] = HOW[e.ref]
        services.update_entry(manager, e, data, version=e.version)
        builder.report.created += 1
    systems = dict(AISystem.objects.for_org(org).values_list("name", "pk"))
    for ref, names in LINKS.items():
        entry = SoAEntry.objects.get(organization=org, ref=ref)
        for name in names:
            if name in systems:
                services.link_justification(manager, entry, "ai_system", systems[name])
    articles = dict(Requirement.objects.filter(framework__slug="eu-ai-act-2024-1689").values_list("ref", "pk"))
    for ref, refs in LEGAL.items():
        entry = SoAEntry.objects.get(organization=org, ref=ref)
        for article in refs:
            if article in articles:
                services.link_justification(manager, entry, "requirement", articles[article])
    services.approve_soa(manager, note="Approved by the AI governance board.")
    # Later edits that show as differences against version 1
    for ref, data in (("A.6.2.8", {"status": "implemented", "implementation": "Event logs kept 2 years in the "
                                   "SIEM for every clinical model."}),
                      ("A.3.3", {"status": "partial"})):
        e = SoAEntry.objects.get(organization=org, ref=ref)
        services.update_entry(manager, e, data, version=e.version)
    owners = {"4": manager, "5": manager, "6": manager, "7": manager, "8": scientist, "9": manager, "10": manager}
    for status, refs in CLAUSES.items():
        for ref in refs:
            row_version = ClauseAssessment.objects.filter(organization=org, requirement__ref=ref,
                                                          requirement__framework__slug=services.ISO42001)
            version = row_version.values_list("version", flat=True).first() or 1
            clauses.update_clause(manager, ref, {"status": status, "owner": owners[ref.split(".")[0]].user.email,
                                                 "note": f"Assessed in the {timezone.localdate():%B %Y} gap "
                                                         "assessment."}, version=version)
    _acme_evidence(builder, org, manager, scientist)


def _clause_id(org, ref):
    clauses.ensure_assessments(org)
    return ClauseAssessment.objects.get(organization=org, requirement__ref=ref,
                                        requirement__framework__slug=services.ISO42001).pk


def _entry_id(org, ref):
    return SoAEntry.objects.get(organization=org, ref=ref).pk


def _acme_evidence(builder, org, manager, scientist) -> None:
    today = timezone.localdate()
    items = [
        ("AIMS scope statement v1.2", {"url": "https://intranet.acme-health.example/aims/scope"},
         [("clause_assessment", _clause_id(org, "4.3"))], None),
        ("AI policy v2 (board approved)", {"file": ("ai-policy-v2.txt", b"Acme Health AI policy, version 2.\n")},
         [("clause_assessment", _clause_id(org, "5.2")), ("soa_entry", _entry_id(org, "A.2.2"))], 365),
        ("SepsisWatch 3.2 temporal validation report", {"file": (
            "sepsiswatch-3.2-validation.txt", b"Temporal validation 2024: AUROC 0.86, calibration slope 0.97.\n")},
         [("soa_entry", _entry_id(org, "A.6.2.4"))], 200),
        ("AI risk treatment plan 2026", {"url": "https://intranet.acme-health.example/aims/risk-treatment"},
         [("clause_assessment", _clause_id(org, "6.1.3"))], None),
        ("Impact assessment procedure", {"url": "https://intranet.acme-health.example/aims/aiia-procedure"},
         [("clause_assessment", _clause_id(org, "6.1.4")), ("soa_entry", _entry_id(org, "A.5.2"))], None),
        ("AI objectives 2026", {"url": "https://intranet.acme-health.example/aims/objectives"},
         [("clause_assessment", _clause_id(org, "6.2"))], None),
        ("AI competence matrix", {"url": "https://intranet.acme-health.example/hr/ai-competence"},
         [("clause_assessment", _clause_id(org, "7.2"))], None),
        ("Model monitoring dashboard export", {"url": "https://grafana.acme-health.example/d/models"},
         [("clause_assessment", _clause_id(org, "9.1")), ("soa_entry", _entry_id(org, "A.6.2.6"))], 90),
        ("Supplier AI due-diligence questionnaire (Radiant)", {"url": "https://procurement.acme-health.example/"
                                                               "dd/radiant-2024"},
         [("soa_entry", _entry_id(org, "A.10.3"))], -30),  # expired a month ago
    ]
    for title, source, links, days in items:
        if Evidence.objects.for_org(org).filter(title=title).exists():
            continue
        data = {"title": title, "owner": manager.user.email,
                "effective_date": (today - dt.timedelta(days=60)).isoformat()}
        if days is not None:
            data["valid_until"] = (today + dt.timedelta(days=days)).isoformat()
        if "file" in source:
            name, content = source["file"]
            ev = evidence.upload_evidence(manager, data, name=name, fileobj=io.BytesIO(content))
        else:
            ev = evidence.add_link_evidence(manager, {**data, "url": source["url"]})
        for record_type, object_id in links:
            evidence.link(manager, ev, record_type, object_id)
        builder.report.created += 1
    evidence.request_evidence(manager, {"title": "Bias test results for the CV screening ranking",
                                        "description": "Selection rates by sex and age band for the last quarter "
                                                       "(A.7.4, A.5.4).",
                                        "assignee": scientist.user.email,
                                        "due_date": (today + dt.timedelta(days=14)).isoformat()},
                              record_type="soa_entry", object_id=_entry_id(org, "A.7.4"))


def build_globex(builder, org) -> None:
    manager = _member(org, "compliance@globex.example")
    result = import_iso27001_soa(manager, io.BytesIO(GLOBEX_27001.encode()), "globex-isms-soa.csv")
    builder.report.created += len(result.suggestions)
