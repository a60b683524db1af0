"""EU AI Act answers for the demo organisation ``acme-health`` (docs/architecture.md, "The demo organisations").

Acme Health is a private hospital group (``forty2.demo.acme``). It develops some AI (provider, Art. 3(3)) and buys
more (deployer, Art. 3(4)). Each system's answers are what the questionnaire stores (only the relevant questions);
its note says why, as a compliance lead would write it. Decisions worth knowing:

- Territorial scope: Acme's hospitals are in Ireland, so the Regulation applies to it as a deployer established
  in the Union (Art. 2(1)(b)) and as the provider of the systems it builds and puts into service (Art. 2(1)(a)).
  The questionnaire has no Art. 2(1) question yet.
- Public service (Art. 27(1)): recital 96 names healthcare among the public services whose private providers must
  assess the impact on fundamental rights, so Acme answers "yes" as a deployer. It matters only for Annex III
  systems: CV screening needs a FRIA although recruitment is not itself the public service (Art. 27(1) looks at the
  deployer, not the use: the conservative reading).
- Transparency (Art. 50): 50(1) and 50(2) bind providers, 50(3) and 50(4) deployers. A bought chatbot or coding
  assistant is "limited risk" but leaves Acme, as deployer, no Art. 50 duty of its own: it checks that the supplier
  discloses and marks (contract, ISO/IEC 42001 A.10). The notes summariser is Acme's own application on a bought
  general-purpose model, so Acme is its provider and marks its output (Art. 50(2)). The image generator's realistic
  people and scenes are deep fakes (Art. 3(60)) that Acme discloses (Art. 50(4)), as its labelling already does.
- Fraud detection is not Annex III: point 5(b) is about creditworthiness and expressly leaves out financial fraud.
- Readmission risk is not Annex III: point 5(a) is about public authorities deciding eligibility, 5(c) about life and
  health insurance pricing. Minimal risk unless its purpose becomes a diagnosis or treatment decision (then it is
  medical device software: Annex I).
- One role per classification: the sepsis score is also used by Acme itself; its deployer duties (Art. 26) are not
  listed (multi-role classification is later work).
"""

import re

from forty2.tenancy.models import Membership

from . import services

_DEPLOYER = {"is_ai_system": True, "general_purpose_model": False, "role": "deployer",
             "deployer_public_body_or_public_service": True, "excluded_purpose": None, "open_source_licence": False,
             "prohibited_practices": [], "annex_i_safety_component": False}
_PROVIDER = {"is_ai_system": True, "general_purpose_model": False, "role": "provider", "excluded_purpose": None,
             "open_source_licence": False, "prohibited_practices": [], "annex_i_safety_component": False}
_NO_ANNEX_III = {"annex_iii_areas": []}
_NO_ART50 = {"interacts_with_natural_persons": False, "generates_synthetic_content": False,
             "emotion_recognition_or_biometric_categorisation": False}
_MEDICAL_DEVICE = {"annex_i_safety_component": True, "annex_i_third_party_conformity": True}
_PLAIN_TEXT = {"generates_synthetic_content": True, "deep_fake": False, "public_interest_text": False}

#: Answers by demo system name (matched case-insensitively; ``_KEYWORDS`` catches other spellings).
DEMO_ANSWERS: dict[str, dict] = {
    "Sepsis early-warning score": {**_PROVIDER, **_MEDICAL_DEVICE, **_NO_ANNEX_III, **_NO_ART50},
    "Radiology triage for chest CT": {**_DEPLOYER, **_MEDICAL_DEVICE, **_NO_ANNEX_III, **_NO_ART50},
    "Patient appointment chatbot": {**_DEPLOYER, **_NO_ANNEX_III, **_NO_ART50, "interacts_with_natural_persons": True},
    "Clinical notes summariser": {**_PROVIDER, **_NO_ANNEX_III, **_NO_ART50, **_PLAIN_TEXT},
    "Nurse recruitment CV screening": {**_DEPLOYER, "annex_iii_areas": ["employment"], "annex_iii_point": "4(a)",
                                       "art6_3_condition": None, "profiles_natural_persons": True, **_NO_ART50},
    "Nurse staffing forecaster": {**_PROVIDER, **_NO_ANNEX_III, **_NO_ART50},
    "Billing fraud detector": {**_PROVIDER, **_NO_ANNEX_III, **_NO_ART50},
    "30-day readmission risk score": {**_PROVIDER, **_NO_ANNEX_III, **_NO_ART50},
    "Clinical speech-to-text": {**_DEPLOYER, **_NO_ANNEX_III, **_NO_ART50},
    "Internal coding assistant": {**_DEPLOYER, **_NO_ANNEX_III, **_NO_ART50, "interacts_with_natural_persons": True,
                                  **_PLAIN_TEXT},
    "Marketing image generator": {**_DEPLOYER, **_NO_ANNEX_III, **_NO_ART50, **_PLAIN_TEXT, "deep_fake": True},
    "ED triage prototype": {**_PROVIDER, "annex_iii_areas": ["essential_services"], "annex_iii_point": "5(d)",
                            "art6_3_condition": None, "profiles_natural_persons": True, **_NO_ART50},
}

DEMO_NOTES: dict[str, str] = {
    "Sepsis early-warning score": (
        "Part of Acme's deterioration software, medical device software of class IIa (MDR Rule 11), which a "
        "notified body assesses before it is placed on the EU market. Acme supplies it under its own name, so the "
        "in-house exemption of MDR Art. 5(5) does not help: high-risk under Art. 6(1) and Annex I."),
    "Radiology triage for chest CT": (
        "The supplier's worklist prioritisation is class IIa medical device software (notified body involved): "
        "high-risk under Art. 6(1). Acme deploys it: Art. 26 duties; no FRIA, as Art. 27 covers Annex III only."),
    "Patient appointment chatbot": (
        "Books and moves appointments from the FAQ knowledge base (intent-based replies, not generated text). It "
        "does not decide who receives care, so Annex III point 5(a) does not apply. Disclosing the AI is the "
        "supplier's duty (Art. 50(1)); Acme's bot already says so."),
    "Clinical notes summariser": (
        "Acme's own retrieval-augmented application on the Nimbus-4 general-purpose model, so Acme is the "
        "system's provider and marks its drafts as AI-generated (Art. 50(2)); the model's duties (Art. 53) stay "
        "with Nimbus. Drafts documentation that a clinician checks and signs: not medical device software."),
    "Nurse recruitment CV screening": (
        "Ranks applications: Annex III point 4(a). It profiles candidates, so Art. 6(3) cannot apply. As a private "
        "provider of healthcare, a public service (recital 96), Acme assesses the impact on fundamental rights "
        "before use (Art. 27(1))."),
    "Nurse staffing forecaster": (
        "Forecasts ward demand from aggregated rota data; it does not allocate tasks or assess individual staff "
        "(Annex III point 4(b)). Minimal risk."),
    "Billing fraud detector": (
        "Flags unusual claims for investigators, not people's creditworthiness: Annex III point 5(b) expressly "
        "leaves out systems that detect financial fraud. It does not monitor staff (point 4(b)). Minimal risk."),
    "30-day readmission risk score": (
        "Targets follow-up calls and community referrals; coordinators decide. Not Annex III: point 5(a) concerns "
        "public authorities deciding eligibility for services, 5(c) life and health insurance. Not a medical "
        "device as intended; classify again if it comes to inform treatment decisions (Annex I)."),
    "Clinical speech-to-text": (
        "Transcribes dictation that the clinician reviews; it does not substantially alter the input, so the "
        "Art. 50(2) marking does not apply. Minimal risk."),
    "Internal coding assistant": (
        "A chat assistant that generates code for Acme's developers: the supplier discloses and marks (Art. 50(1), "
        "(2)); Acme, as deployer, has no Art. 50 duty of its own."),
    "Marketing image generator": (
        "Realistic images of people and hospital scenes for campaigns are deep fakes (Art. 3(60)), so Acme "
        "discloses that they are artificial (Art. 50(4)), as its labelling of every image already does; the "
        "provider marks them machine-readably (Art. 50(2))."),
    "ED triage prototype": (
        "Suggested a triage category in the emergency department: emergency patient triage is Annex III point "
        "5(d), and it profiles patients' health, so in service it would have been high-risk. It was only evaluated "
        "silently and is retired; the classification is kept for the record."),
}

#: Words that identify each demo system when the demo names it differently.
_KEYWORDS = {
    "Sepsis early-warning score": ("sepsis",), "Radiology triage for chest CT": ("radiology",),
    "Patient appointment chatbot": ("chatbot",), "Clinical notes summariser": ("summar",),
    "Nurse recruitment CV screening": ("recruit",), "Nurse staffing forecaster": ("staffing",),
    "Billing fraud detector": ("fraud",), "30-day readmission risk score": ("readmission",),
    "Clinical speech-to-text": ("speech",), "Internal coding assistant": ("coding",),
    "Marketing image generator": ("image",), "ED triage prototype": ("prototype",),
}


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def demo_key(system_name: str) -> str | None:
    """The DEMO_ANSWERS key for a system name, or None."""
    name = _norm(system_name)
    for key, words in _KEYWORDS.items():
        if name == _norm(key) or all(word in name for word in words):
            return key
    return None


#: classified by the reviewer and left for the AIMS manager to sign off: the demo's pending sign-off (My work)
AWAITING_SIGN_OFF = {"Clinical notes summariser"}


def classify_demo(org, actor, reviewer=None) -> dict:
    """Classify every demo system of ``org`` through the services (idempotent: identical answers store nothing).

    ``actor`` and ``reviewer`` are memberships or users of ``org``; the actor must be allowed to classify (owner or
    AIMS manager). With a reviewer (owner or AIMS manager, not the actor), each unsigned classification is
    signed off, except those in :data:`AWAITING_SIGN_OFF`, which the reviewer stores for the actor to sign off.
    Returns ``{system name: classification}``; systems not in the demo are left alone.
    """
    from forty2.inventory.models import AISystem

    def membership(who):
        if who is None or isinstance(who, Membership):
            return who
        return Membership.objects.select_related("organization", "user").get(organization=org, user=who)

    classifier, checker = membership(actor), membership(reviewer)
    done = {}
    for system in AISystem.objects.for_org(org).order_by("name"):
        key = demo_key(system.name)
        if key is None:
            continue
        if system.archived_at is not None:
            continue
        if key in AWAITING_SIGN_OFF and checker is not None:  # stored by the reviewer; the actor signs it off
            row, _stored = services.classify_system(checker, system, DEMO_ANSWERS[key], note=DEMO_NOTES[key])
            done[system.name] = row
            continue
        row, _stored = services.classify_system(classifier, system, DEMO_ANSWERS[key], note=DEMO_NOTES[key])
        if checker is not None and not row.is_signed_off and row.created_by_id != checker.user_id:
            row = services.sign_off(checker, system, version=row.version,
                                    note="Checked the answers against the intended purpose and the notes.")
        done[system.name] = row
    return done
