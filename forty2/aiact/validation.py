"""Validation of EU AI Act questionnaire answers (Regulation (EU) 2024/1689).

`validate_answers` turns a JSON object into a frozen `Answers`, or raises `AnswersError` listing every
problem at once, in the API's 422 shape: ``{"loc": ["body", field(, index)], "msg": ..., "type": ...}``.

Conventions: an absent key means "no" / empty; ``null`` is accepted only where it means "none" (the choice
fields, the compute figure and the lists), never for a yes/no question; booleans must be real JSON booleans.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, fields

ROLES = (
    "provider",  # Art. 3(3)
    "deployer",  # Art. 3(4)
    "importer",  # Art. 3(6)
    "distributor",  # Art. 3(7)
    "product_manufacturer",  # Art. 25(3)
    "authorised_representative",  # Art. 3(5)
)
EXCLUDED_PURPOSES = ("military_defence_security", "scientific_research_only", "personal_non_professional")
PROHIBITED_PRACTICES = (  # Art. 5(1)(a)-(h), in that order
    "subliminal_manipulation",
    "exploiting_vulnerabilities",
    "social_scoring",
    "crime_prediction_by_profiling",
    "untargeted_facial_scraping",
    "emotion_recognition_work_education",
    "biometric_categorisation_sensitive",
    "realtime_remote_biometric_id_law_enforcement",
)
ANNEX_III_AREAS = (  # Annex III points 1..8, in that order
    "biometrics",
    "critical_infrastructure",
    "education",
    "employment",
    "essential_services",
    "law_enforcement",
    "migration_border",
    "justice_democracy",
)
# Lettered sub-points per Annex III point, as published in OJ L, 12.7.2024. Point 2 has no letters in the
# OJ text; "2(a)" is accepted as a label for its single entry and normalised to "2".
ANNEX_III_LETTERS = {1: "abc", 2: "", 3: "abcd", 4: "ab", 5: "abcd", 6: "abcde", 7: "abcd", 8: "ab"}
ART6_3_CONDITIONS = (  # Art. 6(3)(a)-(d)
    "narrow_procedural_task",
    "improves_completed_human_activity",
    "detects_patterns_without_replacing_review",
    "preparatory_task",
)

_POINT_RE = re.compile(r"^([1-8])(?:\(([a-h])\))?$")

_BOOL = "bool"
_CHOICE = "choice"
_MULTI = "multi"
_NUMBER = "number"
_TEXT = "text"

#: Every answer field: type, allowed values, whether null is accepted, and the provision it serves.
ANSWER_FIELDS: dict[str, dict] = {
    "is_ai_system": {"type": _BOOL, "article": "Art. 3(1)"},
    "general_purpose_model": {"type": _BOOL, "article": "Art. 3(63)"},
    "training_compute_flops": {"type": _NUMBER, "nullable": True, "article": "Art. 51(2)"},
    "designated_systemic_risk": {"type": _BOOL, "article": "Art. 51(1)(b)"},
    "role": {"type": _CHOICE, "choices": ROLES, "nullable": True, "article": "Art. 3(3)-(8)"},
    "deployer_public_body_or_public_service": {"type": _BOOL, "article": "Art. 27(1)"},
    "excluded_purpose": {"type": _CHOICE, "choices": EXCLUDED_PURPOSES, "nullable": True,
                         "article": "Art. 2(3), 2(6), 2(10)"},
    "open_source_licence": {"type": _BOOL, "article": "Art. 2(12)"},
    "prohibited_practices": {"type": _MULTI, "choices": PROHIBITED_PRACTICES, "nullable": True,
                             "article": "Art. 5(1)"},
    "emotion_recognition_medical_or_safety": {"type": _BOOL, "article": "Art. 5(1)(f)"},
    "law_enforcement_exception_authorised": {"type": _BOOL, "article": "Art. 5(1)(h), 5(2)-(3)"},
    "annex_i_safety_component": {"type": _BOOL, "article": "Art. 6(1)(a)"},
    "annex_i_third_party_conformity": {"type": _BOOL, "article": "Art. 6(1)(b)"},
    "annex_iii_areas": {"type": _MULTI, "choices": ANNEX_III_AREAS, "nullable": True, "article": "Art. 6(2)"},
    "annex_iii_point": {"type": _TEXT, "nullable": True, "pattern": r"^[1-8](\([a-h]\))?$",
                        "article": "Annex III", "examples": ["5(b)", "1(c)", "2"]},
    "art6_3_condition": {"type": _CHOICE, "choices": ART6_3_CONDITIONS, "nullable": True,
                         "article": "Art. 6(3)"},
    "profiles_natural_persons": {"type": _BOOL, "article": "Art. 6(3)"},
    "interacts_with_natural_persons": {"type": _BOOL, "article": "Art. 50(1)"},
    "generates_synthetic_content": {"type": _BOOL, "article": "Art. 50(2)"},
    "deep_fake": {"type": _BOOL, "article": "Art. 50(4)"},
    "public_interest_text": {"type": _BOOL, "article": "Art. 50(4)"},
    "emotion_recognition_or_biometric_categorisation": {"type": _BOOL, "article": "Art. 50(3)"},
}


class AnswersError(ValueError):
    """Invalid questionnaire answers; `errors` lists every problem (API 422 `detail` items)."""

    def __init__(self, errors: list[dict]):
        self.errors = list(errors)
        super().__init__("; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'body'}: {e['msg']}"
                                   for e in self.errors))


@dataclass(frozen=True)
class Answers:
    """Validated answers to the EU AI Act questionnaire; defaults are the "no"/empty answers."""

    is_ai_system: bool = False
    general_purpose_model: bool = False
    training_compute_flops: int | float | None = None
    designated_systemic_risk: bool = False
    role: str | None = None
    deployer_public_body_or_public_service: bool = False
    excluded_purpose: str | None = None
    open_source_licence: bool = False
    prohibited_practices: tuple[str, ...] = ()
    emotion_recognition_medical_or_safety: bool = False
    law_enforcement_exception_authorised: bool = False
    annex_i_safety_component: bool = False
    annex_i_third_party_conformity: bool = False
    annex_iii_areas: tuple[str, ...] = ()
    annex_iii_point: str | None = None
    art6_3_condition: str | None = None
    profiles_natural_persons: bool = False
    interacts_with_natural_persons: bool = False
    generates_synthetic_content: bool = False
    deep_fake: bool = False
    public_interest_text: bool = False
    emotion_recognition_or_biometric_categorisation: bool = False

    def to_dict(self) -> dict:
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, tuple):
                data[key] = list(value)
        return data


if {f.name for f in fields(Answers)} != set(ANSWER_FIELDS):
    raise ImportError("aiact/validation.py: Answers must hold exactly the answer fields")


def _err(loc: list, msg: str, type_: str) -> dict:
    return {"loc": ["body", *loc], "msg": msg, "type": type_}


def _choices_text(choices) -> str:
    return ", ".join(choices)


def annex_iii_area_of_point(point: str) -> str:
    """Area name for an Annex III point code such as ``5(b)`` (the number selects the area)."""
    return ANNEX_III_AREAS[int(point[0]) - 1]


def _check_point(value, areas: tuple[str, ...] | None, errors: list) -> str | None:
    loc = ["annex_iii_point"]
    if not isinstance(value, str):
        errors.append(_err(loc, "must be a string such as '5(b)' (Annex III point and letter) or null",
                           "string_type"))
        return None
    match = _POINT_RE.match(value)
    if not match:
        errors.append(_err(loc, f"'{value[:20]}' is not an Annex III point: use a point 1-8 and its letter, "
                                "e.g. '5(b)' ('2' for critical infrastructure)", "pattern"))
        return None
    number, letter = int(match.group(1)), match.group(2)
    letters = ANNEX_III_LETTERS[number]
    if number == 2 and letter in (None, "a"):
        value = "2"
    elif letter is None or letter not in letters:
        allowed = ", ".join(f"{number}({c})" for c in letters)
        errors.append(_err(loc, f"Annex III point {value} does not exist: point {number} has {allowed}",
                           "annex_point_unknown"))
        return None
    area = annex_iii_area_of_point(value)
    if areas is not None and area not in areas:
        errors.append(_err(loc, f"Annex III point {value} belongs to the area '{area}', which is not among "
                                "annex_iii_areas: add that area or correct the point", "annex_point_mismatch"))
        return None
    return value


def _check_multi(name: str, value, choices, errors: list) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if not isinstance(value, (list, tuple)):
        errors.append(_err([name], f"must be a list of: {_choices_text(choices)}", "list_type"))
        return None
    seen: set[str] = set()
    ok = True
    for index, item in enumerate(value):
        if not isinstance(item, str) or item not in choices:
            shown = item if isinstance(item, str) else type(item).__name__
            errors.append(_err([name, index], f"'{str(shown)[:40]}' is not allowed; allowed: "
                                              f"{_choices_text(choices)}", "enum"))
            ok = False
        elif item in seen:
            errors.append(_err([name, index], f"'{item}' is listed twice; list each value once", "duplicate"))
            ok = False
        else:
            seen.add(item)
    return tuple(value) if ok else None


def _check_field(name: str, value, spec: dict, errors: list):
    """Return the cleaned value, or the sentinel `_BAD` after appending errors."""
    kind = spec["type"]
    if value is None:
        if spec.get("nullable"):
            return () if kind == _MULTI else None
        errors.append(_err([name], "must be true or false, not null (leave the field out if the answer is "
                                   "no)", "bool_type"))
        return _BAD
    if kind == _BOOL:
        if not isinstance(value, bool):
            errors.append(_err([name], "must be true or false (a JSON boolean; not 0/1 or a string)",
                               "bool_type"))
            return _BAD
        return value
    if kind == _CHOICE:
        if not isinstance(value, str) or value not in spec["choices"]:
            errors.append(_err([name], f"must be one of: {_choices_text(spec['choices'])}, or null", "enum"))
            return _BAD
        return value
    if kind == _MULTI:
        cleaned = _check_multi(name, value, spec["choices"], errors)
        return _BAD if cleaned is None else cleaned
    if kind == _NUMBER:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            errors.append(_err([name], "must be a number (floating-point operations, e.g. 3e24) or null",
                               "number_type"))
            return _BAD
        if not math.isfinite(value) or value < 0:
            errors.append(_err([name], "must be a finite number of 0 or more", "number_range"))
            return _BAD
        return value
    return value  # text fields are checked by their own function


_BAD = object()


def validate_answers(data: object) -> Answers:
    """Validate a questionnaire answer object and return `Answers`; raise `AnswersError` with every problem."""
    if not isinstance(data, dict):
        raise AnswersError([_err([], "answers must be a JSON object of field: value pairs", "object_type")])
    errors: list[dict] = []
    cleaned: dict = {}
    for key in data:
        if key not in ANSWER_FIELDS:
            errors.append(_err([str(key)], "unknown field; allowed fields: " + ", ".join(ANSWER_FIELDS),
                               "unknown_field"))
    for name, spec in ANSWER_FIELDS.items():
        if name not in data or name == "annex_iii_point":
            continue
        value = _check_field(name, data[name], spec, errors)
        if value is not _BAD:
            cleaned[name] = value
    if data.get("annex_iii_point") is not None:
        # Agreement with the areas is only checked when the areas themselves are valid.
        areas_invalid = "annex_iii_areas" in data and "annex_iii_areas" not in cleaned
        areas = None if areas_invalid else cleaned.get("annex_iii_areas", ())
        point = _check_point(data["annex_iii_point"], areas, errors)
        if point is not None:
            cleaned["annex_iii_point"] = point
    if errors:
        raise AnswersError(errors)
    return Answers(**cleaned)
