"""The guided EU AI Act questionnaire (Regulation (EU) 2024/1689) as a form that shows only what is still relevant.

Relevance comes from :func:`forty2.aiact.questions.relevant_questions` applied to the answers typed so far: a
prohibited practice ends the questionnaire (Art. 5), Annex III details appear once an area is chosen (Art. 6(2)),
the Art. 6(3) filter only for Annex III. Answers to questions that are no longer relevant travel on as hidden
inputs, so changing one's mind loses nothing, and only the relevant ones are saved.
"""

import math
import re

from django import forms

from .engine import classify
from .labels import ANNEX_III_POINTS, annex_iii_point_codes
from .questions import QUESTIONS, relevant_questions
from .services import NOTE_MAX, SIGN_OFF_NOTE_MAX
from .validation import ANNEX_III_AREAS, ANSWER_FIELDS, AnswersError

YES_NO = [("yes", "Yes"), ("no", "No")]
#: The explicit "none" answer of the single-choice questions (stored as null).
NONE_LABELS = {"role": "Not sure yet (only the duties of every operator are listed)",
               "excluded_purpose": "None of these: it has other uses",
               "art6_3_condition": "None of these"}
_NUMBER_RE = re.compile(r"^\d+(\.\d+)?([eE][+-]?\d+)?$")
_THOUSANDS_RE = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_POWER_RE = re.compile(r"^(\d+(?:\.\d+)?)?\s*(?:[x×*]\s*)?10\s*\^\s*(\d{1,3})$")


def parse_number(text: str) -> int | float:
    """Training compute as people write it: ``3e24``, ``3.2E+24``, ``10^25``, ``2 x 10^24``, ``1,000,000``."""
    value = text.strip()
    power = _POWER_RE.match(value)
    if power:
        mantissa, exponent = power.group(1) or "1", int(power.group(2))
        number = int(mantissa) * 10 ** exponent if "." not in mantissa else float(mantissa) * 10.0 ** exponent
    else:
        value = re.sub(r"[\s_]", "", value)
        if _THOUSANDS_RE.match(value):
            value = value.replace(",", "")
        if not _NUMBER_RE.match(value):
            raise ValueError(text)
        number = int(value) if value.isdigit() else float(value)
    if isinstance(number, float) and not math.isfinite(number):
        raise ValueError(text)
    return number


def to_form_values(answers: dict) -> dict:
    """Stored answers as form values (``"yes"``/``"no"``, ``"none"`` for an explicit null choice)."""
    values = {}
    for key, value in (answers or {}).items():
        kind = ANSWER_FIELDS.get(key, {}).get("type")
        if kind == "bool":
            values[key] = "yes" if value else "no"
        elif kind == "choice":
            values[key] = value or "none"
        elif kind == "multi":
            values[key] = list(value or [])
        elif kind == "number" and value is not None:
            values[key] = f"{value:g}" if isinstance(value, float) else str(value)
        elif kind == "text" and value:
            values[key] = value
    return values


def _stored_values(answers: dict | None) -> dict:
    """Form values of a stored classification: questions it left out meant "no" / "none", so they show so."""
    if not answers:
        return {}
    values = to_form_values(answers)
    defaults = {"bool": "no", "choice": "none", "multi": []}
    for key in relevant_questions(answers):
        kind = ANSWER_FIELDS[key]["type"]
        if key not in values and kind in defaults:
            values[key] = defaults[kind]
    return values


def _one(source, key):
    value = source.get(key)
    return value[-1] if isinstance(value, list) and value else value


def _many(source, key) -> list | None:
    if hasattr(source, "getlist"):
        return source.getlist(key) if key in source else None
    value = source.get(key)
    return None if value is None else list(value) if isinstance(value, (list, tuple)) else [value]


def partial_answers(source) -> dict:
    """Answers typed so far, leniently: anything not understood counts as unanswered (never raises)."""
    out: dict = {}
    for q in QUESTIONS:
        key, kind, spec = q["key"], q["type"], ANSWER_FIELDS[q["key"]]
        if kind == "multi":
            values = _many(source, key)
            if values is not None:
                out[key] = [v for v in dict.fromkeys(values) if v in spec["choices"]]
            continue
        value = _one(source, key)
        if not isinstance(value, str) or not value.strip():
            continue
        if kind == "bool" and value in ("yes", "no"):
            out[key] = value == "yes"
        elif kind == "choice" and (value == "none" or value in spec["choices"]):
            out[key] = None if value == "none" else value
        elif kind == "number":
            try:
                out[key] = parse_number(value)
            except ValueError:
                pass
        elif kind == "text" and value in ANNEX_III_POINTS:
            out[key] = value
    return out


def _point_choices(areas: list[str]) -> list:
    groups = [(f"Annex III point {ANNEX_III_AREAS.index(a) + 1}",
               [(code, f"{code}: {ANNEX_III_POINTS[code]}") for code in annex_iii_point_codes(a)])
              for a in ANNEX_III_AREAS if a in areas]
    return [("", "Not sure yet"), *groups]


def _visible_field(q: dict, required: bool, areas: list[str]) -> forms.Field:
    key, kind = q["key"], q["type"]
    common = {"label": q["label"], "help_text": q["help"], "required": required}
    if kind == "bool":
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect(attrs={"class": "inline"}), **common)
    if kind == "choice":
        return forms.ChoiceField(choices=[*q["choices"], ("none", NONE_LABELS[key])], widget=forms.RadioSelect,
                                 **common)
    if kind == "multi":
        return forms.MultipleChoiceField(choices=q["choices"], widget=forms.CheckboxSelectMultiple,
                                         **{**common, "required": False})
    if kind == "number":
        return forms.CharField(max_length=40, widget=forms.TextInput(attrs={"inputmode": "decimal",
                                                                           "spellcheck": "false"}),
                               **{**common, "required": False})
    return forms.ChoiceField(choices=_point_choices(areas), **{**common, "required": False})


class QuestionnaireForm(forms.Form):
    """One field per question; the relevant ones visible, the others hidden. With ``strict`` (saving), every
    visible yes/no and single-choice question must be answered."""

    def __init__(self, data=None, *, initial_answers=None, note: str = "", strict: bool = False):
        source = data if data is not None else _stored_values(initial_answers)
        self.partial = partial_answers(source)
        self.relevant = relevant_questions(self.partial)
        areas = self.partial.get("annex_iii_areas") or []
        allowed_points = {code for a in areas for code in annex_iii_point_codes(a)}
        if data is not None and _one(data, "annex_iii_point") not in (None, "", *allowed_points):
            data = data.copy()
            data["annex_iii_point"] = ""  # its area was unticked: ask again rather than report a mismatch
            self.partial.pop("annex_iii_point", None)
        super().__init__(data, initial=None if data is not None else {**source, "note": note})
        for q in QUESTIONS:
            key = q["key"]
            if key in self.relevant:
                required = strict and q["type"] in ("bool", "choice")
                self.fields[key] = _visible_field(q, required, areas)
            elif q["type"] == "multi":
                self.fields[key] = forms.Field(required=False, widget=forms.MultipleHiddenInput)
            else:
                self.fields[key] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.fields["note"] = forms.CharField(
            label="Why these answers", required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3}),
            help_text="Facts behind your answers, such as the product's conformity route or why an Annex III "
                      "condition applies. Providers must document an Art. 6(3) assessment (Art. 6(4)).")

    def clean_training_compute_flops(self):
        value = self.cleaned_data.get("training_compute_flops") or ""
        if "training_compute_flops" not in self.relevant or not value.strip():
            return None
        try:
            return parse_number(value)
        except ValueError:
            raise forms.ValidationError("Enter a number of operations, such as 3e24 or 10^25, or leave it "
                                        "empty if unknown.") from None

    def answers(self) -> dict:
        """The relevant answers, after ``is_valid()``, as the API takes them."""
        out = {}
        for key in self.relevant:
            kind, value = ANSWER_FIELDS[key]["type"], self.cleaned_data.get(key)
            if kind == "bool" and value in ("yes", "no"):
                out[key] = value == "yes"
            elif kind == "choice" and value:
                out[key] = None if value == "none" else value
            elif kind == "multi":
                out[key] = list(value or [])
            elif kind in ("number", "text") and value not in (None, ""):
                out[key] = value
        return out

    def visible_fields_in_order(self):
        return [self[key] for key in self.relevant]

    def preview(self):
        """The result if every unanswered yes/no question were "no" (shown while answering), or None before the
        first question (is it an AI system?) is answered."""
        if "is_ai_system" not in self.partial:
            return None
        try:
            return classify({k: v for k, v in self.partial.items() if k in self.relevant}).to_dict()
        except AnswersError:
            return None


class SignOffForm(forms.Form):
    """A reviewer confirms the classification version they read, saying in a short note what they checked (the
    note is required here: a sign-off without a word of review is weak evidence)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label="Review note", max_length=SIGN_OFF_NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A sentence on what you checked, for example that the answers match the intended purpose. "
                  "It is kept as the evidence of your review.",
        error_messages={"required": "Write a short note on what you checked before signing off, for example "
                                    "“Answers match the intended purpose in the system record.”"})
