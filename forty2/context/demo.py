"""The demo organisations' context (docs/architecture.md, "The demo organisations"): issues, interested parties,
the legal register, scope boundaries and exclusions, the AIMS's own risks and opportunities, and the in-scope flag
of each AI system (ISO/IEC 42001 4.1-4.3, 6.1.1)."""

import datetime as dt

from django.utils import timezone

from forty2.inventory import services as inventory
from forty2.inventory.models import AISystem

from . import services
from .definitions import (
    AIMS_CONTEXT,
    AIMS_RISK,
    CONTEXT_ISSUE,
    INTERESTED_PARTY,
    LEGAL_REQUIREMENT,
    SCOPE_EXCLUSION,
)
from .models import ContextIssue


def _in(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def build(org, by, spec: dict) -> None:
    """``spec`` holds the organisation's rows by record type; ``by`` (the AIMS manager) writes them."""
    if ContextIssue.objects.for_org(org).exists():
        return  # built on an earlier run
    for rt, key in ((CONTEXT_ISSUE, "issues"), (INTERESTED_PARTY, "parties"), (LEGAL_REQUIREMENT, "laws"),
                    (SCOPE_EXCLUSION, "exclusions"), (AIMS_RISK, "aims_risks")):
        for row in spec.get(key, []):
            services.create(rt, by, {"owner": by.user.email, **row} if "owner" in {
                f.name for f in rt.fields} else row)
    context = services.aims_context(org)
    services.update(AIMS_CONTEXT, by, context, spec["context"], version=context.version)
    for name, note in spec.get("out_of_scope", {}).items():
        system = AISystem.objects.for_org(org).get(name=name)
        inventory.update_ai_system(by, system, {"in_scope": False, "scope_note": note}, version=system.version)


ACME = {
    "issues": [
        {"name": "EU AI Act obligations for high-risk AI", "origin": "external", "category": "legal",
         "effect": "Radiology triage and sepsis alerting fall under Annex III / MDR-linked rules; deployer duties "
                   "(Art. 26) and a FRIA before use.", "source": "Legal review 2026", "review_date": _in(180)},
        {"name": "Patients' trust in AI-supported care", "origin": "external", "category": "social",
         "effect": "Transparency and a way to question AI-supported decisions are expected.",
         "source": "Patient forum survey", "review_date": _in(200)},
        {"name": "Fast-moving general-purpose AI market", "origin": "external", "category": "technological",
         "effect": "Suppliers change models often; supplier monitoring (A.10) must keep up.",
         "review_date": _in(120)},
        {"name": "Health budget pressure", "origin": "external", "category": "economic",
         "effect": "AI is bought to save clinician time; benefits must be measured, not assumed.",
         "review_date": _in(240)},
        {"name": "Clinical-informatics skills in a small team", "origin": "internal", "category": "capability",
         "effect": "Key-person risk for the in-house models; competence plan (7.2) needed.", "review_date": _in(90)},
        {"name": "Existing ISO/IEC 27001 certification", "origin": "internal", "category": "governance",
         "effect": "Document control, internal audit and supplier processes can be shared with the ISMS.",
         "review_date": _in(300)},
    ],
    "parties": [
        {"name": "Patients and carers", "category": "affected", "addressed": "yes",
         "requirements": "Safe, fair and explainable AI-supported care; a human to talk to.",
         "how_addressed": "Impact assessments, human oversight (A.9), the transparency page.", "review_date": _in(200)},
        {"name": "Clinicians", "category": "employee", "addressed": "yes",
         "requirements": "Tools that fit the workflow and can be overruled; training.",
         "how_addressed": "Life-cycle procedure PRO-03, AI literacy training (PRO-09)."},
        {"name": "Health regulator and market surveillance authority", "category": "regulator",
         "addressed": "yes", "requirements": "EU AI Act and MDR conformity; incident reporting.",
         "how_addressed": "Legal register, incident procedure PRO-06."},
        {"name": "AI suppliers", "category": "supplier", "addressed": "partly",
         "requirements": "Clear use boundaries and feedback on performance in our setting.",
         "how_addressed": "Supplier procedure PRO-05; performance feedback agreed with two suppliers so far."},
        {"name": "Board of directors", "category": "owner", "addressed": "yes",
         "requirements": "Assurance that AI risk is managed; certification in 2027.",
         "how_addressed": "Management review (PRO-08) and readiness reporting.",
         "climate_requirements": "Report the energy use of in-house model training yearly."},
    ],
    "laws": [
        {"name": "EU AI Act", "citation": "Regulation (EU) 2024/1689", "jurisdiction": "EU", "applicability":
         "applies", "rationale": "We deploy high-risk systems and provide in-house models used in care.",
         "obligations": "Deployer duties (Art. 26), FRIA (Art. 27), AI literacy (Art. 4), transparency (Art. 50).",
         "url": "https://eur-lex.europa.eu/eli/reg/2024/1689/oj", "review_date": _in(180)},
        {"name": "GDPR", "citation": "Regulation (EU) 2016/679", "jurisdiction": "EU", "applicability": "applies",
         "rationale": "AI systems process health data.", "obligations": "DPIAs, lawful basis, Art. 22 safeguards."},
        {"name": "Medical Device Regulation", "citation": "Regulation (EU) 2017/745", "jurisdiction": "EU",
         "applicability": "partly", "rationale": "Bought CE-marked software; in-house SepsisWatch is under the "
                                                 "health-institution exemption (Art. 5(5)) review.",
         "obligations": "Use within intended purpose; vigilance reporting to the manufacturer."},
        {"name": "NIS2 transposition", "citation": "Directive (EU) 2022/2555", "jurisdiction": "Ireland",
         "applicability": "not_applicable", "rationale": "Covered by the ISMS; no AI-specific obligation."},
    ],
    "exclusions": [
        {"name": "The research institute's academic projects", "justification": "Run under the university's own "
         "governance and ethics board; no output is used in care without entering the register first."},
    ],
    "aims_risks": [
        {"kind": "risk", "name": "AI governance depends on two people", "action": "Train two deputies; document "
         "the AIMS manager's tasks.", "integration": "Competence plan (7.2)", "due_date": _in(90),
         "status": "in_progress"},
        {"kind": "risk", "name": "Shadow AI use by staff", "action": "Acceptable-use policy POL-02, awareness "
         "campaign and a register amnesty.", "integration": "Communication plan (7.4)", "due_date": _in(60)},
        {"kind": "opportunity", "name": "Reuse the ISMS's audits and document control", "action": "One joint "
         "internal audit programme from 2027.", "integration": "Internal audit programme (9.2)",
         "due_date": _in(150)},
        {"kind": "opportunity", "name": "Publish how we use AI to build patient trust", "action": "Transparency "
         "page on the public website.", "integration": "Communication plan (7.4)", "due_date": _in(30),
         "status": "done", "effectiveness": "Page published; patient forum feedback positive."},
    ],
    "context": {
        "ai_roles": ["provider", "developer", "deployer"],
        "roles_note": "We build three models for our own hospitals and buy the rest.",
        "climate": "relevant",
        "climate_reasoning": "Training the in-house models uses measurable energy and the board asked for it to "
                             "be reported; the effect on the AIMS is small but recorded.",
        "units": "Emergency medicine, radiology, patient services, HR, finance, digital and IT.",
        "sites": "The three acute hospitals and the Dublin data centre.",
        "processes": "Buying, building, deploying, monitoring and retiring AI systems used in care and "
                     "administration.",
        "interfaces": "The ISMS (ISO/IEC 27001) for security; the university research institute (excluded); "
                      "AI suppliers under contract.",
    },
    "out_of_scope": {"ED triage prototype": "Retired research pilot: its data was deleted in 2024; "
                                                         "kept in the register as history only."},
}

GLOBEX = {
    "issues": [
        {"name": "Customers ask about AI in delivery promises", "origin": "external", "category": "social",
         "effect": "The chatbot and ETA predictions must say they are AI-generated."},
        {"name": "Small compliance team", "origin": "internal", "category": "capability",
         "effect": "The AIMS must stay light: shared procedures with the quality system."},
    ],
    "parties": [
        {"name": "Shippers and recipients", "category": "customer", "requirements": "Accurate ETAs; a human on "
         "request.", "addressed": "yes", "how_addressed": "Chatbot hand-over; monitoring of ETA accuracy."},
    ],
    "laws": [
        {"name": "EU AI Act", "citation": "Regulation (EU) 2024/1689", "jurisdiction": "EU",
         "applicability": "applies", "rationale": "Deployer of limited-risk chatbots; Art. 50 transparency."},
    ],
    "context": {
        "ai_roles": ["deployer"], "climate": "relevant",
        "climate_reasoning": "Route optimisation is a lever on fuel use; customers report on emissions.",
        "units": "Operations and customer service.", "processes": "Using bought AI in logistics.",
    },
}
