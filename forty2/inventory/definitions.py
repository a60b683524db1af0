"""The register's record types, declared once (ISO/IEC 42001 4.1, A.4, A.6, A.10).

Validation, audit snapshots, API schemas, forms, filters, import/export and history wording are derived from
these declarations by :mod:`forty2.records`. To add a field: add it to the model, add its line here, make a
migration (docs/architecture.md, "Adding a record type").
"""

from forty2.records.definition import Field, RecordType

from .models import AIModel, AIRole, AISystem, Dataset, Supplier


def _system_links(system) -> dict:
    """The system's links in one query (``queries.attach_links``, or the links already attached), as ids."""
    from .queries import attach_links

    found = getattr(system, "links", None) or attach_links([system])[0].links
    return {name: sorted(item["id"] for item in found[out]) for name, out in
            (("model_ids", "models"), ("dataset_ids", "datasets"), ("supplier_ids", "suppliers"))}


AI_SYSTEM = RecordType(
    model=AISystem, name="ai_system", label="AI system", archivable=True, unique=("name",),
    load_links=_system_links,
    fields=[
        Field("name", "Name", "A short name people recognise. It must be unique in the register.",
              required=True, sort=True, search=True),
        Field("purpose", "What is it for?", short="Purpose",
              help="The task it performs or the decision it supports, in a sentence or two (4.1, A.6.1.2).",
              required=True, rows=3, search=True),
        Field("intended_use", "Intended use", "Who uses it and for what, and any uses that are out of bounds "
              "(A.9.4).", rows=3),
        Field("description", "Description", "Anything else a reviewer should know: how it works, known limits.",
              rows=4, search=True),
        Field("business_owner", "Business owner", "The person accountable for the system and its use (A.3.2)."),
        Field("technical_owner", "Technical owner", "The person responsible for building, buying or running it "
              "(A.3.2)."),
        Field("business_unit", "Business unit", "The department or team that uses it, e.g. 'Emergency medicine'.",
              filter=True, sort=True, search=True),
        Field("lifecycle_stage", "Life cycle stage", "Where it is in the AI system life cycle (A.6.2).",
              filter=True, sort=True, keep_when_blank=True),
        Field("ai_roles", "Our AI roles", short="AI roles",
              help="Select all that apply. Providers build or supply it; customers use it (ISO/IEC 22989; 4.1).",
              choices=AIRole, filter=True, filter_name="ai_role"),
        Field("deployment_context", "Where and how it is used", "The product, process or channel it runs in "
              "(A.6.2.5).", rows=2),
        Field("geography", "Geography", "Countries or regions where it is used, e.g. 'EU, UK'."),
        Field("affected_people", "Who is affected by its outputs", short="Who is affected",
              help="Users, customers, patients, staff or the public (A.5.4, A.5.5).", rows=2),
        Field("vulnerable_groups", "Does it affect vulnerable groups?", short="Vulnerable groups",
              help="For example patients, children or job applicants: people less able to protect their "
                   "interests (A.5.4)."),
        Field("automation", "Degree of automation", "How far decisions are automated and where people sit (A.9.2).",
              filter=True, widget="radio"),
        Field("human_oversight", "Human oversight", "How people check, override or stop it, and who they are "
              "(A.9.3).", rows=3),
        Field("personal_data", "Personal data", "The most sensitive personal data it processes (A.7.4).",
              filter=True, widget="radio"),
        Field("personal_data_notes", "Notes on personal data", "What personal data, the lawful basis and any "
              "data-protection assessment.", rows=2),
        Field("criticality", "Criticality", "How much harm a failure could do to the business process it "
              "supports.", filter=True, sort=True, widget="inline"),
        Field("status", "Status", "Approval state. Only an AIMS manager or owner can approve, restrict or retire "
              "a system.", filter=True, sort=True, keep_when_blank=True),
        Field("in_scope", "In the AIMS scope?", short="In scope",
              help="Whether the management system covers this system (4.3). Everything that counts 'every AI "
                   "system' (impact assessments, readiness, reports) counts the ones in scope.", filter=True,
              keep_when_blank=True, widget="inline"),
        Field("scope_note", "Why it is out of scope", short="Scope note",
              help="Required when the system is outside the AIMS scope: the reason an auditor will ask for (4.3).",
              rows=2),
        Field("model_ids", "Models", "Trained or general-purpose models the system uses (A.4.3, A.6.2.3).",
              attr="ai_models", column="models", out="models",
              column_help="Written name or name@version."),
        Field("dataset_ids", "Datasets", "Data used to train, test or run it (A.7.2).", attr="datasets",
              column="datasets", out="datasets"),
        Field("supplier_ids", "Suppliers", "Third parties that supply it or parts of it (A.10.3).",
              attr="suppliers", column="suppliers", out="suppliers"),
        # Read-only: derived by other apps (EU AI Act, risk profile) or by the approval.
        Field("ai_act_tier", "EU AI Act tier", "EU AI Act tier of the current classification.", read_only=True,
              filter=True, filter_name="tier", filter_empty="unclassified"),
        Field("risk_profile_level", "Risk profile", "low, medium, high, critical or incomplete", read_only=True),
        Field("approved_by", "Approved by", read_only=True),
        Field("approved_at", "Approved at", read_only=True),
    ],
    fieldsets=[
        ("Identity and purpose", "What the system is and why the organisation has it (ISO/IEC 42001 4.1, A.6.1.2).",
         ["name", "purpose", "intended_use", "description"]),
        ("Ownership", "Who is accountable and responsible for it (5.3, A.3.2).",
         ["business_owner", "technical_owner", "business_unit"]),
        ("Life cycle and status", "Where it is in its life and whether it has been approved (A.6.2).",
         ["lifecycle_stage", "status", "criticality"]),
        ("AIMS scope", "Whether the management system covers it (ISO/IEC 42001 4.3).", ["in_scope", "scope_note"]),
        ("Use and people affected", "Who it touches and where (6.1.4 AI system impact assessment, A.5).",
         ["ai_roles", "deployment_context", "geography", "affected_people", "vulnerable_groups"]),
        ("Automation and oversight", "How far it decides on its own and how people stay in control (A.9).",
         ["automation", "human_oversight"]),
        ("Data", "Personal data it processes (A.7.4 data quality, A.7.5 data provenance).",
         ["personal_data", "personal_data_notes"]),
        ("Links", "The models, datasets and suppliers it depends on (A.4.3, A.7, A.10).",
         ["model_ids", "dataset_ids", "supplier_ids"]),
    ],
    example={
        "name": "Appointment booking chatbot", "purpose": "Answers patients' questions and books outpatient slots.",
        "intended_use": "Patients and carers on the public website; not for clinical advice.",
        "business_unit": "Patient services", "lifecycle_stage": "design_development", "ai_roles": "customer",
        "geography": "UK", "affected_people": "Patients and carers", "vulnerable_groups": "yes",
        "automation": "human_on_the_loop", "human_oversight": "Hand-over to the contact centre on request.",
        "personal_data": "personal", "criticality": "medium", "status": "proposed",
    },
)

AI_MODEL = RecordType(
    model=AIModel, name="aimodel", label="AI model", unique=("name", "model_version"),
    fields=[
        Field("name", "Name", "For example 'Sepsis-EWS' or 'GPT-4o'. Name and version together must be unique.",
              required=True, sort=True, search=True),
        # ``version`` is the record's own version in the API; the model's is ``model_version`` (services still
        # accept the older ``version`` key).
        Field("model_version", "Version", "The version or release you use, e.g. '2.3' or '2024-08-06'.",
              aliases=("version",)),
        Field("provider", "Provider", "Who built it: your team or a vendor (A.10.3)."),
        Field("licence", "Licence", "Licence or contract terms, e.g. 'Apache-2.0' or 'commercial'."),
        Field("model_card_url", "Model card link", "A link to its model card or technical documentation "
              "(A.6.2.7)."),
        Field("description", "Description", "Architecture, training approach and known limits (A.6.2.3).", rows=4),
    ],
)

DATASET = RecordType(
    model=Dataset, name="dataset", label="Dataset", unique=("name",),
    fields=[
        Field("name", "Name", "A name unique in the register.", required=True, sort=True, search=True),
        Field("source", "Source", "The system, vendor or public source it comes from (A.7.3)."),
        Field("provenance", "Provenance", "How it was collected and processed, and by whom (A.7.5).", rows=3),
        Field("licence", "Licence", "Licence or agreement that lets you use it."),
        Field("personal_data", "Personal data", "The most sensitive personal data it contains (A.7.4).",
              widget="radio"),
        Field("known_biases", "Known biases", "Gaps, skews or quality issues you know of (A.7.4).", rows=3),
    ],
)

SUPPLIER = RecordType(
    model=Supplier, name="supplier", label="Supplier", unique=("name",),
    fields=[
        Field("name", "Name", "The supplier's legal or trading name.", required=True, sort=True, search=True),
        Field("services", "What they supply", "The AI systems, models, data or services they provide (A.10.3).",
              rows=3),
        Field("country", "Country", "Where they are established, e.g. 'Germany'."),
        Field("contact", "Contact", "Who to contact about the AI they supply."),
        Field("contract_reference", "Contract reference", "Your contract or purchase-order number."),
    ],
)

#: the register's linked record types by the URL/API path that lists them
LINKED = {"models": AI_MODEL, "datasets": DATASET, "suppliers": SUPPLIER}
