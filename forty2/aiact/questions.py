"""Questions of the guided EU AI Act questionnaire (Regulation (EU) 2024/1689) and which ones still apply.

`QUESTIONS` is ordered as the UI asks them; each key is an answer field of `validation.ANSWER_FIELDS` and its
choices are exactly the allowed values. `relevant_questions` follows the same reading of the Regulation as the
engine: an unanswered yes/no question counts as "no", as in `classify`.
"""

from __future__ import annotations

from .validation import (
    ANNEX_III_AREAS,
    ANSWER_FIELDS,
    EXCLUDED_PURPOSES,
    PROHIBITED_PRACTICES,
    ROLES,
)


def _q(key: str, label: str, help: str, choices: list[tuple[str, str]] | None = None) -> dict:
    spec = ANSWER_FIELDS[key]
    return {"key": key, "label": label, "help": help, "article": spec["article"], "type": spec["type"],
            "choices": choices or []}


QUESTIONS: list[dict] = [
    _q("is_ai_system", "Is it an AI system?",
       "A machine-based system that works with some autonomy and infers from its input how to produce outputs "
       "such as predictions, content, recommendations or decisions. Fixed rules written by people alone do not "
       "count (Art. 3(1)). Answer no for a general-purpose model that is not yet part of a system."),
    _q("general_purpose_model", "Is it, or does it include, a general-purpose AI model that you provide?",
       "A model trained on large amounts of data that can competently perform a wide range of distinct tasks "
       "and be built into many other systems, such as a large language model (Art. 3(63))."),
    _q("training_compute_flops", "How much compute was used to train the model, in floating-point operations?",
       "The cumulative compute of all training. Above 10^25 operations the model is presumed to have systemic "
       "risk (Art. 51(2)). Leave empty if unknown."),
    _q("designated_systemic_risk", "Has the European Commission designated the model as having systemic risk?",
       "The Commission can designate a model on its own initiative or after an alert from the scientific panel "
       "(Art. 51(1)(b), Art. 52)."),
    _q("role", "What is your organisation's role for this system?",
       "Your duties depend on your role (Art. 3(3)-(8)). If you put your name on a system or change its intended "
       "purpose, you may become its provider (Art. 25).",
       [("provider", "Provider: we develop it, or have it developed, and supply it under our own name"),
        ("deployer", "Deployer: we use it under our authority for professional purposes"),
        ("importer", "Importer: we bring a non-EU provider's system onto the EU market"),
        ("distributor", "Distributor: we make it available in the EU, but are neither provider nor importer"),
        ("product_manufacturer", "Product manufacturer: we sell it as part of our product under our name"),
        ("authorised_representative", "Authorised representative: we act in the EU for a non-EU provider")]),
    _q("deployer_public_body_or_public_service",
       "Are you a public body, or a private organisation providing a public service?",
       "For example a hospital, school, municipality or utility. Such deployers must assess the impact of "
       "high-risk systems on fundamental rights before use (Art. 27(1)); public authorities also register their "
       "use (Art. 49(3))."),
    _q("excluded_purpose", "Is the system used only for one of these purposes?",
       "The Regulation does not cover systems used only for military, defence or national security purposes "
       "(Art. 2(3)), developed only for scientific research (Art. 2(6)), or used by a person for purely personal, "
       "non-professional purposes (Art. 2(10)).",
       [("military_defence_security", "Only military, defence or national security"),
        ("scientific_research_only", "Only scientific research and development"),
        ("personal_non_professional", "Only a person's private, non-professional use")]),
    _q("open_source_licence", "Is the system released under a free and open-source licence?",
       "Open-source systems are outside the Regulation unless they are high-risk, prohibited or have transparency "
       "duties (Art. 2(12)). For models, public weights also remove some documentation duties (Art. 53(2))."),
    _q("prohibited_practices", "Does the system do any of the following?",
       "These practices are banned outright (Art. 5(1)). Detecting tiredness or pain is not emotion recognition "
       "(recital 18).",
       [("subliminal_manipulation", "Manipulates people with subliminal or deceptive techniques, causing harm"),
        ("exploiting_vulnerabilities", "Exploits people's age, disability or social or economic situation"),
        ("social_scoring", "Scores people's social behaviour, leading to unfair treatment"),
        ("crime_prediction_by_profiling", "Predicts whether a person will commit a crime from profiling alone"),
        ("untargeted_facial_scraping", "Builds face databases by scraping images from the internet or CCTV"),
        ("emotion_recognition_work_education", "Recognises emotions of workers or students"),
        ("biometric_categorisation_sensitive", "Infers race, politics, religion or sexual orientation from "
                                               "biometric data"),
        ("realtime_remote_biometric_id_law_enforcement", "Identifies people remotely in real time in public "
                                                         "spaces for law enforcement")]),
    _q("emotion_recognition_medical_or_safety", "Is the emotion recognition used only for medical or safety reasons?",
       "For example a system that warns of a driver's or operator's danger. This is allowed (Art. 5(1)(f)), but "
       "the system is then high-risk (Annex III point 1(c))."),
    _q("law_enforcement_exception_authorised",
       "Is each use limited to the allowed law-enforcement objectives, with prior authorisation?",
       "Searching for specific victims or missing persons, preventing an imminent threat or terrorist attack, or "
       "locating suspects of serious crimes, each authorised in advance by a judicial or independent authority "
       "(Art. 5(1)(h), Art. 5(2)-(3))."),
    _q("annex_i_safety_component",
       "Is the system a safety component of a regulated product, or itself such a product?",
       "Products covered by the EU laws listed in Annex I, such as medical devices, machinery, toys, lifts or "
       "vehicles (Art. 6(1)(a))."),
    _q("annex_i_third_party_conformity",
       "Must that product undergo a conformity assessment by a third party (a notified body)?",
       "Only then is the system high-risk under Art. 6(1)(b)."),
    _q("annex_iii_areas", "Is the system intended for use in any of these areas?",
       "The areas of Annex III: systems used there are high-risk unless an Art. 6(3) condition applies "
       "(Art. 6(2)).",
       [("biometrics", "1. Biometrics: remote identification, categorisation, emotion recognition"),
        ("critical_infrastructure", "2. Safety of critical infrastructure, road traffic, water, gas, heating, "
                                    "electricity"),
        ("education", "3. Education and vocational training: admission, assessment, proctoring"),
        ("employment", "4. Employment: recruitment, promotion, dismissal, task allocation, monitoring"),
        ("essential_services", "5. Essential services: public benefits, credit scoring, life and health insurance, "
                               "emergency calls"),
        ("law_enforcement", "6. Law enforcement"),
        ("migration_border", "7. Migration, asylum and border control"),
        ("justice_democracy", "8. Administration of justice and democratic processes")]),
    _q("annex_iii_point", "Which Annex III point describes the use best?",
       "Choose the point of the areas you ticked that fits the intended use, for example 5(b) for credit scoring "
       "or 4(a) for recruitment (Annex III). Deployers of 5(b) and 5(c) systems must assess fundamental-rights "
       "impact (Art. 27(1))."),
    _q("art6_3_condition", "Does the system only do one of these limited tasks?",
       "An Annex III system is not high-risk if it does not materially influence decisions because it only does "
       "one of these (Art. 6(3)). You must document that assessment (Art. 6(4)).",
       [("narrow_procedural_task", "A narrow procedural task, such as sorting documents"),
        ("improves_completed_human_activity", "Improves the result of work a person has already completed"),
        ("detects_patterns_without_replacing_review", "Detects patterns in past decisions, without replacing "
                                                      "human review"),
        ("preparatory_task", "A preparatory task for an assessment made by people")]),
    _q("profiles_natural_persons", "Does the system profile people?",
       "Automated evaluation of personal aspects such as work performance, economic situation, health, "
       "preferences, behaviour or location. A system that profiles people is always high-risk (Art. 6(3), last "
       "subparagraph)."),
    _q("interacts_with_natural_persons", "Does the system interact directly with people, such as a chatbot?",
       "People must be told they are dealing with an AI system unless it is obvious (Art. 50(1))."),
    _q("generates_synthetic_content", "Does the system generate audio, images, video or text?",
       "Generated output must be marked in a machine-readable way as artificial (Art. 50(2))."),
    _q("deep_fake", "Does it produce realistic images, audio or video of real people, places or events?",
       "Such deep fakes must be disclosed as artificial by the deployer (Art. 50(4))."),
    _q("public_interest_text",
       "Is generated text published to inform the public on matters of public interest, without editorial review?",
       "Such text must be disclosed as AI-generated unless a person reviewed it and someone holds editorial "
       "responsibility (Art. 50(4))."),
    _q("emotion_recognition_or_biometric_categorisation",
       "Does the system recognise emotions or sort people into categories from biometric data?",
       "People exposed to it must be informed (Art. 50(3)). Detecting tiredness or pain is not emotion "
       "recognition (recital 18)."),
]

if not QUESTIONS or {q["key"] for q in QUESTIONS} != set(ANSWER_FIELDS):
    raise ImportError("aiact/questions.py: the questions must ask exactly the answer fields")


def relevant_questions(partial_answers: dict) -> list[str]:
    """Keys still relevant given the answers so far, in questionnaire order (never raises on bad input)."""
    p = partial_answers if isinstance(partial_answers, dict) else {}

    def yes(key: str) -> bool:
        return p.get(key) is True

    def choice(key: str, allowed) -> str | None:
        value = p.get(key)
        return value if isinstance(value, str) and value in allowed else None

    def items(key: str, allowed) -> set[str]:
        value = p.get(key)
        return {v for v in value if isinstance(v, str) and v in allowed} if isinstance(value, (list, tuple)) else set()

    keys = ["is_ai_system", "general_purpose_model"]
    if yes("general_purpose_model"):
        keys += ["training_compute_flops", "designated_systemic_risk"]
    if not yes("is_ai_system"):  # Art. 3(1): only the model's own duties remain to be settled
        return keys + (["role", "open_source_licence"] if yes("general_purpose_model") else [])
    role = choice("role", ROLES)
    keys.append("role")
    if role == "deployer":
        keys.append("deployer_public_body_or_public_service")
    keys.append("excluded_purpose")
    purpose = choice("excluded_purpose", EXCLUDED_PURPOSES)
    if purpose in ("military_defence_security", "scientific_research_only") or (
            purpose == "personal_non_professional" and role in (None, "deployer")):
        return keys  # Art. 2(3), 2(6), 2(10)
    keys += ["open_source_licence", "prohibited_practices"]
    practices = items("prohibited_practices", PROHIBITED_PRACTICES)
    if "emotion_recognition_work_education" in practices:
        keys.append("emotion_recognition_medical_or_safety")
        if yes("emotion_recognition_medical_or_safety"):
            practices.discard("emotion_recognition_work_education")
    if "realtime_remote_biometric_id_law_enforcement" in practices:
        keys.append("law_enforcement_exception_authorised")
        if yes("law_enforcement_exception_authorised"):
            practices.discard("realtime_remote_biometric_id_law_enforcement")
    if practices:
        return keys  # Art. 5: nothing else to classify
    keys.append("annex_i_safety_component")
    if yes("annex_i_safety_component"):
        keys.append("annex_i_third_party_conformity")
    keys.append("annex_iii_areas")
    if items("annex_iii_areas", ANNEX_III_AREAS):
        keys += ["annex_iii_point", "art6_3_condition", "profiles_natural_persons"]
    keys += ["interacts_with_natural_persons", "generates_synthetic_content"]
    if yes("generates_synthetic_content"):
        keys += ["deep_fake", "public_interest_text"]
    keys.append("emotion_recognition_or_biometric_categorisation")
    return keys


__all__ = ["QUESTIONS", "relevant_questions"]
