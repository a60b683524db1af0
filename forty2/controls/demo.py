"""The SoA, clause assessments, evidence and readiness of the demo organisations (ISO/IEC 42001 6.1.3, 9.1).

Acme Health, certified a year ago, has a complete SoA: each of the 36 included controls justified in its own words
about Acme's systems, two justified exclusions and an own control; version 1 approved before stage 2, two later
edits approved again as version 2 (unchanged since). Its clauses are assessed at the end of the demo
(:func:`assess_acme_clauses`) from what the records show, never claiming more than the checks find; one evidence
item expires within weeks. Globex starts from its ISO/IEC 27001 SoA, imported, with inferred entries waiting for
review, among them an exclusion its own register contradicts. Idempotent: each part runs once per organisation.
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

PARTIAL = {"A.5.5", "A.7.4"}
PLANNED: set[str] = set()
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
#: why each Annex A control is included, in Acme's own words and about its own systems (6.1.3 f)
JUSTIFICATIONS = {
    "A.2.2": ("The board needs one AI policy to steer twelve AI systems across three hospitals, from SepsisWatch to"
              " the appointment chatbot; POL-01 sets the principles every system owner works to."),
    "A.2.3": ("Our AI policy has to sit with the clinical risk, data protection (health data under GDPR Art. 9) and"
              " information security policies already in force at Acme; gaps between them were found in 2025."),
    "A.2.4": ("Clinical AI changes fast (new analysers, LLM pilots): the governance board reviews POL-01 every year"
              " and after any serious AI incident so it keeps up with the register."),
    "A.3.2": ("Owners, operators and overseers of systems such as the radiology triage and CV screening must be "
              "named people; our RACI matrix assigns one accountable role per AIMS process."),
    "A.3.3": ("Nurses, radiologists and patients raise concerns about AI (e.g. the chatbot hand-over complaint); "
              "they need a route outside line management to the AI governance lead."),
    "A.4.2": ("Our auditors and the HPRA expect each system's models, data, tools and people listed: the AI "
              "register records them for all twelve systems and their suppliers."),
    "A.4.3": ("SepsisWatch, ReadmitRisk and StaffCast are trained on Acme's own EPR, rota and discharge data; those"
              " datasets must be recorded with their provenance and known biases."),
    "A.4.4": ("Clinical informatics builds models on the EU-hosted ML platform with its own pipelines; the tools "
              "that train and score them must be documented and versioned."),
    "A.4.5": ("Scoring every adult inpatient every 15 minutes depends on the Northwind platform and EPR feed; their"
              " capacity and resilience are part of patient safety."),
    "A.4.6": ("Operators and overseers (ward nurses, radiographers, recruiters) need the competence each system "
              "requires; the competence matrix and training records show it."),
    "A.5.2": ("Several of our systems affect patients and applicants directly; every system whose profile is high "
              "or critical gets an impact assessment before use and after each significant change."),
    "A.5.3": ("Impact assessments of the sepsis, radiology, chatbot, summariser and CV screening systems are kept "
              "as approved records so the clinical safety case can cite them."),
    "A.5.4": ("Patients, including older and disabled people, and job applicants trained abroad are affected by our"
              " systems; harm to them is assessed per group, with a FRIA for the CV screening."),
    "A.5.5": ("A publicised failure of clinical AI would damage public trust in digital health in Ireland; societal"
              " effects are part of each impact assessment."),
    "A.6.1.2": ("Acme develops SepsisWatch, ReadmitRisk, StaffCast and ClaimGuard itself; responsible-development "
                "objectives (safety, fairness across patient groups) guide that work."),
    "A.6.1.3": ("Our in-house models follow a defined design and development process in clinical informatics, with "
                "clinical safety sign-off at each gate."),
    "A.6.2.2": ("Requirements for each in-house model (e.g. SepsisWatch sensitivity at least 0.80) are written before"
                " development so validation can test against them."),
    "A.6.2.3": ("Design choices for our in-house models (features, thresholds, training data windows) must be "
                "recorded for the MDR technical file and for later re-validation."),
    "A.6.2.4": ("Before each release of SepsisWatch or ReadmitRisk a temporal validation on recent Acme data is "
                "signed off by the clinical safety officer."),
    "A.6.2.5": ("Releasing a model into the EPR at three hospitals needs a deployment plan with rollback; go-live is "
                "approved by the system owner."),
    "A.6.2.6": ("Models in operation drift (new laboratory analysers, ward reconfigurations); the deterioration group"
                " and monitoring dashboards watch their performance weekly."),
    "A.6.2.7": ("SepsisWatch is part of a class IIa medical device: its technical documentation is required by the "
                "MDR and kept current for the notified body."),
    "A.6.2.8": ("Event logs of clinical models are needed to investigate incidents such as a missed deterioration "
                "alert or a mis-ranked CT scan."),
    "A.7.2": ("Our models learn from EPR vital signs, discharge records and rota history; data used for development"
              " and retraining is defined per model."),
    "A.7.3": ("Clinical data is acquired from the EPR and the PACS archive under GDPR Art. 9(2)(h); each "
              "acquisition is approved by the data protection officer."),
    "A.7.4": ("Bias in training data is a known risk for the readmission score and the CV screening; data quality "
              "and representativeness are checked before use."),
    "A.7.5": ("We must be able to trace which EPR extract trained which SepsisWatch version for the MDR file and "
              "for re-validation after analyser changes."),
    "A.7.6": ("Pseudonymisation, cleaning and labelling of clinical data are done in the ML pipeline; the steps are"
              " documented so results can be reproduced."),
    "A.8.2": ("Clinicians, recruiters and patients using our systems need clear information on intended use and "
              "limits, e.g. the chatbot never gives clinical advice."),
    "A.8.4": ("Incidents such as the mis-ranked pulmonary embolism must be communicated to the affected teams, the "
              "supplier and, where the EU AI Act asks, the authority."),
    "A.8.5": ("Patients and staff are entitled to know where Acme uses AI; the public transparency page lists the "
              "chatbot, the radiology triage and the sepsis score."),
    "A.9.2": ("Ward staff, radiologists and recruiters use AI outputs in decisions about people; responsible-use "
              "rules set when they may rely on a score and when not."),
    "A.9.3": ("Objectives for responsible use (e.g. every sepsis alert reviewed at the bedside) give the system "
              "owners measurable targets, reported to the governance board."),
    "A.9.4": ("Each system is used only as registered: the radiology triage orders the worklist and never replaces "
              "a report; uses outside that are refused."),
    "A.10.2": ("Responsibilities between Acme and suppliers such as Radiant, Nimbus and ClearVoice are split in each"
               " contract: who monitors, who reports incidents, who retrains."),
    "A.10.3": ("Eight of our AI systems rely on suppliers; model changes from Radiant or TalentSift can change "
               "patient or applicant outcomes, so suppliers are assessed and monitored."),
}

LINKS = {"A.6.2.4": ["Sepsis early-warning score", "30-day readmission risk score"],
         "A.5.4": ["Nurse recruitment CV screening", "Patient appointment chatbot"],
         "A.10.3": ["Radiology triage for chest CT", "Clinical notes summariser"]}
LEGAL = {"A.5.2": ["Art. 27"], "A.6.2.8": ["Art. 12"], "A.9.2": ["Art. 26"], "A.6.2.7": ["Art. 11"]}

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
            data["justification"] = JUSTIFICATIONS[e.ref]
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
    services.approve_soa(manager, note="Approved by the AI governance board before the stage 2 audit.")
    # Later edits, reviewed and approved again as version 2: the SoA in force is unchanged since its approval
    for ref, data in (("A.6.2.8", {"implementation": "Event logs kept 2 years in the SIEM for every clinical "
                                                     "model."}),
                      ("A.3.3", {"implementation": "Concerns form on the intranet and the patient advice line, "
                                                   "triaged by the concern handler within 5 working days."})):
        e = SoAEntry.objects.get(organization=org, ref=ref)
        services.update_entry(manager, e, data, version=e.version)
    services.approve_soa(_member(org, "admin@acme.example"), note="Version 2: event logging and the concerns "
                                                                  "route described; approved at the governance board.")
    _acme_evidence(builder, org, manager, scientist)


def assess_acme_clauses(org) -> None:
    """Acme's clause assessment (:func:`assess_clauses`), the data scientist owning clause 8."""
    assess_clauses(org, "aims.manager@acme.example", {"8": "data.scientist@acme.example"})


def assess_globex_clauses(org) -> None:
    """Globex's first gap assessment (:func:`assess_clauses`): most clauses not conforming yet, honestly."""
    assess_clauses(org, "compliance@globex.example", {})


def assess_clauses(org, manager_email: str, owner_emails: dict) -> None:
    """The AIMS manager's clause assessment, done last (after every other record of the demo exists): each clause
    declared conforming where its records pass every check, otherwise not conforming with the open item named, so
    nothing is claimed that the records contradict (9.1, 9.2). Runs once: skipped when a clause is assessed."""
    rows = clauses.clause_rows(org, {})
    if any(row.declared_status != "not_assessed" for row in rows):
        return
    manager = _member(org, manager_email)
    owners = {clause: _member(org, email) for clause, email in owner_emails.items()}
    for row in rows:
        if not row.checks:
            continue
        failing = row.failing
        status = "not_conforming" if failing else "conforming"
        note = (f"Open at the {timezone.localdate():%B %Y} review: {failing[0].gap}" if failing else
                f"Reviewed in {timezone.localdate():%B %Y} against the records.")
        version = (ClauseAssessment.objects.filter(organization=org, requirement__ref=row.ref,
                                                   requirement__framework__slug=services.ISO42001)
                   .values_list("version", flat=True).first() or 1)
        clauses.update_clause(manager, row.ref, {"status": status, "note": note[:2000],
                                                 "owner": owners.get(row.ref.split(".")[0], manager).user.email},
                              version=version)


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
         [("soa_entry", _entry_id(org, "A.10.3"))], 20),  # expires within weeks: renewal requested
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
