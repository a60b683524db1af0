"""EU AI Act classification engine, Regulation (EU) 2024/1689 (OJ L, 12.7.2024). Pure Python, no Django.

`classify(answers)` returns a `Classification`. Dates and duties are data (`data/application_dates.json`,
`data/obligations.json`); this module decides which apply.

How results are presented:
- `tier` classifies the *use of an AI system* (Art. 3(1)). A general-purpose AI model's own duties (Chapter V,
  Art. 51-55) are reported in `gpai` and `obligations` and never depend on `tier`: with `is_ai_system` false and
  `general_purpose_model` true the tier is `out_of_scope` (there is no system use to classify) while `gpai`
  and the model provider's duties are still listed. A prohibited system also keeps its model's duties.
- Role not given: only duties binding every operator (Art. 5) are listed, and a reason asks for the role.
- Art. 2(3) (military, defence, national security) excludes the system whatever the role; it names AI systems
  only, so a model's Chapter V duties remain. Art. 2(6) (scientific research only) names models too: both go.
- Art. 2(10) relieves natural persons using AI in a purely personal, non-professional activity, i.e. deployers:
  out of scope when the role is deployer or unknown; other roles keep their duties.
- Art. 2(12) (OJ wording): an open-source system is out of scope unless high-risk, prohibited or under Art. 50.
  An Annex III system relying on Art. 6(3) stays in scope (conservative: its Art. 6(4)/49(2) duties are kept).
- Art. 5(1)(f) medical/safety exception: not prohibited, but still emotion recognition, so Annex III point 1(c)
  and Art. 50(3) apply. Art. 5(1)(h) authorised use: not prohibited, remote biometric identification is Annex III
  point 1(a), and the deployer has the Art. 5(2)-(4) duties, including the Art. 27 assessment.
- Both Art. 6(1) and 6(2): route `annex_i`; Art. 27 still looks at the Annex III listing; dates of the high-risk
  duties follow the earlier (Annex III) date. `art6_3_exempted` is true only when Art. 6(3) is what makes the
  system not high-risk.
- A deep fake or public-interest text is synthetic content, so the provider's Art. 50(2) duty applies too.
- A product manufacturer is treated as provider of an Annex I high-risk system (Art. 25(3)).
- Recital 18: detecting physical states such as fatigue or pain is not emotion recognition; the engine takes the
  answers as given, so such a system is answered with no emotion recognition flag.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

from .validation import (
    ANNEX_III_AREAS,
    ANSWER_FIELDS,
    ART6_3_CONDITIONS,
    PROHIBITED_PRACTICES,
    Answers,
    AnswersError,
    annex_iii_area_of_point,
    validate_answers,
)

__all__ = ["ANSWER_FIELDS", "AnswersError", "Answers", "Classification", "Obligation", "TIERS",
           "application_dates", "classify", "validate_answers"]

TIERS = ("out_of_scope", "prohibited", "high_risk", "limited_risk", "minimal_risk")
GPAI_CLASSES = ("gpai", "gpai_systemic_risk")
#: Conditions that obligations.json may name in "when".
CONDITIONS = frozenset({
    "prohibited", "in_scope_system", "high_risk", "annex_i_high_risk", "annex_iii_high_risk",
    "annex_iii_eu_database", "annex_iii_point_2", "art6_3_exempted", "fria_required", "public_body_deployer",
    "law_enforcement_exception", "art50_1", "art50_2", "art50_3", "art50_4_deep_fake", "art50_4_text",
    "gpai", "gpai_systemic_risk", "gpai_without_open_source_exemption",
})

_PRACTICE_TEXT = {
    "subliminal_manipulation": "Subliminal, manipulative or deceptive techniques that distort behaviour and cause "
                               "significant harm",
    "exploiting_vulnerabilities": "Exploiting vulnerabilities due to age, disability or social or economic "
                                  "situation",
    "social_scoring": "Social scoring leading to detrimental or unfavourable treatment",
    "crime_prediction_by_profiling": "Predicting the risk of a person committing a crime based solely on profiling "
                                     "or personality traits",
    "untargeted_facial_scraping": "Building facial recognition databases by untargeted scraping of images",
    "emotion_recognition_work_education": "Emotion recognition in the workplace or in education",
    "biometric_categorisation_sensitive": "Biometric categorisation to infer sensitive characteristics such as race, "
                                          "political opinions or sexual orientation",
    "realtime_remote_biometric_id_law_enforcement": "Real-time remote biometric identification in publicly "
                                                    "accessible spaces for law enforcement",
}
_AREA_TEXT = dict(zip(ANNEX_III_AREAS, (
    "biometrics", "critical infrastructure", "education and vocational training", "employment and workers "
    "management", "access to essential private and public services", "law enforcement", "migration, asylum and "
    "border control", "administration of justice and democratic processes"), strict=True))
_CONDITION_TEXT = dict(zip(ART6_3_CONDITIONS, (
    "performs a narrow procedural task", "improves the result of a previously completed human activity",
    "detects decision-making patterns without replacing or influencing the human assessment",
    "performs a preparatory task to an assessment"), strict=True))
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "XI": 11, "XII": 12}


@cache
def _data(name: str) -> dict:
    return json.loads(resources.files("forty2.aiact").joinpath("data", name).read_text(encoding="utf-8"))


def application_dates() -> dict[str, dict]:
    """Effective dates by key: base Art. 113 dates overridden by every amendment marked ``"apply": true``."""
    data = _data("application_dates.json")
    dates = {key: {**entry, "amendment": None} for key, entry in data["dates"].items()}
    for amendment in data.get("amendments", []):
        if amendment.get("apply"):
            for key, entry in amendment["overrides"].items():
                dates[key] = {**entry, "amendment": amendment["id"]}
    return dates


def obligation_rules() -> list[dict]:
    """The obligation entries of obligations.json."""
    return _data("obligations.json")["obligations"]


@dataclass(frozen=True)
class Obligation:
    """One duty for the answering role, with the date it applies from (Art. 113)."""

    article: str
    duty: str
    applies_from: str

    def to_dict(self) -> dict:
        return {"article": self.article, "duty": self.duty, "applies_from": self.applies_from}


@dataclass(frozen=True)
class Classification:
    """Outcome of the EU AI Act questionnaire (Art. 2, 5, 6, 27, 50, 51)."""

    tier: str
    high_risk_route: str | None
    art6_3_exempted: bool
    transparency: tuple[str, ...]
    gpai: str | None
    fria_required: bool
    articles: tuple[str, ...]
    obligations: tuple[Obligation, ...]
    reasons: tuple[str, ...]

    def to_dict(self) -> dict:
        return {
            "tier": self.tier, "high_risk_route": self.high_risk_route, "art6_3_exempted": self.art6_3_exempted,
            "transparency": list(self.transparency), "gpai": self.gpai, "fria_required": self.fria_required,
            "articles": list(self.articles), "obligations": [o.to_dict() for o in self.obligations],
            "reasons": list(self.reasons),
        }


def article_sort_key(ref: str) -> tuple:
    """Natural order: Art. 2 < Art. 5(1)(a) < Art. 10 < Annex I < Annex III point 5(b)."""
    parts = tuple((0, int(t)) if t.isdigit() else (1, t) for t in re.findall(r"\d+|[a-z]+", ref))
    if ref.startswith("Art."):
        return (0, parts)
    match = re.match(r"Annex ([IVX]+)", ref)
    if match:
        return (1, ((0, _ROMAN.get(match.group(1), 99)),) + parts)
    return (2, parts)


class _Notes:
    def __init__(self) -> None:
        self.reasons: list[str] = []
        self.articles: set[str] = set()

    def say(self, text: str, *articles: str) -> None:
        self.reasons.append(text)
        self.articles.update(articles)


def _annex_refs(areas: list[str], points: set[str]) -> list[str]:
    refs = []
    for area in areas:
        number = ANNEX_III_AREAS.index(area) + 1
        own = sorted(p for p in points if annex_iii_area_of_point(p) == area)
        refs += [f"Annex III point {p}" for p in own] or [f"Annex III point {number}"]
    return refs


def _gpai(a: Answers, notes: _Notes) -> str | None:
    """Art. 51: a general-purpose AI model, with systemic risk above 10^25 FLOPs or when designated."""
    if not a.general_purpose_model:
        return None
    if a.excluded_purpose == "scientific_research_only":
        notes.say("The model is developed solely for scientific research and development, which Art. 2(6) also "
                  "excludes for AI models.", "Art. 2(6)")
        return None
    systemic = a.designated_systemic_risk
    if systemic:
        notes.say("The Commission has designated the model as having systemic risk (Art. 51(1)(b)).",
                  "Art. 51(1)(b)")
    if a.training_compute_flops is not None:
        flops = a.training_compute_flops
        threshold = Decimal(_data("obligations.json")["thresholds"]["gpai_systemic_risk_training_flops"])
        exact = Decimal(repr(flops)) if isinstance(flops, float) else Decimal(flops)
        shown = f"{flops:.3g}" if Decimal(f"{flops:.3g}") != threshold or exact == threshold else repr(flops)
        if exact > threshold:
            systemic = True
            notes.say(f"Cumulative training compute of {shown} FLOPs is greater than 10^25, so high-impact "
                      "capabilities and systemic risk are presumed (Art. 51(2)).", "Art. 51(2)")
        else:
            notes.say(f"Training compute of {shown} FLOPs is not greater than 10^25, so systemic risk is not "
                      "presumed (Art. 51(2)).", "Art. 51(2)")
    notes.say("It is a general-purpose AI model: its provider has the duties of Art. 53"
              + (" and, because of systemic risk, Art. 55." if systemic else "."), "Art. 3(63)", "Art. 53")
    if a.open_source_licence:
        if systemic:
            notes.say("The open-source exemption of Art. 53(2) does not cover models with systemic risk.",
                      "Art. 53(2)")
        else:
            notes.say("As an open-source model with public weights it is exempt from Art. 53(1)(a)-(b) and "
                      "Art. 54 (Art. 53(2), 54(6)); the other model duties remain.", "Art. 53(2)", "Art. 54(6)")
    if a.role not in ("provider", "authorised_representative"):
        notes.say("Model duties bind the model's provider and its authorised representative, so none are listed "
                  "for your role (Art. 53, 54).", "Art. 53")
    notes.say("Models placed on the market before 2 August 2025 must comply by 2 August 2027 (Art. 111(3)).",
              "Art. 111(3)")
    return "gpai_systemic_risk" if systemic else "gpai"


def _in_scope(a: Answers, notes: _Notes) -> bool:
    """Art. 3(1) definition and the Art. 2 exclusions that do not depend on the risk tier."""
    if not a.is_ai_system:
        notes.say("It is not an AI system as defined in Art. 3(1), so the rules for AI systems do not apply.",
                  "Art. 3(1)")
        return False
    if a.excluded_purpose == "military_defence_security":
        notes.say("Used exclusively for military, defence or national security purposes: excluded by Art. 2(3).",
                  "Art. 2(3)")
        return False
    if a.excluded_purpose == "scientific_research_only":
        notes.say("Developed and put into service solely for scientific research and development: excluded by "
                  "Art. 2(6).", "Art. 2(6)")
        return False
    if a.excluded_purpose == "personal_non_professional":
        if a.role in (None, "deployer"):
            notes.say("Used by a natural person in a purely personal, non-professional activity: the deployer "
                      "duties do not apply (Art. 2(10)).", "Art. 2(10)")
            return False
        notes.say(f"Art. 2(10) only relieves natural persons using AI in a purely personal, non-professional "
                  f"activity; as {a.role.replace('_', ' ')} your duties still apply.", "Art. 2(10)")
    return True


def classify(answers: Answers | dict) -> Classification:
    """Classify one AI system (and its general-purpose model, if any) under Regulation (EU) 2024/1689."""
    a = answers if isinstance(answers, Answers) else validate_answers(answers)
    notes = _Notes()
    if a.role is None:
        notes.say("No role was given, so only duties binding every operator are listed; say whether you are the "
                  "provider, deployer, importer, distributor, product manufacturer or authorised representative "
                  "(Art. 3(8)).", "Art. 3(8)")
    facts = dict.fromkeys(CONDITIONS, False)
    tier, route, exempt, fria, transparency = "out_of_scope", None, False, False, []
    roles = {a.role} if a.role else set()
    date_route = "annex_iii"
    if _in_scope(a, notes):
        system = _classify_system(a, notes)
        tier, route, exempt, fria = system["tier"], system["route"], system["exempt"], system["fria"]
        facts.update(system["facts"])
        date_route = system["date_route"]
        if a.role == "product_manufacturer":
            if facts["annex_i_high_risk"]:
                roles.add("provider")
                notes.say("As manufacturer of an Annex I product placed on the market with the AI system under "
                          "your name, you are considered its provider (Art. 25(3)).", "Art. 25(3)")
            elif tier != "prohibited":
                notes.say("Art. 25(3) makes a product manufacturer the provider only of a high-risk system in an "
                          "Annex I product; if you place the AI system on the market under your own name, answer "
                          "as provider (Art. 25(3)).", "Art. 25(3)")
        if a.role in ("importer", "distributor", "authorised_representative") and tier != "prohibited":
            if facts["high_risk"]:
                notes.say("Putting your name or trademark on the system, modifying it substantially or changing its "
                          "intended purpose would make you its provider (Art. 25(1)).", "Art. 25(1)")
            else:
                notes.say("Importers, distributors and authorised representatives have specific duties only for "
                          "high-risk AI systems (Art. 22, 23, 24).", "Art. 22", "Art. 23", "Art. 24")
        binding = []
        if "provider" in roles:
            binding += [p for p, f in (("Art. 50(1)", "art50_1"), ("Art. 50(2)", "art50_2")) if facts[f]]
        if "deployer" in roles:
            binding += [p for p, f in (("Art. 50(3)", "art50_3"), ("Art. 50(4)", "art50_4_deep_fake"),
                                        ("Art. 50(4)", "art50_4_text")) if facts[f]]
        transparency = sorted(set(binding), key=article_sort_key)
    gpai = _gpai(a, notes)
    facts["gpai"] = gpai is not None
    facts["gpai_systemic_risk"] = gpai == "gpai_systemic_risk"
    facts["gpai_without_open_source_exemption"] = gpai == "gpai_systemic_risk" or (
        gpai == "gpai" and not a.open_source_licence)
    obligations = _obligations(roles, facts, date_route, notes)
    articles = notes.articles | {o.article for o in obligations}
    return Classification(
        tier=tier, high_risk_route=route, art6_3_exempted=exempt, transparency=tuple(transparency), gpai=gpai,
        fria_required=fria, articles=tuple(sorted(articles, key=article_sort_key)), obligations=obligations,
        reasons=tuple(notes.reasons))


def _prohibited(a: Answers, notes: _Notes) -> tuple[list[str], set[str], bool]:
    """Art. 5: remaining prohibited practices, Annex III points implied by an exception, law-enforcement use."""
    practices = list(a.prohibited_practices)
    implied: set[str] = set()
    le_exception = False
    if "emotion_recognition_work_education" in practices and a.emotion_recognition_medical_or_safety:
        practices.remove("emotion_recognition_work_education")
        implied.add("1(c)")
        notes.say("Emotion recognition at work or in education for medical or safety reasons is excepted from the "
                  "ban (Art. 5(1)(f)); it is still an emotion recognition system listed in Annex III point 1(c).",
                  "Art. 5(1)(f)", "Annex III point 1(c)")
    if "realtime_remote_biometric_id_law_enforcement" in practices and a.law_enforcement_exception_authorised:
        practices.remove("realtime_remote_biometric_id_law_enforcement")
        implied.add("1(a)")
        le_exception = True
        notes.say("Real-time remote biometric identification is used only for the objectives allowed by "
                  "Art. 5(1)(h) with prior authorisation (Art. 5(2)-(3)); it is still a remote biometric "
                  "identification system listed in Annex III point 1(a).", "Art. 5(1)(h)", "Art. 5(2)",
                  "Annex III point 1(a)")
    for practice in practices:
        letter = "abcdefgh"[PROHIBITED_PRACTICES.index(practice)]
        notes.say(f"{_PRACTICE_TEXT[practice]} is a prohibited practice (Art. 5(1)({letter})).",
                  f"Art. 5(1)({letter})")
    return practices, implied, le_exception


def _classify_system(a: Answers, notes: _Notes) -> dict:
    """Art. 5, 6, 27 and 50 for an AI system already found within the scope of Art. 2."""
    practices, implied, le_exception = _prohibited(a, notes)
    if practices:
        notes.say("A prohibited AI practice may not be placed on the market, put into service or used, so no "
                  "other classification applies (Art. 5).", "Art. 5")
        if a.open_source_licence:
            notes.say("An open-source licence does not help: Art. 2(12) does not exclude practices under Art. 5.",
                      "Art. 2(12)")
        return {"tier": "prohibited", "route": None, "exempt": False, "fria": False, "facts": {"prohibited": True},
                "date_route": "annex_iii"}
    annex_i = a.annex_i_safety_component and a.annex_i_third_party_conformity
    if annex_i:
        notes.say("It is a safety component of a product (or is itself a product) covered by Annex I legislation "
                  "that requires third-party conformity assessment: high-risk under Art. 6(1).", "Art. 6(1)",
                  "Annex I")
    elif a.annex_i_safety_component:
        notes.say("A safety component of an Annex I product that needs no third-party conformity assessment is not "
                  "high-risk under Art. 6(1).", "Art. 6(1)")
    points = ({a.annex_iii_point} if a.annex_iii_point else set()) | implied
    implied_areas = {annex_iii_area_of_point(p) for p in implied}
    areas = [x for x in ANNEX_III_AREAS if x in a.annex_iii_areas or x in implied_areas]
    refs = _annex_refs(areas, points)
    listing = "; ".join(f"point {ANNEX_III_AREAS.index(x) + 1}, {_AREA_TEXT[x]}" for x in areas)
    exempt = annex_iii_high = False
    if areas and a.art6_3_condition and not a.profiles_natural_persons:
        letter = "abcd"[ART6_3_CONDITIONS.index(a.art6_3_condition)]
        if annex_i:
            notes.say("The Art. 6(3) condition does not matter here: the system is already high-risk under "
                      "Art. 6(1).", "Art. 6(3)")
        else:
            exempt = True
            notes.say(f"It is listed in Annex III ({listing}) but {_CONDITION_TEXT[a.art6_3_condition]} "
                      f"(Art. 6(3)({letter})) and does not profile people, so it is not high-risk; the provider must "
                      "document that assessment (Art. 6(4)) and register the system (Art. 49(2)).",
                      f"Art. 6(3)({letter})", "Art. 6(4)", "Art. 49(2)", *refs)
    elif areas:
        annex_iii_high = True
        notes.say(f"It is listed in Annex III ({listing}): high-risk under Art. 6(2).", "Art. 6(2)", *refs)
        if a.art6_3_condition:
            notes.say("An Art. 6(3) condition was given, but a system that profiles natural persons is always "
                      "high-risk (Art. 6(3), last subparagraph).", "Art. 6(3)")
    high_risk = annex_i or annex_iii_high
    t1 = a.interacts_with_natural_persons
    t2 = a.generates_synthetic_content or a.deep_fake or a.public_interest_text
    t3 = a.emotion_recognition_or_biometric_categorisation or "1(c)" in implied
    for flag, text, article in (
        (t1, "It interacts directly with people: the provider must make clear they are dealing with an AI system "
             "unless obvious", "Art. 50(1)"),
        (t2, "It generates synthetic audio, image, video or text: the provider must mark the output as artificial "
             "in a machine-readable way", "Art. 50(2)"),
        (t3, "It recognises emotions or categorises people biometrically: the deployer must inform the people "
             "exposed", "Art. 50(3)"),
        (a.deep_fake, "It produces deep fakes: the deployer must disclose that the content is artificial",
         "Art. 50(4)"),
        (a.public_interest_text, "It produces text published to inform the public on matters of public interest "
                                 "without editorial responsibility: the deployer must disclose it", "Art. 50(4)"),
    ):
        if flag:
            notes.say(f"{text} ({article}).", article)
    any_art50 = t1 or t2 or t3
    if high_risk:
        tier = "high_risk"
    elif any_art50:
        tier = "limited_risk"
        notes.say("Not high-risk, but Art. 50 transparency duties apply: limited risk.", "Art. 50")
    else:
        tier = "minimal_risk"
        notes.say("No prohibited practice, high-risk ground or transparency duty: minimal risk; beyond AI literacy "
                  "(Art. 4) only voluntary codes of conduct apply (Art. 95).", "Art. 4", "Art. 95")
    if a.open_source_licence:
        if tier == "minimal_risk" and not exempt:
            tier = "out_of_scope"
            notes.say("Released under a free and open-source licence and neither high-risk, prohibited nor under "
                      "Art. 50: the Regulation does not apply (Art. 2(12)).", "Art. 2(12)")
        elif tier == "minimal_risk":
            notes.say("Released under a free and open-source licence; because the system is listed in Annex III "
                      "and relies on Art. 6(3), its Art. 6(4) and Art. 49(2) duties are kept (Art. 2(12)).",
                      "Art. 2(12)")
        else:
            notes.say("A free and open-source licence does not exclude a system that is high-risk or falls under "
                      "Art. 50 (Art. 2(12)).", "Art. 2(12)")
    fria = _fria(a, annex_iii_high, areas, points, le_exception, notes)
    in_scope = tier != "out_of_scope"
    facts = {
        "in_scope_system": in_scope, "high_risk": high_risk, "annex_i_high_risk": annex_i,
        "annex_iii_high_risk": annex_iii_high,
        "annex_iii_eu_database": annex_iii_high and any(x != "critical_infrastructure" for x in areas),
        "annex_iii_point_2": annex_iii_high and "critical_infrastructure" in areas,
        "art6_3_exempted": exempt, "fria_required": fria,
        "public_body_deployer": a.deployer_public_body_or_public_service,
        "law_enforcement_exception": le_exception, "art50_1": in_scope and t1, "art50_2": in_scope and t2,
        "art50_3": in_scope and t3, "art50_4_deep_fake": in_scope and a.deep_fake,
        "art50_4_text": in_scope and a.public_interest_text,
    }
    route = "annex_i" if annex_i else "annex_iii" if annex_iii_high else None
    return {"tier": tier, "route": route, "exempt": exempt, "fria": fria, "facts": facts,
            "date_route": "annex_i" if annex_i and not annex_iii_high else "annex_iii"}


def _fria(a: Answers, annex_iii_high: bool, areas: list[str], points: set[str], le_exception: bool,
          notes: _Notes) -> bool:
    """Art. 27(1) fundamental rights impact assessment (and Art. 5(2) for authorised biometric identification)."""
    if a.role != "deployer":
        return False
    fria = False
    if annex_iii_high and a.deployer_public_body_or_public_service:
        if any(x != "critical_infrastructure" for x in areas):
            fria = True
            notes.say("As a body governed by public law or a private entity providing public services that deploys "
                      "an Annex III high-risk system, you must assess its impact on fundamental rights before first "
                      "use (Art. 27(1)).", "Art. 27(1)")
        else:
            notes.say("Art. 27(1) does not require a fundamental rights impact assessment for critical "
                      "infrastructure systems (Annex III point 2).", "Art. 27(1)")
    if annex_iii_high and points & {"5(b)", "5(c)"}:
        fria = True
        notes.say("Every deployer of a creditworthiness or credit-scoring system (Annex III point 5(b)) or of life "
                  "and health insurance risk pricing (point 5(c)) must assess its impact on fundamental rights "
                  "before first use (Art. 27(1)).", "Art. 27(1)")
    elif annex_iii_high and "essential_services" in areas and not fria and a.annex_iii_point is None:
        notes.say("If the system assesses creditworthiness (Annex III point 5(b)) or prices life or health insurance "
                  "(point 5(c)), Art. 27(1) requires a fundamental rights impact assessment: give the point to "
                  "settle it.", "Art. 27(1)")
    if le_exception:
        fria = True
        notes.say("Authorised real-time remote biometric identification also requires a fundamental rights impact "
                  "assessment before use (Art. 5(2), Art. 27).", "Art. 5(2)", "Art. 27")
    return fria


def _obligations(roles: set[str], facts: dict, date_route: str, notes: _Notes) -> tuple[Obligation, ...]:
    """Select duties from obligations.json for the roles and facts; dates from application_dates.json."""
    dates = application_dates()
    chosen: list[Obligation] = []
    used_keys: set[str] = set()
    for rule in obligation_rules():
        if not ("*" in rule["roles"] or roles & set(rule["roles"])):
            continue
        if not all(facts[condition] for condition in rule["when"]):
            continue
        key = rule["date_key"] if isinstance(rule["date_key"], str) else rule["date_key"][date_route]
        used_keys.add(key)
        obligation = Obligation(rule["article"], rule["duty"], dates[key]["date"])
        if obligation not in chosen:
            chosen.append(obligation)
    for amendment in _data("application_dates.json").get("amendments", []):
        changed = sorted(used_keys & set(amendment["overrides"]))
        if not changed:
            continue
        base = _data("application_dates.json")["dates"]
        moves = "; ".join(f"{base[k]['label']} from {amendment['overrides'][k]['date']} instead of "
                          f"{base[k]['date']}" for k in changed)
        name = amendment.get("short_title", amendment["id"])
        if amendment.get("apply"):
            notes.say(f"Dates follow the {name} (status: {amendment['status']}), which amends Art. 113: {moves}.",
                      "Art. 113")
        else:
            notes.say(f"The {name} (status: {amendment['status']}) would move these dates, not yet used here: "
                      f"{moves} (Art. 113).", "Art. 113")
    return tuple(chosen)
