"""Acme Health's AI risk management (ISO/IEC 42001 6.1, 8.2–8.4): a hospital-specific methodology, risks across
its AI systems in different states (untreated; treated and accepted; acceptance gone stale), impact assessments
(approved; in progress; due for re-assessment after a change to its system) and two assessment runs.

Idempotent like the rest of the demo (:mod:`forty2.demo`): each record is looked up by its title first and
everything goes through the services, so a second run writes nothing and appends no audit event.
"""

import datetime as dt

from django.utils import timezone

from forty2.inventory import services as inventory
from forty2.inventory.models import AISystem

from . import assessments, library, runs, services
from . import methodology as methodologies
from .models import ImpactAssessment, Risk, RiskAssessmentRun, RiskMethodology

CONSEQUENCES = [
    {"label": "Negligible", "description": "No harm to patients or staff; a short delay fixed by routine work.",
     "by_dimension": {"organisation": "Under EUR 10k; no service disruption.",
                      "individuals": "No clinical impact.", "society": "None."}},
    {"label": "Minor", "description": "Inconvenience or a short delay in care; no lasting harm.",
     "by_dimension": {"organisation": "EUR 10k–100k; local complaint.",
                      "individuals": "Temporary distress or delay, no harm.", "society": "None."}},
    {"label": "Moderate", "description": "Harm needing extra treatment, or unfair treatment of some people; a "
                                         "reportable incident.",
     "by_dimension": {"organisation": "EUR 100k–1m; regulator notified.",
                      "individuals": "Short-term harm or unfair decision, reversible.",
                      "society": "Local loss of trust."}},
    {"label": "Major", "description": "Serious harm to a patient or applicant, a data breach of health records, "
                                      "or systematic unfairness to a group.",
     "by_dimension": {"organisation": "EUR 1m–10m; inspection, media coverage.",
                      "individuals": "Serious, long-lasting harm or rights infringement.",
                      "society": "Regional loss of trust in digital health."}},
    {"label": "Severe", "description": "Avoidable death or permanent harm, or harm to many patients.",
     "by_dimension": {"organisation": "Over EUR 10m; licence or accreditation at risk.",
                      "individuals": "Death or permanent harm.",
                      "society": "National loss of trust; public inquiry."}},
]


def _methodology(people):
    org = people["manager"].organization
    if RiskMethodology.objects.for_org(org).filter(number__gte=2).exists():
        return
    methodologies.current(org)  # the default, version 1
    draft = methodologies.create_version(people["manager"], {
        "name": "Acme Health AI risk methodology",
        "notes": "Consequence scale written with the clinical safety and data-protection teams; patient harm "
                 "judged as in the hospital's clinical risk framework. High risks are accepted by the Chief "
                 "Digital Officer only.",
        "consequence_scale": CONSEQUENCES, "review_interval_days": 180})
    methodologies.approve_version(people["owner"], draft, version=draft.version,
                                  note="Approved at the AI governance board.")


def _risk(people, systems, spec):
    """Create one risk (and its actions) as the spec says; None when it is already there."""
    org = people["manager"].organization
    if Risk.objects.for_org(org).filter(title=spec["title"]).exists():
        return None
    by = people[spec.get("by", "manager")]
    data = {k: v for k, v in spec.items() if k not in ("by", "systems", "actions", "accept", "then", "library")}
    data["ai_system_ids"] = [systems[n].pk for n in spec.get("systems", []) if n in systems]
    if "owner" in data:
        data["owner"] = people[data["owner"]].user.email
    if spec.get("library"):
        risk = library.adopt(by, library.BY_KEY[spec["library"]], ai_system_ids=data.pop("ai_system_ids"))
        risk = services.update_risk(by, risk, data, version=risk.version)
    else:
        risk = services.create_risk(by, data)
    for title, owner, due_in, status in spec.get("actions", []):
        services.add_action(by, risk, {"title": title, "owner": people[owner].user.email, "status": status,
                                       "due_date": (timezone.localdate() + dt.timedelta(days=due_in)).isoformat()})
    if spec.get("accept"):
        risk.refresh_from_db()
        services.accept_risk(people[spec["accept"]], risk, version=risk.version,
                             note="Residual risk within appetite; treatment plan agreed.")
    if spec.get("then"):
        risk.refresh_from_db()
        services.update_risk(by, risk, spec["then"], version=risk.version)
    return risk


def _days(n):
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


SEPSIS, RADIOLOGY, CHATBOT, NOTES, CV = ("Sepsis early-warning score", "Radiology triage for chest CT",
                                        "Patient appointment chatbot", "Clinical notes summariser",
                                        "Nurse recruitment CV screening")
STAFFING, FRAUD, READMIT, SPEECH, CODING, IMAGES = ("Nurse staffing forecaster", "Billing fraud detector",
                                                   "30-day readmission risk score", "Clinical speech-to-text",
                                                   "Internal coding assistant", "Marketing image generator")

FIRST = [
    {"title": "Sepsis score drifts after new laboratory analysers", "library": "model-drift", "systems": [SEPSIS],
     "owner": "clinical_safety", "lifecycle_stage": "operation_monitoring",
     "description": "The haematology analysers are being replaced in 2026; shifted lab values can lower the "
                    "score's sensitivity without anyone noticing.",
     "inherent_likelihood": "4", "inherent_consequence": "5", "treatment_option": "modify",
     "treatment_plan": "Monthly calibration report per site; alert when sensitivity drops below 0.80; "
                       "re-validation before each analyser go-live.",
     "controls": ["A.6.2.6", "A.6.2.4", "A.6.2.8"], "residual_likelihood": "2", "residual_consequence": "4",
     "status": "treated", "accept": "owner",
     "actions": [("Monthly calibration dashboard per hospital", "data_scientist", 30, "done"),
                 ("Re-validation protocol for analyser changes", "clinical_safety", 60, "in_progress")]},
    {"title": "Alert fatigue among ward nurses", "library": "alert-fatigue", "systems": [SEPSIS],
     "owner": "clinical_safety", "description": "Frequent low-value sepsis alerts lead nurses to dismiss them.",
     "inherent_likelihood": "3", "inherent_consequence": "4", "treatment_option": "modify",
     "treatment_plan": "Raise the alert threshold on surgical wards; suppress repeat alerts within 4 hours; "
                       "pilot a second-level review by the outreach team.",
     "residual_likelihood": "2", "residual_consequence": "3", "status": "treated", "accept": "clinical_safety",
     "actions": [("Threshold and repeat-alert suppression live on surgical wards", "data_scientist", -120,
                  "done")]},
    {"title": "Urgent chest CT findings pushed down the worklist", "systems": [RADIOLOGY],
     "owner": "manager", "lifecycle_stage": "operation_monitoring",
     "description": "A false negative from the supplier's triage model deprioritises a scan with a pulmonary "
                    "embolism, delaying the report.",
     "sources": ["machine_learning", "level_of_automation"], "objectives": ["safety", "robustness"],
     "inherent_likelihood": "3", "inherent_consequence": "5", "treatment_option": "modify",
     "treatment_plan": "Maximum wait time for any scan regardless of rank; quarterly discrepancy audit.",
     "controls": ["A.10.3", "A.6.2.6", "A.9.3"], "status": "in_treatment",
     "actions": [("Configure a 4-hour ceiling on worklist position", "manager", 14, "in_progress"),
                 ("Quarterly discrepancy audit with the supplier", "clinical_safety", 75, "planned")]},
    {"title": "Chatbot gives clinical advice", "library": "misuse-outside-intended", "systems": [CHATBOT],
     "owner": "manager", "description": "Patients ask the appointment chatbot about symptoms and read its answers "
                                        "as clinical advice.",
     "inherent_likelihood": "4", "inherent_consequence": "3", "treatment_option": "modify",
     "treatment_plan": "Refuse symptom questions and hand over to the contact centre or 112.",
     "residual_likelihood": "2", "residual_consequence": "2", "status": "treated", "accept": "manager"},
    {"title": "Hallucinated medication in discharge summaries", "library": "hallucination", "systems": [NOTES],
     "owner": "clinical_safety", "description": "The summariser adds a drug or a dose that is not in the notes.",
     "inherent_likelihood": "4", "inherent_consequence": "4", "treatment_option": "modify",
     "treatment_plan": "Medication section copied from the prescribing system, never generated; clinician "
                       "signs every summary.", "status": "in_treatment",
     "actions": [("Take medications from the e-prescribing feed", "data_scientist", 10, "in_progress"),
                 ("Sign-off step in the EPR", "clinical_safety", 20, "planned")]},
    {"title": "CV screening disadvantages applicants with career breaks", "library": "proxy-discrimination",
     "systems": [CV], "owner": "manager",
     "description": "Employment gaps, often for caring responsibilities, lower the match score; more women and "
                    "carers are screened out.", "inherent_likelihood": "4", "inherent_consequence": "4",
     "treatment_option": "modify", "treatment_plan": "Ranking paused; recruiters read every application; the "
     "vendor retrains without gap-related features and Acme re-runs the selection-rate test before any restart.",
     "controls": ["A.5.4", "A.7.4", "A.10.3"], "residual_likelihood": "2", "residual_consequence": "3",
     "status": "in_treatment",
     "actions": [("Selection-rate test of the retrained model by sex, age band and career break", "data_scientist",
                  21, "in_progress"),
                 ("Restart decision at the AI governance board with the test results", "owner", 45, "planned")]},
    {"title": "Staffing forecast wrong after ward reconfiguration", "library": "concept-drift",
     "systems": [STAFFING], "owner": "data_scientist", "inherent_likelihood": "3", "inherent_consequence": "3",
     "treatment_option": "retain", "treatment_plan": "Planners override the forecast for reconfigured wards.",
     "residual_likelihood": "3", "residual_consequence": "2", "status": "treated", "accept": "data_scientist"},
    {"title": "Fraud flags fall on particular patient groups", "library": "bias-training-data",
     "systems": [FRAUD], "owner": "manager", "inherent_likelihood": "2", "inherent_consequence": "3",
     "treatment_option": "modify", "treatment_plan": "Quarterly flag-rate report by age band and insurer type "
     "to the audit committee; investigators never see the patient's demographics with the flag.",
     "status": "in_treatment", "next_review": _days(70),
     "actions": [("Flag-rate report by age band and insurer type", "data_scientist", 30, "in_progress")]},
    {"title": "Readmission score less accurate for minority ethnic patients", "library": "bias-training-data",
     "systems": [READMIT], "owner": "data_scientist", "inherent_likelihood": "3", "inherent_consequence": "4",
     "treatment_option": "modify", "treatment_plan": "Recalibrate per group; report subgroup performance.",
     "status": "in_treatment",
     "actions": [("Subgroup performance report", "data_scientist", 45, "planned")]},
    {"title": "Drug names mis-transcribed in dictated letters", "systems": [SPEECH], "owner": "clinical_safety",
     "description": "Sound-alike drug names (e.g. hydroxyzine and hydralazine) are confused.",
     "sources": ["machine_learning", "environment_complexity"], "objectives": ["safety"],
     "inherent_likelihood": "3", "inherent_consequence": "4", "treatment_option": "modify",
     "treatment_plan": "Custom vocabulary of the formulary; clinician proof-reads every letter.",
     "controls": ["A.6.2.4", "A.9.2"], "residual_likelihood": "2", "residual_consequence": "3",
     "status": "treated", "accept": "clinical_safety"},
    {"title": "Source code and secrets sent to the coding assistant's supplier", "library": "shadow-ai",
     "systems": [CODING], "owner": "manager", "inherent_likelihood": "3", "inherent_consequence": "3",
     "treatment_option": "modify", "treatment_plan": "Enterprise tenant with no retention; secret scanning "
                                                     "before prompts.", "residual_likelihood": "1",
     "residual_consequence": "3", "status": "treated", "accept": "manager"},
    {"title": "Generated images resemble real people or copyrighted work", "library": "copyright",
     "systems": [IMAGES], "owner": "manager", "inherent_likelihood": "3", "inherent_consequence": "2",
     "treatment_option": "modify", "treatment_plan": "Only the supplier's licensed-content model; no prompts "
     "naming people or artists; the brand team checks every image and labels it as AI-generated.",
     "status": "in_treatment",
     "actions": [("Prompt rules and image checklist for the brand team", "owner", 30, "planned")]},
]


def _assessment(people, systems, spec, **follow):
    org = people["manager"].organization
    if ImpactAssessment.objects.for_org(org).filter(title=spec["title"]).exists():
        return None
    system = systems[spec.pop("system")]
    by = people[spec.pop("by")]
    impacts = spec.pop("impacts")
    spec["kind"] = "fria" if assessments.fria_required(system) else "standard"
    ia = assessments.create_assessment(by, {**spec, "ai_system": system.pk})
    for impact in impacts:
        assessments.add_impact(by, ia, impact)
    ia.refresh_from_db()
    if follow.get("approve"):
        assessments.approve_assessment(people[follow["approve"]], ia, version=ia.version,
                                       note="Reviewed with the clinical safety officer.")
    return ia


def build_acme_risks(builder, org, people) -> None:
    """Everything of the risk app for Acme Health; ``people`` are the demo members by key."""
    systems = {s.name: s for s in AISystem.objects.for_org(org).filter(archived_at__isnull=True)}
    _methodology(people)
    first_batch = [_risk(people, systems, dict(spec)) for spec in FIRST[:6]]
    if not RiskAssessmentRun.objects.for_org(org).exists():
        runs.create_run(people["manager"], {"title": "AI risk assessment, first half", "performed_on": _days(-90),
                                            "notes": "Initial assessment by the AI governance group."})
    rest = [_risk(people, systems, dict(spec)) for spec in FIRST[6:]]
    builder.report.created += sum(1 for r in first_batch + rest if r is not None)
    sepsis_ia = _assessment(people, systems, {
        "title": "Sepsis early-warning score: impact assessment", "system": SEPSIS, "by": "clinical_safety",
        "foreseeable_misuse": "Using the score to rule sepsis out, or on children and maternity patients.",
        "stakeholders": "Adult inpatients and their families; ward nurses; outreach team.",
        "measures": "Decision support only; escalation protocol unchanged; monthly performance review.",
        "residual_impact": "medium", "residual_notes": "Missed cases remain possible; clinicians stay in charge.",
        "impacts": [
            {"group": "individuals", "area": "safety", "description": "A missed deterioration delays antibiotics.",
             "severity": "5", "likelihood": "2", "measures": "Score supplements, never replaces, NEWS2.",
             "residual_severity": "4", "residual_likelihood": "2"},
            {"group": "individuals", "area": "fairness", "description": "Lower sensitivity for patients with "
                                                                        "chronic kidney disease.",
             "severity": "4", "likelihood": "3", "residual_severity": "3", "residual_likelihood": "2"},
            {"group": "society", "area": "public_trust", "description": "A publicised failure reduces trust in "
                                                                        "clinical AI.", "severity": "3",
             "likelihood": "2"}]}, approve="manager")
    cv_ia = _assessment(people, systems, {
        "title": "Nurse recruitment CV screening: impact assessment", "system": CV, "by": "manager",
        "stakeholders": "Applicants for nursing posts, including career returners and international nurses.",
        "measures": "Ranking paused while the vendor retrains; recruiters read every application; selection rates "
                    "by sex, age band and career break tested before any restart.",
        "residual_impact": "medium", "residual_notes": "With the ranking paused and every CV read by a recruiter, "
                                                       "the residual effect is delay, not exclusion.",
        "fria_process": "Shortlisting for nursing vacancies across the three hospitals.",
        "fria_persons": "Job applicants; career returners; applicants trained abroad.",
        "impacts": [{"group": "individuals", "area": "fairness", "description": "Applicants with career breaks "
                     "are ranked lower.", "severity": "4", "likelihood": "4",
                     "measures": "Ranking paused; every application read by a recruiter.", "residual_severity": "3",
                     "residual_likelihood": "2"},
                    {"group": "society", "area": "economy", "description": "Fewer carers return to nursing.",
                     "severity": "3", "likelihood": "2"}]}, approve="owner")
    radiology_ia = _assessment(people, systems, {
        "title": "Radiology triage for chest CT: impact assessment", "system": RADIOLOGY, "by": "clinical_safety",
        "foreseeable_misuse": "Reporting only the flagged scans during a backlog.",
        "stakeholders": "Patients having chest CT; radiologists; referring emergency clinicians.",
        "measures": "Every scan is still reported; a 4-hour ceiling on any scan's worklist position; monthly "
                    "discrepancy audit; the vendor's post-market surveillance reports reviewed each quarter.",
        "residual_impact": "medium", "residual_notes": "A missed flag delays a report by hours, not days.",
        "impacts": [{"group": "individuals", "area": "safety", "description": "A missed pulmonary embolism waits "
                     "longer for its report.", "severity": "5", "likelihood": "2",
                     "measures": "Ceiling on worklist position; discrepancy audit.", "residual_severity": "4",
                     "residual_likelihood": "1"}]}, approve="manager")
    notes_ia = _assessment(people, systems, {
        "title": "Clinical notes summariser: impact assessment", "system": NOTES, "by": "data_scientist",
        "foreseeable_misuse": "Filing a draft summary without reading it at the end of a busy shift.",
        "stakeholders": "Inpatients on the two pilot wards; their GPs; the doctors who sign the summaries.",
        "measures": "Medication section copied from e-prescribing, never generated; the EPR will not file an "
                    "unsigned summary; 200 summaries a month checked for omissions and hallucinations.",
        "residual_impact": "medium", "residual_notes": "Pilot only, on two wards, with a clinician signing each.",
        "impacts": [{"group": "individuals", "area": "safety", "description": "An omitted allergy or follow-up "
                     "reaches the GP letter.", "severity": "4", "likelihood": "3",
                     "measures": "Signed review of every summary; monthly sample audit.", "residual_severity": "4",
                     "residual_likelihood": "1"},
                    {"group": "individuals", "area": "privacy", "description": "Clinical notes leave Acme for the "
                     "model supplier.", "severity": "3", "likelihood": "1",
                     "measures": "EU region, zero retention, no training on Acme data.", "residual_severity": "2",
                     "residual_likelihood": "1"}]}, approve="manager")
    chatbot_ia = _assessment(people, systems, {
        "title": "Patient appointment chatbot: impact assessment", "system": CHATBOT, "by": "manager",
        "foreseeable_misuse": "Patients describing symptoms and expecting triage.",
        "stakeholders": "Patients and carers, including people with limited English or digital skills.",
        "measures": "Symptom questions refused with a hand-over; phone line kept.", "residual_impact": "low",
        "impacts": [{"group": "individuals", "area": "accessibility", "description": "Older patients cannot "
                     "use the chat and lose access to slots.", "severity": "2", "likelihood": "3",
                     "measures": "Phone booking kept with the same slots.", "residual_severity": "1",
                     "residual_likelihood": "2"}]}, approve="owner")
    builder.report.created += sum(1 for ia in (sepsis_ia, cv_ia, chatbot_ia, radiology_ia, notes_ia)
                                  if ia is not None)
    if chatbot_ia is not None:  # a change to the system after the approval: flags the assessment and its risks
        chatbot = AISystem.objects.get(pk=systems[CHATBOT].pk)
        inventory.update_ai_system(people["manager"], chatbot, {
            "deployment_context": (chatbot.deployment_context + " From 2026 it also sends appointment "
                                   "reminders over WhatsApp.").strip()}, version=chatbot.version)
        # ...and the assessment re-done for the new channel, then approved again (8.4: assess again on a change)
        chatbot_ia.refresh_from_db()
        chatbot_ia = assessments.update_assessment(people["manager"], chatbot_ia, {
            "measures": "Symptom questions refused with a hand-over; phone line kept; WhatsApp reminders carry no "
                        "clinical detail and patients opt in."}, version=chatbot_ia.version)
        assessments.approve_assessment(people["owner"], chatbot_ia, version=chatbot_ia.version,
                                       note="Re-assessed for the WhatsApp reminders.")
    if RiskAssessmentRun.objects.for_org(org).count() < 2:
        runs.create_run(people["manager"], {"title": "AI risk assessment, second half", "performed_on": _days(-1),
                                            "notes": "Half-yearly review; includes the new impact assessments."})

