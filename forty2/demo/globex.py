"""Globex Logistics: a second, unrelated client of the same consultancy.

See docs/architecture.md, "The demo organisations".

A European parcel and freight company; its register is smaller and mostly operational AI. Some supplier
names match Acme's on purpose: the same vendor is a separate record in each organisation.
"""

from forty2.inventory.models import AIModel, Dataset, Supplier

from .builder import DemoBuilder, Person

SLUG, NAME = "globex", "Globex Logistics"

PEOPLE = [
    Person("owner", "admin@globex.example", "Marco Rossi", "owner", "Chief Operating Officer"),
    Person("manager", "compliance@globex.example", "Lena Schmidt", "aims_manager", "Head of compliance"),
    Person("analyst", "ops.analyst@globex.example", "Aisha Bello", "contributor", "Operations data analyst"),
]

SUPPLIERS = [
    {"name": "RouteSmart Optimisation GmbH", "country": "Germany", "contract_reference": "GLX-IT-2022-07",
     "services": "Route planning engine with machine-learned travel-time estimates."},
    {"name": "VisionPick Robotics", "country": "Netherlands", "contract_reference": "GLX-OPS-2024-03",
     "services": "Camera hardware and parcel-damage detection models for sorting lines."},
    {"name": "Converso Bot Platform", "country": "Netherlands", "contract_reference": "GLX-CS-2023-11",
     "services": "Customer-service chatbot platform with tracking integrations."},
]

MODELS = [
    {"name": "ETA regressor", "version": "1.8", "provider": "RouteSmart Optimisation GmbH",
     "licence": "Commercial licence", "description": "Gradient-boosted travel-time model per road segment."},
    {"name": "Parcel damage detector", "version": "5.0", "provider": "VisionPick Robotics",
     "licence": "Commercial licence", "model_card_url": "https://visionpick.example/model-cards/damage-5",
     "description": "Object-detection CNN classifying dents, tears and wet packaging."},
    {"name": "Demand forecaster", "version": "2.3", "provider": "Globex analytics", "licence": "Proprietary",
     "description": "LightGBM forecasting parcel volumes per depot and day, 8 weeks ahead."},
    {"name": "Converso NLU", "version": "7", "provider": "Converso Bot Platform", "licence": "SaaS subscription",
     "description": "Intent classifier for tracking, redelivery and complaints."},
]

DATASETS = [
    {"name": "Vehicle telematics 2022-2024", "source": "Fleet telematics units", "personal_data": "personal",
     "provenance": "GPS traces and stop times of 1,800 vans, linked to driver shifts.",
     "known_biases": "Rural depots have sparse GPS coverage."},
    {"name": "Sorting line images 2024", "source": "Hub cameras (VisionPick)", "personal_data": "personal",
     "provenance": "Sampled images of parcels on conveyors; workers' hands and faces blurred on capture.",
     "known_biases": "Few images of irregular freight and night-shift lighting."},
    {"name": "Order history 2019-2024", "source": "Order management system", "personal_data": "none",
     "provenance": "Daily parcel volumes per depot and customer segment, aggregated."},
    {"name": "Customer-service transcripts 2023", "source": "Contact centre", "personal_data": "personal",
     "provenance": "Chat transcripts with names and addresses removed, used to tune intents."},
]

SYSTEMS = [
    {"name": "Route optimisation", "purpose": "Plan daily delivery routes and time windows for vans.",
     "business_owner": "owner", "technical_owner": "analyst", "business_unit": "Last-mile operations",
     "lifecycle_stage": "operation_monitoring", "ai_roles": ["customer"], "geography": "Germany, Netherlands, Poland",
     "affected_people": "Drivers (routes and workload) and recipients (time windows).", "vulnerable_groups": False,
     "automation": "human_on_the_loop", "human_oversight": "Depot planners review and edit routes each morning; "
     "drivers can flag unsafe or impossible stops.", "personal_data": "personal", "criticality": "high",
     "status": "approved", "models": ["ETA regressor"], "datasets": ["Vehicle telematics 2022-2024"],
     "suppliers": ["RouteSmart Optimisation GmbH"]},
    {"name": "Warehouse vision inspection", "purpose": "Detect damaged parcels on sorting lines and divert "
     "them for manual inspection.", "business_owner": "owner", "business_unit": "Hub operations",
     "lifecycle_stage": "deployment", "ai_roles": ["customer"], "geography": "Netherlands",
     "affected_people": "Sorting staff (incidental capture) and senders of diverted parcels.",
     "vulnerable_groups": False, "automation": "fully_automated",
     "human_oversight": "Diverted parcels are checked by a person; the line supervisor can bypass the camera.",
     "personal_data": "personal", "criticality": "medium", "status": "approved",
     "models": ["Parcel damage detector"], "datasets": ["Sorting line images 2024"],
     "suppliers": ["VisionPick Robotics"]},
    {"name": "Demand forecasting", "purpose": "Forecast parcel volumes per depot to plan staff and vans.",
     "by": "analyst", "business_owner": "manager", "technical_owner": "analyst", "business_unit": "Planning",
     "lifecycle_stage": "operation_monitoring", "ai_roles": ["provider", "producer"], "geography": "Europe",
     "affected_people": "Depot staff whose shifts are planned from the forecast.", "vulnerable_groups": False,
     "automation": "decision_support", "human_oversight": "Planners adjust for promotions and holidays; "
     "forecast error reviewed weekly.", "personal_data": "none", "criticality": "medium", "status": "approved",
     "models": ["Demand forecaster"], "datasets": ["Order history 2019-2024"]},
    {"name": "Customer-service chatbot", "purpose": "Answer tracking and redelivery questions and open "
     "complaints for senders and recipients.", "business_owner": "manager", "business_unit": "Customer service",
     "lifecycle_stage": "verification_validation", "ai_roles": ["customer"], "geography": "Germany, Netherlands",
     "affected_people": "Senders and recipients, including consumers.", "vulnerable_groups": False,
     "automation": "human_on_the_loop", "human_oversight": "Discloses that it is an AI; hands over to an agent "
     "on request and for every complaint.", "personal_data": "personal", "criticality": "medium",
     "status": "under_review", "models": ["Converso NLU"], "datasets": ["Customer-service transcripts 2023"],
     "suppliers": ["Converso Bot Platform"]},
    {"name": "Driver fatigue alerts", "purpose": "Warn drivers and dispatchers when driving patterns suggest "
     "fatigue.", "by": "analyst", "business_owner": "owner", "business_unit": "Fleet safety",
     "lifecycle_stage": "inception", "ai_roles": ["provider"], "geography": "Germany",
     "affected_people": "Van drivers.", "vulnerable_groups": None, "automation": "decision_support",
     "personal_data": "personal", "personal_data_notes": "Works council consultation required before any pilot.",
     "criticality": "high", "status": "proposed", "datasets": ["Vehicle telematics 2022-2024"]},
]


def build(builder: DemoBuilder):
    org = builder.organization(SLUG, NAME)
    people = builder.people(org, PEOPLE)
    register = build_globex_register(builder, org, people)
    builder.report.systems[SLUG] = len(register)
    return org, people


def build_globex_register(builder: DemoBuilder, org, people) -> dict:
    """Suppliers, models and datasets first (A.10, A.4), then the AI systems that use them (4.1, A.6)."""
    refs = {
        "suppliers": builder.linked(Supplier, people["manager"], SUPPLIERS),
        "models": builder.linked(AIModel, people["analyst"], MODELS),
        "datasets": builder.linked(Dataset, people["analyst"], DATASETS),
    }
    return builder.systems(people, SYSTEMS, refs)


#: risks Globex has identified so far (6.1.2): named and owned, not yet scored or treated
RISKS = [
    ("Route plans overload drivers on rural rounds", "Route optimisation",
     "Travel-time estimates are weaker where GPS coverage is sparse; drivers get more stops than the day allows."),
    ("Damage detector misses tears on irregular freight", "Warehouse vision inspection",
     "Few training images of irregular freight and night-shift lighting: damaged parcels go out unchecked."),
    ("Chatbot mishandles complaints from consumers", "Customer-service chatbot",
     "A complaint classified as a tracking question is never handed to an agent."),
]

#: the SoA drafted so far: a few groups justified, statuses as they are (nothing implemented is claimed)
DRAFT = {
    "A.2": "Globex needs its AI policy (drafted from the ISMS policy) to cover route, vision and forecasting AI.",
    "A.3": "Roles for the five AI systems must be named; the ISMS roles do not cover AI owners yet.",
    "A.4": "Telematics, sorting images and order history feed our AI; resources must be listed per system.",
    "A.5": "Route plans affect drivers' workload and the chatbot affects consumers: impacts must be assessed.",
    "A.8": "Senders, recipients and drivers must know where Globex uses AI and how to raise a concern.",
    "A.9": "Planners and depot staff rely on forecasts and routes daily; responsible use must be defined.",
    "A.10": "Route, vision and chatbot systems come from suppliers; responsibilities must be split in contracts.",
}


def build_documentation_phase(org, people) -> None:
    """Globex in its documentation phase (run after the controls demo imported its ISO/IEC 27001 SoA): risks
    identified, the SoA drafted but not approved, and the 27001 "no in-house development" exclusion confirmed by
    the AIMS manager, which its own demand forecaster contradicts: a contradiction waiting for a person's answer
    before the SoA can be approved (forty2/controls/register_rules.py). Idempotent."""
    from forty2.controls import services as soa
    from forty2.controls.models import SoAEntry
    from forty2.inventory.models import AISystem
    from forty2.risk import services as risks
    from forty2.risk.models import Risk

    manager = people["manager"]
    systems = dict(AISystem.objects.for_org(org).values_list("name", "pk"))
    for title, system, description in RISKS:
        if not Risk.objects.for_org(org).filter(title=title).exists():
            risks.create_risk(manager, {"title": title, "description": description, "status": "identified",
                                        "owner": people["owner"].user.email, "ai_system_ids": [systems[system]]})
    for entry in SoAEntry.objects.for_org(org).filter(applicable__isnull=True, requirement__isnull=False):
        if entry.suggestion_state == "pending" and entry.suggestion.get("contradiction"):
            entry = soa.confirm_suggestion(manager, entry)  # the 27001 exclusion taken over as it was
            if not entry.justification:
                soa.update_entry(manager, entry, {"justification": "No in-house development (from the ISMS "
                                                                   "SoA)."}, version=entry.version)
            continue
        group = next((text for prefix, text in DRAFT.items() if entry.ref.startswith(prefix + ".")), None)
        if group is None or entry.suggestion_state == "pending":
            continue  # not drafted yet, or a 27001 suggestion still waiting for review
        soa.update_entry(manager, entry, {"applicable": True, "status": "planned",
                                          "justification": f"{entry.title}: {group}"}, version=entry.version)
