"""Concerns and AI incidents, declared once for the records kit (ISO/IEC 42001 A.3.3, A.8.3, A.8.4; EU AI Act
Art. 26(5), 73); docs/architecture.md, "Adding a record type".

A reporter's name and e-mail are read-only fields: never in a form, an import or an audit snapshot, and shown by
the faces only to the people who handle concerns (:mod:`forty2.incidents.access`)."""

from forty2.records.definition import Field, RecordType

from .models import Concern, Harm, Incident

CONCERN = RecordType(
    model=Concern, name="concern", label="Concern", default_ordering="-received_at",
    extra_orderings=("received_at", "created_at", "updated_at", "id"),
    fields=[
        Field("subject", "Subject", "What the concern is about, in a line.", required=True, sort=True, search=True),
        Field("kind", "Kind", "A concern about the organisation's AI (A.3.3), a report from an external party "
              "(A.8.3) or a complaint.", filter=True, sort=True, widget="radio"),
        Field("status", "Status", "Received, in triage, investigating, answered or closed; changed by the steps on "
              "the concern's page.", read_only=True, filter=True, sort=True),
        Field("description", "Description", "What the reporter told us.", rows=5, search=True),
        Field("system_text", "AI system (as reported)", "The system in the reporter's own words."),
        Field("ai_system", "AI system", "The register's AI system it concerns, set at triage.", filter=True),
        Field("owner", "Owner", "Who handles it: triage, investigation and the answer (A.3.3)."),
        Field("outcome", "Outcome (internal)", "What was found and done; never shown to the reporter.", rows=4),
        Field("answer", "Answer to the reporter", "What the reporter reads with their follow-up code.", rows=4),
        Field("anonymous", "Anonymous", read_only=True, filter=True),
        Field("reporter_name", "Reporter's name", "Shown only to the people who handle concerns.", read_only=True),
        Field("reporter_email", "Reporter's e-mail", "Shown only to the people who handle concerns.",
              read_only=True),
        Field("received_at", "Received", read_only=True, sort=True),
        Field("triage_due", "Triage due", "Five working days after it was received.", read_only=True, sort=True),
        Field("answered_at", "Answered", read_only=True),
    ],
    fieldsets=[
        ("The concern", "What was raised (A.3.3, A.8.3).", ["subject", "kind", "description", "system_text"]),
        ("Handling", "Who handles it, what was found and the answer the reporter reads.",
         ["ai_system", "owner", "outcome", "answer"]),
    ],
    example={"subject": "Chatbot refused to hand over to a person", "kind": "complaint",
             "description": "Asked three times for a person; the chatbot kept answering."},
)

INCIDENT = RecordType(
    model=Incident, name="incident", label="AI incident", default_ordering="-aware_on",
    fields=[
        Field("title", "Title", "What went wrong, in a line.", required=True, sort=True, search=True),
        Field("severity", "Severity", filter=True, sort=True, widget="inline"),
        Field("status", "Status", "Open, investigating, contained, resolved or closed; changed by the steps on the "
              "incident's page.", read_only=True, filter=True, sort=True),
        Field("ai_system_ids", "AI systems", "The AI systems involved. Their risks are flagged for re-assessment "
              "(8.2).", attr="ai_systems", column="ai_systems", out="ai_systems"),
        Field("description", "Description", rows=5, search=True),
        Field("occurred_on", "Occurred on", sort=True),
        Field("aware_on", "Became aware on", "When the organisation became aware: the EU AI Act Art. 73 deadline "
              "counts from this day.", required=True, sort=True),
        Field("detected_by", "Detected by / how", "Who or what detected it: a monitoring alert, a complaint, a "
              "clinician …"),
        Field("people_affected", "People affected", rows=2),
        Field("people_affected_count", "Approximate number of people affected", short="People affected (number)"),
        Field("harm_categories", "Harm", "The kinds of harm (EU AI Act Art. 3(49)).", choices=Harm,
              widget="checkboxes"),
        Field("serious", "Is it a serious incident?", short="Serious incident",
              help="EU AI Act Art. 3(49): death or serious harm to health, a serious and irreversible disruption of "
                   "critical infrastructure, an infringement of fundamental-rights obligations, or serious harm "
                   "to property or the environment. Leave undecided until you know.", widget="inline"),
        Field("death", "Did a person die?", short="Death", help="Art. 73(4): the report is due within 10 days.",
              widget="inline"),
        Field("widespread", "Widespread infringement or serious, irreversible disruption of critical "
              "infrastructure?", short="Widespread / critical infrastructure",
              help="Art. 73(3): the report is due within 2 days.", widget="inline"),
        Field("immediate_actions", "Immediate actions", "What was done at once to contain it.", rows=3),
        Field("communication", "Communication to interested parties", "Who was told what: patients, staff, "
              "customers, the provider (A.8.3).", rows=3),
        Field("communicated_on", "Communicated on"),
        Field("root_cause", "Root cause", "Needed to close the incident.", rows=3),
        Field("corrective_actions", "Corrective actions", "What prevents it happening again; needed to close the "
              "incident (10.2).", rows=3),
        Field("reported_on", "Reported to the authority on", "When the Art. 73 report was made.", sort=True),
        Field("reported_to", "Reported to", "The market surveillance authority (or, as deployer, the provider)."),
        Field("authority_reference", "Authority's reference"),
        Field("provider_informed_on", "Provider informed on", "As deployer, when the provider was informed "
              "(Art. 26(5))."),
        Field("owner", "Owner", "Who sees the incident through (A.8.4)."),
        Field("risk_ids", "Risks", "Risks the incident bears on; re-assess them (8.2).", attr="risks",
              column="risks", out="risks"),
        Field("source", "Opened from", read_only=True),
        Field("closed_at", "Closed", read_only=True),
    ],
    fieldsets=[
        ("What happened", "The incident and the AI systems involved (A.8.4).",
         ["title", "severity", "ai_system_ids", "description", "occurred_on", "aware_on", "detected_by", "owner"]),
        ("Harm", "Who was affected and how (EU AI Act Art. 3(49)).",
         ["people_affected", "people_affected_count", "harm_categories", "serious", "death", "widespread"]),
        ("Response", "Containment, communication and the cause (A.8.4, 10.2).",
         ["immediate_actions", "communication", "communicated_on", "root_cause", "corrective_actions", "risk_ids"]),
        ("Reporting", "EU AI Act Art. 73 report, and for a deployer the provider informed first (Art. 26(5)).",
         ["reported_on", "reported_to", "authority_reference", "provider_informed_on"]),
    ],
    example={"title": "Triage missed two urgent scans", "severity": "high", "aware_on": "2026-01-15",
             "detected_by": "Monthly discrepancy audit"},
)
