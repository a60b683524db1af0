"""The demo organisations' people, departments, AIMS roles, role assignments and RACI matrix (ISO/IEC 42001 5.3,
A.3.2), written through the services so every record has its audit event.

Acme Health has 40 people in 6 departments; the demo members are linked to their people. As a certified
organisation keeps them: every in-scope AI system has an owner, the chatbot operator who left three weeks ago
handed his role over on his last day, and every process of the RACI matrix has exactly one Accountable role.
"""

import datetime as dt

from django.utils import timezone

from forty2.inventory.models import AISystem

from . import raci, services
from .definitions import AIMS_ROLE, DEPARTMENT, PERSON, ROLE_ASSIGNMENT
from .models import Person, RoleAssignment


def _ago(days: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days)).isoformat()


ROLES = [
    ("Top management", "top_management",
     "Sets the AI policy and objectives, provides resources, leads the management review and promotes the AIMS "
     "(5.1).", "Approves the AI policy, the AIMS scope and risk acceptance above the AIMS manager's limit.", "Board"),
    ("AIMS manager", "aims_manager",
     "Runs the AIMS day to day: keeps its records, plans assessments, reports on performance to top management "
     "(5.3 b).", "Approves AIMS documents and risk treatment within the accepted criteria; may stop an AI release "
     "that lacks an impact assessment.", "Top management"),
    ("AI system owner", "ai_system_owner",
     "Answers for one AI system over its life cycle: its purpose, risks, impact assessment, monitoring and "
     "retirement (A.6).", "Approves changes and releases of the system; may suspend it.", "AIMS manager"),
    ("Risk owner", "risk_owner",
     "Owns AI risks, decides their treatment and follows the actions through (6.1.3).",
     "Accepts residual risk within the methodology's criteria.", "AIMS manager"),
    ("Internal auditor", "internal_auditor",
     "Plans and performs internal audits of the AIMS, independent of the audited area (9.2).",
     "May see every AIMS record and interview anyone; reports findings to top management.", "Top management"),
    ("Data steward", "data_steward",
     "Keeps the quality, provenance and lawful use of the data for AI systems (A.7).",
     "Approves the datasets used to train, test and run AI systems.", "AIMS manager"),
    ("AI system operator", "ai_operator",
     "Uses an AI system as its instructions for use say, watches its output and reports problems (A.9).",
     "May stop using the system's output when it looks wrong.", "AI system owner"),
    ("Human oversight", "human_oversight",
     "Reviews the AI system's output before it affects people and can override it (A.9; EU AI Act Art. 14, 26).",
     "Overrides or disregards the output; may halt the system.", "AI system owner"),
    ("Concern and incident handler", "concern_handler",
     "Receives concerns and AI incidents, triages them and sees them through to an outcome (A.3.3, A.8.4).",
     "Opens an incident, informs the AI system owner and, when required, the provider or the authority.",
     "AIMS manager"),
    ("AI developer", "developer",
     "Builds, validates and documents the in-house AI models (A.6.2).",
     "Proposes releases; may not release to production alone.", "AI system owner"),
]

ACME_DEPARTMENTS = [
    ("Executive and board", "The board of directors and the executive team."),
    ("AI governance and quality", "The AIMS, quality, internal audit and clinical risk."),
    ("Clinical services", "Wards, emergency medicine, radiology and nursing."),
    ("Clinical informatics and data", "Data science, data engineering and the data warehouse."),
    ("Digital and IT", "Applications, infrastructure, the website and the patient app."),
    ("People and finance", "Recruitment, workforce planning, finance and billing."),
]

#: (key, name, e-mail, job title, department, employment, started days ago); a key of ``acme_people`` links the
#: demo member of that key
ACME_PEOPLE = [
    ("owner", "Alex Morgan", "admin@acme.example", "Chief Digital Officer", "Executive and board", "employee", 2900),
    ("ceo", "Helen Carter", "helen.carter@acme.example", "Chief Executive", "Executive and board", "employee", 3650),
    ("viewer", "Ruth Adeyemi", "board.viewer@acme.example", "Non-executive director", "Executive and board",
     "external", 1200),
    ("cfo", "Daniel Brooks", "daniel.brooks@acme.example", "Finance Director", "People and finance", "employee", 2000),
    ("manager", "Priya Raman", "aims.manager@acme.example", "AI governance lead", "AI governance and quality",
     "employee", 1500),
    ("internal_auditor", "Samuel Osei", "internal.audit@acme.example", "Internal auditor",
     "AI governance and quality", "employee", 1100),
    ("auditor2", "Grace Liu", "grace.liu@acme.example", "Quality and audit officer", "AI governance and quality",
     "employee", 700),
    ("risk", "Martin Novak", "martin.novak@acme.example", "Clinical risk manager", "AI governance and quality",
     "employee", 2400),
    ("pals", "Fiona Walsh", "fiona.walsh@acme.example", "Patient advice and liaison lead",
     "AI governance and quality", "employee", 1300),
    ("clinical_safety", "Dr Tom Ellis", "clinical.safety@acme.example", "Clinical safety officer",
     "Clinical services", "employee", 3100),
    ("radiology", "Dr Nadia Hussain", "nadia.hussain@acme.example", "Clinical director, radiology",
     "Clinical services", "employee", 2600),
    ("consultant", "Dr Omar Farouk", "omar.farouk@acme.example", "Consultant physician", "Clinical services",
     "employee", 2200),
    ("nursing", "Maria Santos", "maria.santos@acme.example", "Director of nursing", "Clinical services",
     "employee", 3300),
    ("nurse1", "Liam O'Connor", "liam.oconnor@acme.example", "Ward sister, acute medicine", "Clinical services",
     "employee", 900),
    ("nurse2", "Aoife Byrne", "aoife.byrne@acme.example", "Staff nurse, acute medicine", "Clinical services",
     "employee", 600),
    ("radiographer1", "Ben Clarke", "ben.clarke@acme.example", "Senior radiographer", "Clinical services",
     "employee", 1400),
    ("radiologist", "Dr Sofia Marino", "sofia.marino@acme.example", "Consultant radiologist", "Clinical services",
     "employee", 1800),
    ("radiographer2", "Yusuf Demir", "yusuf.demir@acme.example", "Radiographer", "Clinical services", "employee",
     400),
    ("ed", "Dr Hannah Price", "hannah.price@acme.example", "Emergency medicine consultant", "Clinical services",
     "employee", 2100),
    ("data_scientist", "Mei Chen", "data.scientist@acme.example", "Lead data scientist",
     "Clinical informatics and data", "employee", 1700),
    ("head_data", "Kwame Mensah", "kwame.mensah@acme.example", "Head of data", "Clinical informatics and data",
     "employee", 2500),
    ("ds2", "Elena Petrova", "elena.petrova@acme.example", "Data scientist", "Clinical informatics and data",
     "employee", 800),
    ("de", "Tomasz Kowalski", "tomasz.kowalski@acme.example", "Data engineer", "Clinical informatics and data",
     "contractor", 300),
    ("analyst", "Chloe Martin", "chloe.martin@acme.example", "Clinical data analyst",
     "Clinical informatics and data", "employee", 1000),
    ("cio", "Raj Patel", "raj.patel@acme.example", "Head of applications", "Digital and IT", "employee", 2700),
    ("dev1", "Sam Taylor", "sam.taylor@acme.example", "Software engineer", "Digital and IT", "employee", 1200),
    ("web", "Isabel Duarte", "isabel.duarte@acme.example", "Digital services manager", "Digital and IT",
     "employee", 1600),
    ("chatops", "Kevin Doyle", "kevin.doyle@acme.example", "Digital support analyst", "Digital and IT", "employee",
     1500),
    ("it_sec", "Noor Haddad", "noor.haddad@acme.example", "Information security officer", "Digital and IT",
     "employee", 1900),
    ("marketing", "Lucy Evans", "lucy.evans@acme.example", "Marketing manager", "Digital and IT", "employee", 1100),
    ("patient_services", "Ahmed Karim", "ahmed.karim@acme.example", "Head of patient services", "Digital and IT",
     "employee", 2300),
    ("hr_director", "Claire Dubois", "claire.dubois@acme.example", "HR Director", "People and finance", "employee",
     2800),
    ("recruiter1", "Jake Wilson", "jake.wilson@acme.example", "Recruitment adviser", "People and finance",
     "employee", 500),
    ("recruiter2", "Mia Jansen", "mia.jansen@acme.example", "Recruitment adviser", "People and finance",
     "employee", 350),
    ("hrbp", "Patrick Moore", "patrick.moore@acme.example", "HR business partner", "People and finance",
     "employee", 1300),
    ("workforce", "Olivia Green", "olivia.green@acme.example", "Workforce planning lead", "People and finance",
     "employee", 1000),
    ("billing", "Victor Almeida", "victor.almeida@acme.example", "Billing integrity manager", "People and finance",
     "employee", 1400),
    ("counsel", "Sarah Klein", "sarah.klein@acme.example", "Legal counsel", "Executive and board", "employee", 1500),
    ("dpo", "Anil Gupta", "anil.gupta@acme.example", "Data protection officer", "AI governance and quality",
     "employee", 1600),
    ("new_starter", "Jordan Lee", "new.starter@acme.example", "Clinical informatics analyst",
     "Clinical informatics and data", "employee", 5),
]

#: (role, person key, AI system or None, started days ago)
ACME_ASSIGNMENTS = [
    ("Top management", "ceo", None, 1500), ("Top management", "owner", None, 1500),
    ("AIMS manager", "manager", None, 1400),
    ("AI system owner", "clinical_safety", "Sepsis early-warning score", 900),
    ("AI system owner", "radiology", "Radiology triage for chest CT", 700),
    ("AI system owner", "clinical_safety", "30-day readmission risk score", 300),
    ("AI system owner", "consultant", "Clinical notes summariser", 200),
    ("AI system owner", "consultant", "Clinical speech-to-text", 500),
    ("AI system owner", "billing", "Billing fraud detector", 600),
    ("AI system owner", "hr_director", "Nurse recruitment CV screening", 400),
    ("AI system owner", "nursing", "Nurse staffing forecaster", 650),
    ("AI system owner", "patient_services", "Patient appointment chatbot", 550),
    ("AI system owner", "cio", "Internal coding assistant", 350),
    ("AI system owner", "marketing", "Marketing image generator", 60),
    ("Risk owner", "risk", None, 1000), ("Risk owner", "counsel", None, 600),
    ("Internal auditor", "internal_auditor", None, 1000), ("Internal auditor", "auditor2", None, 500),
    ("Data steward", "head_data", None, 1200), ("Data steward", "dpo", None, 800),
    ("AI system operator", "nurse1", "Sepsis early-warning score", 800),
    ("AI system operator", "nurse2", "Sepsis early-warning score", 500),
    ("Human oversight", "consultant", "Sepsis early-warning score", 800),
    ("AI system operator", "radiographer1", "Radiology triage for chest CT", 650),
    ("AI system operator", "radiographer2", "Radiology triage for chest CT", 300),
    ("Human oversight", "radiologist", "Radiology triage for chest CT", 650),
    ("AI system operator", "recruiter1", "Nurse recruitment CV screening", 380),
    ("AI system operator", "recruiter2", "Nurse recruitment CV screening", 300),
    ("Human oversight", "hrbp", "Nurse recruitment CV screening", 380),
    ("AI system operator", "chatops", "Patient appointment chatbot", 500),
    ("AI system operator", "web", "Patient appointment chatbot", 450),
    ("AI system operator", "workforce", "Nurse staffing forecaster", 600),
    ("Human oversight", "auditor2", "Billing fraud detector", 550),
    ("Human oversight", "ed", "Clinical speech-to-text", 450),
    ("AI system operator", "it_sec", "Internal coding assistant", 340),
    ("Concern and incident handler", "pals", None, 700),
    ("AI developer", "data_scientist", None, 1200), ("AI developer", "ds2", None, 700),
    ("AI developer", "dev1", None, 600),
]

#: process key -> {role name: letter}: exactly one Accountable role per process (A.3.2)
_TM, _AM, _OWN, _RISK, _IA, _DS, _OP, _HO, _CH, _DEV = (
    "Top management", "AIMS manager", "AI system owner", "Risk owner", "Internal auditor", "Data steward",
    "AI system operator", "Human oversight", "Concern and incident handler", "AI developer")
ACME_RACI = {
    "context": {_TM: "A", _AM: "R", _OWN: "C", _RISK: "C"},
    "policy": {_TM: "A", _AM: "R", _OWN: "C", _IA: "I", _OP: "I", _HO: "I"},
    "roles": {_TM: "A", _AM: "R", _OWN: "I", _IA: "I"},
    "risk_assessment": {_AM: "A", _RISK: "R", _OWN: "R", _DS: "C", _DEV: "C"},
    "risk_treatment": {_RISK: "A", _OWN: "R", _AM: "C", _TM: "I"},
    "impact_assessment": {_OWN: "A", _AM: "R", _HO: "C", _DS: "C", _TM: "I"},
    "soa": {_AM: "A", _RISK: "C", _TM: "I", _IA: "I"},
    "objectives": {_TM: "A", _AM: "R", _OWN: "R"},
    "competence": {_AM: "A", _OWN: "R", _OP: "I", _HO: "I"},
    "awareness": {_AM: "A", _OWN: "R", _OP: "I", _HO: "I", _DEV: "I"},
    "documented_information": {_AM: "A", _OWN: "R", _IA: "I"},
    "operation": {_OWN: "A", _DEV: "R", _OP: "R", _HO: "R", _DS: "C", _AM: "I"},
    "data": {_DS: "A", _DEV: "R", _OWN: "C"},
    "suppliers": {_AM: "A", _OWN: "R", _DS: "C"},
    "concerns": {_AM: "A", _CH: "R", _OWN: "R", _HO: "C", _TM: "I"},
    "internal_audit": {_TM: "A", _IA: "R", _AM: "C"},
    "management_review": {_TM: "A", _AM: "R", _OWN: "C", _IA: "C"},
    "improvement": {_AM: "A", _OWN: "R", _IA: "C", _TM: "I"},
}

GLOBEX_DEPARTMENTS = [("Management", "The board and the executive team."),
                      ("Operations", "Last-mile operations, warehouses and the fleet.")]
GLOBEX_PEOPLE = [
    ("owner", "Marco Rossi", "admin@globex.example", "Chief Operating Officer", "Management", "employee", 2000),
    ("manager", "Lena Schmidt", "compliance@globex.example", "Head of compliance", "Management", "employee", 1500),
    ("analyst", "Aisha Bello", "ops.analyst@globex.example", "Operations data analyst", "Operations", "employee",
     900),
    ("fleet", "Jan de Vries", "jan.devries@globex.example", "Fleet manager", "Operations", "employee", 1300),
    ("warehouse", "Piotr Nowak", "piotr.nowak@globex.example", "Warehouse supervisor", "Operations", "employee",
     700),
]
GLOBEX_ASSIGNMENTS = [
    ("Top management", "owner", None, 900), ("AIMS manager", "manager", None, 800),
    ("AI system owner", "owner", "Route optimisation", 700), ("AI system owner", "fleet", "Driver fatigue alerts", 200),
    ("AI system owner", "warehouse", "Warehouse vision inspection", 400),
    ("AI system operator", "analyst", "Demand forecasting", 500),
]


def build(org, by, members: dict, *, rich: bool = True) -> None:
    """``by`` (the AIMS manager's membership) writes everything; ``members`` maps demo keys to memberships (their
    people are linked to them). ``rich``: Acme's 40 people and matrix; otherwise Globex's few."""
    if Person.objects.for_org(org).exists():
        return  # built on an earlier run
    departments_spec, people_spec, assignments_spec = (
        (ACME_DEPARTMENTS, ACME_PEOPLE, ACME_ASSIGNMENTS) if rich else
        (GLOBEX_DEPARTMENTS, GLOBEX_PEOPLE, GLOBEX_ASSIGNMENTS))
    departments = {name: services.create(DEPARTMENT, by, {"name": name, "description": text})
                   for name, text in departments_spec}
    people = {}
    for key, name, email, title, department, employment, started in people_spec:
        member = members.get(key)
        people[key] = services.create(PERSON, by, {
            "name": name, "email": email, "job_title": title, "department": departments[department].pk,
            "employment": employment, "start_date": _ago(started),
            "user": member.user.email if member is not None else None})
    roles = {}
    for name, kind, responsibilities, authorities, reports_to in ROLES if rich else ROLES[:3] + ROLES[6:7]:
        roles[name] = services.create(AIMS_ROLE, by, {"name": name, "kind": kind, "responsibilities": responsibilities,
                                                      "authorities": authorities, "reports_to": reports_to})
    systems = dict(AISystem.objects.for_org(org).filter(archived_at__isnull=True).values_list("name", "pk"))
    for role, key, system, started in assignments_spec:
        services.create(ROLE_ASSIGNMENT, by, {"role": roles[role].pk, "person": people[key].pk,
                                              "ai_system": systems[system] if system else None,
                                              "start_date": _ago(started)})
    if not rich:
        return
    # the digital support analyst left three weeks ago; his chatbot operator role ended on his last day (5.3)
    kevin = people["chatops"]
    services.update(PERSON, by, kevin, {"end_date": _ago(21), "notes": "Left for another employer; his chatbot "
                                                                       "operator role passed to Isabel Duarte."},
                    version=kevin.version)
    for assignment in RoleAssignment.objects.for_org(org).filter(person=kevin):
        services.update(ROLE_ASSIGNMENT, by, assignment, {"end_date": _ago(21)}, version=assignment.version)
    cells = [{"process": process, "role": roles[name].pk, "letter": letter}
             for process, letters in ACME_RACI.items() for name, letter in letters.items()]
    raci.save(by, cells, version=raci.matrix(org).version)


def build_both(acme_org, acme_people: dict, globex_org, globex_people: dict) -> None:
    """Both demo organisations, each written by its AIMS manager."""
    build(acme_org, acme_people["manager"], acme_people)
    build(globex_org, globex_people["manager"], globex_people, rich=False)
