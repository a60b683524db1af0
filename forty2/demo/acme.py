"""Acme Health, a hospital group that develops some AI and buys more (docs/architecture.md, "The demo organisations").

Three acute hospitals in Ireland; a clinical-informatics team builds models, procurement buys the rest.
The register shows the ISO/IEC 42001 4.1 roles (provider, producer, customer), A.4 resources, A.6 life
cycle stages and A.10 suppliers on realistic systems, several of them processing health data.
"""

from forty2.aiact.demo import classify_demo
from forty2.inventory import services
from forty2.inventory.models import AIModel, Dataset, Supplier

from .builder import DemoBuilder, Person

SLUG, NAME = "acme-health", "Acme Health"

PEOPLE = [
    Person("owner", "admin@acme.example", "Alex Morgan", "owner", "Chief Digital Officer"),
    Person("manager", "aims.manager@acme.example", "Priya Raman", "aims_manager", "AI governance lead"),
    Person("clinical_safety", "clinical.safety@acme.example", "Dr Tom Ellis", "contributor",
           "Clinical safety officer"),
    Person("data_scientist", "data.scientist@acme.example", "Mei Chen", "contributor", "Lead data scientist"),
    Person("internal_auditor", "internal.audit@acme.example", "Samuel Osei", "internal_auditor",
           "Internal auditor"),
    Person("external_auditor", "auditor@certifier.example", "Jana Novak", "external_auditor",
           "Certification auditor", expires_in_days=60),
    Person("viewer", "board.viewer@acme.example", "Ruth Adeyemi", "viewer", "Non-executive director"),
]

SUPPLIERS = [
    {"name": "Radiant Imaging AI Ltd", "country": "United Kingdom", "contact": "clinical-support@radiant.example",
     "contract_reference": "PROC-2023-114",
     "services": "CE-marked chest CT triage software (MDR class IIa), hosted in their EU cloud region; "
                 "post-market surveillance reports every quarter."},
    {"name": "Nimbus Language Models Inc.", "country": "United States (EU data residency)",
     "contact": "enterprise@nimbus-llm.example", "contract_reference": "PROC-2024-031",
     "services": "General-purpose large language model via API, zero data retention, EU region; "
                 "model card and GPAI technical documentation under the EU AI Act Art. 53."},
    {"name": "ClearVoice Speech Cloud", "country": "Ireland", "contact": "dpo@clearvoice.example",
     "contract_reference": "PROC-2022-087",
     "services": "Cloud speech recognition tuned for clinical dictation; audio deleted after 24 hours."},
    {"name": "Converso Bot Platform", "country": "Netherlands", "contact": "support@converso.example",
     "contract_reference": "PROC-2023-056",
     "services": "Chatbot platform with intent recognition, booking integrations and live hand-over."},
    {"name": "TalentSift HR Tech", "country": "Germany", "contact": "compliance@talentsift.example",
     "contract_reference": "HR-2022-009",
     "services": "Applicant tracking with AI-assisted CV ranking for high-volume recruitment."},
    {"name": "DevAssist Software", "country": "United States", "contact": "trust@devassist.example",
     "contract_reference": "IT-2024-012",
     "services": "Code completion and chat assistant in developers' IDEs; no training on customer code."},
    {"name": "Pixelforge Creative AI", "country": "United States", "contact": "legal@pixelforge.example",
     "contract_reference": "MKT-2025-002",
     "services": "Text-to-image generation with commercial-use indemnity and C2PA content credentials."},
    {"name": "Northwind Cloud Services", "country": "Ireland", "contact": "health-team@northwind.example",
     "contract_reference": "IT-2021-040",
     "services": "EU-hosted cloud platform (Dublin region: compute, storage, ML pipelines) for in-house models."},
]

MODELS = [
    {"name": "SepsisWatch GBM", "version": "3.2.0", "provider": "Acme Health clinical informatics",
     "licence": "Proprietary (Acme Health)",
     "model_card_url": "https://models.acme-health.example/sepsiswatch/3.2.0",
     "description": "Gradient-boosted trees (XGBoost) over 42 vital-sign and laboratory features, "
                    "recalibrated yearly; AUROC 0.86 on the 2024 temporal validation set."},
    {"name": "Radiant ChestCT Triage", "version": "2.4", "provider": "Radiant Imaging AI Ltd",
     "licence": "Commercial licence", "model_card_url": "https://radiant-imaging.example/model-cards/chestct-2.4",
     "description": "3D convolutional neural network detecting suspected pulmonary embolism and "
                    "pneumothorax on chest CT; vendor-locked weights."},
    {"name": "Nimbus-4", "version": "2025-03", "provider": "Nimbus Language Models Inc.",
     "licence": "Commercial API terms (no training on customer data)",
     "model_card_url": "https://nimbus-llm.example/model-card/nimbus-4",
     "description": "General-purpose large language model (GPAI) used through the EU-region API."},
    {"name": "ClearVoice Medical ASR", "version": "5.1", "provider": "ClearVoice Speech Cloud",
     "licence": "MIT (base model); commercial (clinical fine-tune)",
     "model_card_url": "https://clearvoice.example/models/medical-asr-5",
     "description": "Whisper-style encoder-decoder speech model fine-tuned on clinical dictation."},
    {"name": "ReadmitRisk", "version": "1.4", "provider": "Acme Health clinical informatics",
     "licence": "Proprietary (Acme Health)",
     "description": "Regularised logistic regression on 28 features at discharge (LACE-style plus labs)."},
    {"name": "StaffCast", "version": "2.0", "provider": "Acme Health workforce analytics",
     "licence": "Proprietary (Acme Health)",
     "description": "Seasonal time-series model forecasting ward acuity and nurse demand 6 weeks ahead."},
    {"name": "ClaimGuard anomaly detector", "version": "1.1", "provider": "Acme Health finance analytics",
     "licence": "Proprietary (Acme Health)",
     "description": "Isolation forest over claim line features, with rules for known fraud patterns."},
    {"name": "TalentSift Match", "version": "2024.2", "provider": "TalentSift HR Tech",
     "licence": "SaaS subscription", "model_card_url": "https://talentsift.example/transparency/match",
     "description": "Ranking model scoring CVs against a job profile; explanations per criterion."},
    {"name": "Converso NLU", "version": "7", "provider": "Converso Bot Platform", "licence": "SaaS subscription",
     "description": "Intent classifier and entity extractor for appointment requests."},
    {"name": "DevAssist Code", "version": "2025.1", "provider": "DevAssist Software", "licence": "SaaS seat licence",
     "description": "Code-generation model behind the IDE assistant."},
    {"name": "Pixelforge Diffusion XL", "version": "3", "provider": "Pixelforge Creative AI",
     "licence": "Commercial use with indemnity",
     "description": "Latent diffusion text-to-image model; outputs carry C2PA content credentials."},
    {"name": "TriageNet", "version": "0.3", "provider": "Acme Health clinical informatics",
     "licence": "Proprietary (Acme Health)",
     "description": "Prototype neural network for emergency department triage categories; withdrawn."},
]

DATASETS = [
    {"name": "EHR vital signs and labs 2019-2024", "source": "Acme Health electronic patient record warehouse",
     "personal_data": "special_category", "licence": "Internal; Caldicott guardian approval CG-2019-17",
     "provenance": "Nightly extract from the EPR of all adult admissions at the three acute sites, "
                   "pseudonymised by the data warehouse team before release to data science.",
     "known_biases": "Lactate rarely measured at night (missing not at random); site B codes sepsis "
                     "more often than A and C; patients over 90 and minority ethnic groups are under-represented "
                     "in the 2019-2020 data."},
    {"name": "Chest CT archive 2018-2023", "source": "Picture archiving and communication system (PACS)",
     "personal_data": "special_category", "licence": "Internal; used for local validation only",
     "provenance": "2,400 studies sampled for the Radiant local validation with radiologist ground truth.",
     "known_biases": "Two scanner vendors only; older patient mix than the vendor's training data."},
    {"name": "Discharge summaries and readmissions 2017-2023", "source": "EPR and hospital episode statistics",
     "personal_data": "special_category",
     "provenance": "Linked discharge records with 30-day readmissions to any Acme site.",
     "known_biases": "Readmissions to other providers are not captured; correlates with deprivation index."},
    {"name": "Clinical dictation audio 2023", "source": "Consented recordings from 60 clinicians",
     "personal_data": "special_category",
     "provenance": "Voice recordings with consent for vendor fine-tuning, deleted after 12 months.",
     "known_biases": "Few recordings with strong regional or non-native accents."},
    {"name": "Nurse applicant records 2020-2024", "source": "Applicant tracking system (TalentSift)",
     "personal_data": "personal",
     "provenance": "Applications and outcomes for band 5-7 nursing roles, used by the vendor for tuning.",
     "known_biases": "Past shortlisting decisions may encode bias against overseas qualifications and "
                     "career breaks; 89% of applicants are women."},
    {"name": "Rota and attendance history 2018-2024", "source": "E-rostering system",
     "personal_data": "personal",
     "provenance": "Shift patterns, sickness absence and agency use per ward, aggregated weekly.",
     "known_biases": "Pandemic years 2020-2021 are atypical."},
    {"name": "Billing claims 2021-2024", "source": "Finance system and private insurer remittances",
     "personal_data": "personal",
     "provenance": "Claim lines with outcome of past fraud investigations as labels.",
     "known_biases": "Investigations focused on two departments, so their claims are over-labelled."},
    {"name": "Appointment FAQ knowledge base", "source": "Patient services team",
     "personal_data": "none", "provenance": "Curated answers reviewed every quarter by patient services."},
    {"name": "ED triage notes 2016-2018", "source": "Emergency department system",
     "personal_data": "special_category",
     "provenance": "Free-text triage notes and Manchester triage categories from one site.",
     "known_biases": "Single site; older patients under-triaged in the labels themselves."},
]


def _system(name, purpose, **fields) -> dict:
    return {"name": name, "purpose": purpose, **fields}


SYSTEMS = [
    _system(
        "Sepsis early-warning score", "Predict the risk of sepsis in adult inpatients within the next 12 hours "
        "and alert the ward team so that treatment starts earlier.",
        by="data_scientist", business_owner="clinical_safety", technical_owner="data_scientist",
        intended_use="Adult inpatient wards at the three acute hospitals, as an aid to the Sepsis Six pathway. "
                     "Not for the emergency department, paediatrics or maternity.",
        description="SepsisWatch scores every adult inpatient every 15 minutes from the EPR feed. It is a "
                    "component of Acme's deterioration software, a CE-marked class IIa medical device under the MDR.",
        business_unit="Clinical informatics", lifecycle_stage="operation_monitoring",
        ai_roles=["provider", "producer"], deployment_context="Scores shown in the EPR patient banner and the "
        "nurse-in-charge task list; runs on the EU-hosted ML platform.",
        geography="Ireland", affected_people="About 120,000 adult admissions a year; ward "
        "nurses and doctors who respond to alerts.", vulnerable_groups=True, automation="decision_support",
        human_oversight="Each alert prompts a bedside review; the nurse in charge may dismiss it with a reason. "
                        "The deterioration group reviews precision and missed cases weekly and can switch "
                        "alerts off in the EPR configuration.",
        personal_data="special_category",
        personal_data_notes="Vital signs, laboratory results and diagnoses (GDPR Art. 9(2)(h)); training "
                            "data pseudonymised.",
        criticality="critical", status="approved", models=["SepsisWatch GBM"],
        datasets=["EHR vital signs and labs 2019-2024"], suppliers=["Northwind Cloud Services"]),
    _system(
        "Radiology triage for chest CT", "Re-order the radiology worklist so that chest CT scans with suspected "
        "pulmonary embolism or pneumothorax are reported first.",
        business_owner="clinical_safety", technical_owner="manager",
        intended_use="Prioritisation only: every scan is still reported by a radiologist.",
        business_unit="Radiology", lifecycle_stage="operation_monitoring", ai_roles=["customer"],
        deployment_context="Vendor cloud service integrated with PACS at two sites.",
        geography="Ireland", affected_people="Patients having chest CT; radiologists.",
        vulnerable_groups=True, automation="decision_support",
        human_oversight="Radiologists report all scans; monthly discrepancy audit of flagged and unflagged scans; "
                        "the vendor's post-market surveillance reports are reviewed quarterly.",
        personal_data="special_category", personal_data_notes="CT images and referral information.",
        criticality="high", status="approved", models=["Radiant ChestCT Triage"],
        datasets=["Chest CT archive 2018-2023"], suppliers=["Radiant Imaging AI Ltd"]),
    _system(
        "Patient appointment chatbot", "Answer patients' questions about appointments and let them book, move "
        "or cancel outpatient appointments at any time of day.",
        business_owner="manager", intended_use="Patients and carers on the website and app; never gives clinical "
        "advice and directs urgent symptoms to the out-of-hours GP service or 112/999.",
        business_unit="Patient services", lifecycle_stage="deployment", ai_roles=["customer"],
        deployment_context="Website and patient app, connected to the booking system.",
        geography="Ireland", affected_people="Patients and carers, including older and disabled people.",
        vulnerable_groups=True, automation="human_on_the_loop",
        human_oversight="Tells users they are talking to an AI; hands over to the contact centre on request or "
                        "after two failed intents; weekly review of transcripts flagged as unresolved.",
        personal_data="personal",
        personal_data_notes="Name, date of birth, Individual Health Identifier and appointment details.",
        criticality="medium", status="approved", models=["Converso NLU"],
        datasets=["Appointment FAQ knowledge base"], suppliers=["Converso Bot Platform"]),
    _system(
        "Clinical notes summariser", "Draft discharge and handover summaries from the clinical notes of an "
        "admission, for a clinician to check and sign.",
        by="data_scientist", business_owner="clinical_safety", technical_owner="data_scientist",
        intended_use="Drafts for doctors on medical wards; a summary is never filed without a clinician's review.",
        description="A retrieval-augmented application built by Acme on a general-purpose model.",
        business_unit="Clinical informatics", lifecycle_stage="verification_validation",
        ai_roles=["provider", "customer"], deployment_context="Pilot on two medical wards, inside the EPR.",
        geography="Ireland", affected_people="Inpatients whose notes are summarised; GPs who "
        "receive discharge letters.", vulnerable_groups=True, automation="human_in_the_loop",
        human_oversight="The clinician edits and signs each summary; hallucination and omission rates are "
                        "measured on 200 summaries per month during the pilot.",
        personal_data="special_category", personal_data_notes="Full clinical notes sent to the EU-region API "
        "under a zero-retention agreement.", criticality="high", status="under_review", models=["Nimbus-4"],
        suppliers=["Nimbus Language Models Inc."]),
    _system(
        "Nurse recruitment CV screening", "Rank applications for nursing vacancies so that recruiters review "
        "the strongest matches first during high-volume campaigns.",
        business_owner="manager", intended_use="Ordering of applications only; every application is read by a "
        "recruiter and no one is rejected automatically.", business_unit="People and culture (HR)",
        lifecycle_stage="re_evaluation", ai_roles=["customer"],
        deployment_context="Vendor applicant tracking system used by the recruitment team.",
        geography="Ireland; applicants worldwide", affected_people="Job applicants, including "
        "internationally educated nurses.", vulnerable_groups=True, automation="decision_support",
        human_oversight="Rankings paused after a disparity in shortlisting rates for overseas qualifications; "
                        "recruiters review every CV while the vendor retrains.",
        personal_data="personal", personal_data_notes="CVs, qualifications and right-to-work status.",
        criticality="high", status="restricted", models=["TalentSift Match"],
        datasets=["Nurse applicant records 2020-2024"], suppliers=["TalentSift HR Tech"]),
    _system(
        "Nurse staffing forecaster", "Forecast nurse demand per ward six weeks ahead so that rotas and bank "
        "shifts are planned before shortages happen.",
        by="data_scientist", business_owner="manager", technical_owner="data_scientist",
        intended_use="Planning aid for matrons and the staffing hub; not used to assess individual staff.",
        business_unit="Workforce", lifecycle_stage="operation_monitoring", ai_roles=["provider", "producer"],
        deployment_context="Weekly batch; results in the e-rostering dashboard.", geography="Ireland",
        affected_people="Nursing staff and, indirectly, patients on understaffed wards.", vulnerable_groups=False,
        automation="decision_support", human_oversight="Matrons adjust the forecast; forecast error is "
        "reviewed monthly.", personal_data="personal", personal_data_notes="Aggregated shift and absence data.",
        criticality="medium", status="approved", models=["StaffCast"],
        datasets=["Rota and attendance history 2018-2024"], suppliers=["Northwind Cloud Services"]),
    _system(
        "Billing fraud detector", "Flag unusual billing claims for review by the counter-fraud team.",
        business_owner="manager", technical_owner="data_scientist",
        intended_use="Prioritises investigations; a flag is never treated as evidence of fraud.",
        business_unit="Finance", lifecycle_stage="deployment", ai_roles=["provider", "producer"],
        geography="Ireland", affected_people="Private patients, insurers and clinicians whose claims are "
        "flagged.", vulnerable_groups=False, automation="human_in_the_loop",
        human_oversight="An investigator reviews every flag before any contact; false-positive rate reported "
                        "to the audit committee each quarter.", personal_data="personal",
        criticality="medium", status="approved", models=["ClaimGuard anomaly detector"],
        datasets=["Billing claims 2021-2024"]),
    _system(
        "30-day readmission risk score", "Estimate at discharge the risk that a patient is readmitted within "
        "30 days, to target follow-up calls and community referrals.",
        by="data_scientist", business_owner="clinical_safety", technical_owner="data_scientist",
        intended_use="Discharge coordinators for adult medical patients.", business_unit="Clinical informatics",
        lifecycle_stage="design_development", ai_roles=["provider", "producer"],
        geography="Ireland", affected_people="Adult medical patients at discharge.",
        vulnerable_groups=True, automation="decision_support",
        human_oversight="Planned: coordinators see the score with its main factors and decide on follow-up.",
        personal_data="special_category", criticality="high", status="proposed", models=["ReadmitRisk"],
        datasets=["Discharge summaries and readmissions 2017-2023"]),
    _system(
        "Clinical speech-to-text", "Transcribe clinicians' dictated letters and notes into the EPR.",
        business_owner="clinical_safety", intended_use="Outpatient letters and ward-round notes; the clinician "
        "reviews the transcript before signing.", business_unit="Clinical informatics",
        lifecycle_stage="operation_monitoring", ai_roles=["customer"],
        deployment_context="Desktop dictation client; audio processed in the vendor's Irish data centre.",
        geography="Ireland; processing in the Netherlands", affected_people="Clinicians and the patients "
        "discussed in dictations.", vulnerable_groups=False, automation="human_in_the_loop",
        human_oversight="Clinicians correct and sign every transcript; word error rate sampled monthly.",
        personal_data="special_category", personal_data_notes="Voice recordings and health information.",
        criticality="medium", status="approved", models=["ClearVoice Medical ASR"],
        datasets=["Clinical dictation audio 2023"], suppliers=["ClearVoice Speech Cloud"]),
    _system(
        "Internal coding assistant", "Suggest code and explain errors to Acme's software developers.",
        business_owner="owner", intended_use="Internal developers; not for code that processes patient data "
        "without review.", business_unit="Digital and IT", lifecycle_stage="deployment", ai_roles=["customer"],
        geography="Ireland", affected_people="Developers; users of the software they build.",
        vulnerable_groups=False, automation="human_in_the_loop",
        human_oversight="Code review and automated tests before merge; secrets scanning on suggestions.",
        personal_data="none", criticality="low", status="approved", models=["DevAssist Code"],
        suppliers=["DevAssist Software"]),
    _system(
        "Marketing image generator", "Create illustrations for recruitment and health-campaign material.",
        business_owner="owner", intended_use="Marketing team; never images of real patients or clinical "
        "situations presented as real.", business_unit="Communications", lifecycle_stage="inception",
        ai_roles=["customer"], geography="Ireland", affected_people="The public who see the campaigns.",
        vulnerable_groups=False, automation="human_in_the_loop",
        human_oversight="The brand team approves each image; generated images are labelled as AI-generated.",
        personal_data="none", criticality="low", status="proposed", models=["Pixelforge Diffusion XL"],
        suppliers=["Pixelforge Creative AI"]),
    _system(
        "ED triage prototype", "Suggest a Manchester triage category from the triage nurse's notes.",
        by="data_scientist", business_owner="clinical_safety", technical_owner="data_scientist",
        intended_use="Was evaluated silently alongside triage nurses at one site; never shown to staff.",
        description="Retired in 2023 after validation showed under-triage of patients over 75.",
        business_unit="Emergency medicine", lifecycle_stage="retirement", ai_roles=["provider", "producer"],
        geography="Ireland", affected_people="Emergency department patients.",
        vulnerable_groups=True, automation="decision_support",
        human_oversight="Silent evaluation only; the model was decommissioned and its data deleted in 2024.",
        personal_data="special_category", criticality="high", status="retired", models=["TriageNet"],
        datasets=["ED triage notes 2016-2018"]),
]


def build(builder: DemoBuilder):
    org = builder.organization(SLUG, NAME)
    people = builder.people(org, PEOPLE)
    # a new colleague who has not yet accepted (People page: invited, re-send, revoke)
    builder.invitation(people["owner"], "new.starter@acme.example", "contributor")
    register = build_acme_register(builder, org, people)
    builder.report.systems[SLUG] = len(register)
    classify_demo(org, people["manager"], reviewer=people["owner"])  # EU AI Act classifications, signed off
    approval_gone_stale(people, register)
    return org, people


def approval_gone_stale(people, register) -> None:
    """After approval, the coding assistant was opened to a second team: the approval no longer covers what
    the record says, so it shows as stale and waits in the AIMS manager's work (ISO/IEC 42001 7.5.2)."""
    system = register["Internal coding assistant"]
    system.refresh_from_db()
    if system.business_unit != "Digital and IT" or not services.approval_state(system).approved:
        return  # already done on an earlier run
    services.update_ai_system(people["owner"], system, {"business_unit": "Digital and IT; Research informatics"},
                              version=system.version)


def build_acme_register(builder: DemoBuilder, org, people) -> dict:
    """Suppliers, models and datasets first (A.10, A.4), then the AI systems that use them (4.1, A.6)."""
    by = people["manager"]
    refs = {
        "suppliers": builder.linked(Supplier, by, SUPPLIERS),
        "models": builder.linked(AIModel, people["data_scientist"], MODELS),
        "datasets": builder.linked(Dataset, people["data_scientist"], DATASETS),
    }
    return builder.systems(people, SYSTEMS, refs)
