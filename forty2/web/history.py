"""Audit events as people read them: a plain verb, field labels, choice labels, names for linked records, dates.

The audit log stores codes (``ai_system.update``, ``lifecycle_stage: ["inception", "deployment"]``, model ids)
so it can be verified and exported; every page that shows history turns them into words here, the same way.
"""

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.text import capfirst

from forty2.aiact.labels import GPAI_LABELS, LEVEL_LABELS, ROUTE_LABELS, TIER_LABELS
from forty2.aiact.questions import QUESTIONS
from forty2.inventory.models import AIModel, AIRole, Dataset, Supplier

#: what a person did, with ``{}`` where the record's name goes
PHRASES = {
    "ai_system.create": "created {}",
    "ai_system.update": "changed {}",
    "ai_system.approve": "approved {}",
    "ai_system.archive": "archived {}",
    "ai_system.import": "imported AI systems ({})",
    "ai_act.classify": "classified {} under the EU AI Act",
    "ai_act.sign_off": "signed off the EU AI Act classification of {}",
    "risk_profile.change": "re-derived the risk profile of {}",
    "membership.create": "gave {} access",
    "membership.update": "changed the role of {}",
    "membership.delete": "removed the access of {}",
    "api_token.create": "created the API token {}",
    "api_token.revoke": "revoked the API token {}",
    "auth.login": "signed in",
    "auth.logout": "signed out",
    "auth.login_failed": "failed to sign in",
    "auth.login_locked": "was refused sign-in while locked out",
    "user.create": "created the account of {}",
    "user.set_password": "set the password of {}",
    "organization.create": "created the organisation {}",
    "catalog.import": "imported the catalog {}",
    "catalog.load_text": "loaded licensed text into {}",
    "catalog.clear_text": "removed the licensed text from {}",
    "requirement_status.set": "set the status of {}",
    "requirement_status.confirm_inference": "confirmed the inferred status of {}",
    "requirement_status.reject_inference": "rejected the inferred status of {}",
}
PHRASES.update({  # Statement of Applicability, clause assessments, evidence (forty2/controls, forty2/evidence)
    "soa.create": "created {}", "soa.add_controls": "added new Annex A controls to {}", "soa.approve": "approved {}",
    "soa.import_iso27001": "imported an ISO/IEC 27001 SoA into {}", "soa_entry.link": "linked a justification to {}",
    "soa_entry.unlink": "removed a justification link from {}",
    "soa_entry.confirm_inference": "confirmed the inferred entry {}", "soa_entry.reject_inference":
    "rejected the inferred entry {}", "evidence.link": "linked the evidence {}", "evidence.unlink":
    "unlinked the evidence {}", "evidence.new_version": "uploaded a new file of {}",
    "evidence_request.fulfil": "fulfilled the evidence request {}", "evidence_request.cancel":
    "cancelled the evidence request {}"})
#: the last part of an action code, for actions without a phrase of their own
VERBS = {"create": "created {}", "update": "changed {}", "approve": "approved {}", "archive": "archived {}",
         "delete": "deleted {}", "import": "imported {}", "revoke": "revoked {}"}
#: short names for the audit log's action filter: "AI system: changed"
SUBJECTS = {"ai_system": "AI system", "aimodel": "AI model", "dataset": "Dataset", "supplier": "Supplier",
            "ai_act": "EU AI Act", "risk_profile": "Risk profile", "membership": "People", "api_token": "API token",
            "auth": "Sign-in", "user": "Account", "organization": "Organisation", "catalog": "Standards catalog",
            "requirement_status": "Requirement status"}
SUBJECTS.update({"soa": "Statement of Applicability", "soa_entry": "SoA entry", "clause_assessment": "Clause",
                 "evidence": "Evidence", "evidence_request": "Evidence request"})
SHORT_VERBS = {"create": "created", "update": "changed", "approve": "approved", "archive": "archived",
               "delete": "deleted", "import": "imported", "classify": "classified", "sign_off": "signed off",
               "change": "re-derived", "revoke": "revoked", "login": "signed in", "logout": "signed out",
               "login_failed": "failed", "login_locked": "refused while locked out", "set_password": "password set",
               "load_text": "licensed text loaded", "clear_text": "licensed text removed", "set": "status set",
               "confirm_inference": "inference confirmed", "reject_inference": "inference rejected"}

#: labels that differ from the model's verbose name (or have no model field behind them)
FIELD_LABELS = {
    "lifecycle_stage": "Life cycle stage", "ai_roles": "AI roles", "model_ids": "Models", "dataset_ids": "Datasets",
    "supplier_ids": "Suppliers", "ai_act_tier": "EU AI Act tier", "tier": "EU AI Act tier",
    "risk_profile_level": "Risk profile", "risk_profile_reasons": "Why", "inputs": "Based on",
    "classification_version": "Classification", "high_risk_route": "Why high-risk",
    "art6_3_exempted": "Exempted by Art. 6(3)", "gpai": "General-purpose AI model",
    "fria_required": "Fundamental rights impact assessment required", "transparency": "Transparency duties",
    "obligations added": "Obligations added", "obligations removed": "Obligations removed",
    "rules_version": "Rules version", "signed_off_by": "Signed off by", "note": "Note",
    "expires_at": "Access ends", "user": "Person", "organization": "Organisation", "role": "Role",
    "api_tokens_revoked": "API tokens revoked", "business_owner": "Business owner",
    "technical_owner": "Technical owner", "deployment_context": "Where and how it is used",
    "affected_people": "Who is affected", "automation": "Degree of automation",
    "personal_data_notes": "Notes on personal data", "model_version": "Version",
    "update_existing": "Updated existing systems", "rows": "Rows", "source": "Source",
    "inference": "Inference", "from": "Inferred from", "from_status": "Its status", "provenance": "Mapping source",
}
#: choice labels for values that are not model choices
VALUE_LABELS = {"tier": TIER_LABELS, "ai_act_tier": TIER_LABELS, "high_risk_route": ROUTE_LABELS,
                "risk_profile_level": LEVEL_LABELS, "gpai": GPAI_LABELS, "ai_roles": dict(AIRole.choices)}
#: a key whose choices are those of another field of the same model
CHOICES_OF = {"from_status": "inferred_from_status", "relationship": "inferred_relationship"}
LINKS = {"model_ids": AIModel, "dataset_ids": Dataset, "supplier_ids": Supplier}
#: actions whose changes are ``{field: [before, after]}`` (other keys of the same event are plain values)
DIFF_SUFFIXES = (".update", ".approve", ".set", ".confirm_inference", ".classify", ".change")
PLAIN_KEYS = {"obligations added", "obligations removed", "inputs", "inference", "organization", "user"}
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@cache
def _models_by_name() -> dict:
    return {model._meta.model_name: model for model in apps.get_models()}


def _model_of(event):
    """The model whose fields the event's changes name: ``requirement_status.set`` → RequirementStatus."""
    models = _models_by_name()
    return models.get(event.action.split(".", 1)[0].replace("_", "")) or models.get(event.object_type)


def _words(text: str) -> str:
    text = capfirst(str(text))
    return re.sub(r"\b(ai|eu|api|url)\b", lambda m: m.group(1).upper(), text, flags=re.I)


def _field(model, key):
    if model is None:
        return None
    try:
        return model._meta.get_field(CHOICES_OF.get(key, key))
    except FieldDoesNotExist:
        return None


@cache
def _question(key: str):
    return next((q for q in QUESTIONS if q["key"] == key), None)


def field_label(key: str, model=None) -> str:
    if key in FIELD_LABELS:
        return FIELD_LABELS[key]
    if key.startswith("answers."):
        question = _question(key.split(".", 1)[1])
        return question["label"] if question else _words(key.split(".", 1)[1].replace("_", " "))
    field = _field(model, key)
    if field is not None and getattr(field, "verbose_name", None):
        return _words(field.verbose_name)
    return _words(key.replace("_", " "))


def _when(value: str) -> str | None:
    try:
        if _ISO_DATETIME.match(value):
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return date_format(moment, "j M Y, H:i")
        if _ISO_DATE.match(value):
            return date_format(dt.date.fromisoformat(value), "j M Y")
    except ValueError:
        return None
    return None


def _choices(key: str, model) -> dict:
    if key in VALUE_LABELS:
        return VALUE_LABELS[key]
    if key.startswith("answers."):
        question = _question(key.split(".", 1)[1])
        return dict(question["choices"]) if question else {}
    field = _field(model, key)
    return {str(k): v for k, v in field.flatchoices} if field is not None and field.choices else {}


def value_text(key: str, value, model=None, names: dict | None = None) -> str:
    """One stored value as a person reads it; ``names`` maps (link key, id) to a record's name."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if key in LINKS and isinstance(value, list):
        names = names or {}
        return ", ".join(names.get((key, v), f"#{v} (deleted)") for v in value)
    if isinstance(value, dict):
        return "\n".join(f"{field_label(k, model)}: {value_text(k, v, model, names)}" for k, v in value.items())
    if isinstance(value, list):
        items = [value_text(key, v, model, names) for v in value]
        long = any(len(item) > 50 or item.endswith(".") for item in items)  # sentences: one per line
        return ("\n" if long else ", ").join(items)
    text = str(value)
    label = _choices(key, model).get(text)
    if label is not None:
        return str(label)
    if isinstance(value, str):
        return _when(text) or text
    return text


@dataclass
class ChangeRow:
    label: str
    before: str | None  # None for a value that was not a change (a snapshot, or context such as the person)
    after: str


def _is_pair(event, key, value) -> bool:
    return (event.action.endswith(DIFF_SUFFIXES) and key not in PLAIN_KEYS
            and isinstance(value, list) and len(value) == 2)


def link_names(events) -> dict:
    """{(link key, id): name} for every model, dataset and supplier the events name: one query per kind."""
    wanted: dict[str, set] = {key: set() for key in LINKS}
    orgs = set()
    for event in events:
        for key, value in (event.changes or {}).items():
            if key not in LINKS or not isinstance(value, list):
                continue
            for item in value:
                values = item if isinstance(item, list) else [item]
                wanted[key].update(v for v in values if isinstance(v, int))
            orgs.add(event.organization_id)
    names = {}
    for key, ids in wanted.items():
        if ids:
            for obj in LINKS[key].objects.filter(organization_id__in=orgs, pk__in=ids):
                names[(key, obj.pk)] = str(obj)
    return names


def change_rows(event, names: dict | None = None) -> list[ChangeRow]:
    model = _model_of(event)
    rows = []
    for key, value in (event.changes or {}).items():
        label = field_label(key, model)
        if _is_pair(event, key, value):
            before, after = value_text(key, value[0], model, names), value_text(key, value[1], model, names)
            if not before == after == "—":  # "none" becoming "an empty list" is no change a person would see
                rows.append(ChangeRow(label, before, after))
        else:
            rows.append(ChangeRow(label, None, value_text(key, value, model, names)))
    return rows


def _phrase(action: str) -> str:
    return PHRASES.get(action) or VERBS.get(action.rsplit(".", 1)[-1]) or action + " {}"


def event_verb(action: str) -> str:
    """``ai_act.sign_off`` → "signed off the EU AI Act classification of": the words before the record's name."""
    return _phrase(action).split("{}", 1)[0].rstrip(" (")


def object_name(event) -> str:
    if event.action.startswith("membership.") and (event.changes or {}).get("user"):
        return str(event.changes["user"])
    return event.object_repr or type_label(event.object_type)


def type_label(object_type: str) -> str:
    model = _models_by_name().get(object_type)
    return _words(model._meta.verbose_name) if model is not None else _words(object_type.replace("_", " "))


def event_sentence(event, show_object: bool = True) -> str:
    """What happened, without the actor: "signed off the EU AI Act classification of Sepsis score"; on the
    record's own page the record is "this AI system"."""
    if show_object or event.action.startswith("membership."):
        name = object_name(event)
    else:
        kind = type_label(event.object_type)
        name = "this " + (kind if kind[:2].isupper() else kind[:1].lower() + kind[1:])
    return _phrase(event.action).format(name)


def action_label(action: str) -> str:
    """``ai_system.update`` → "AI system: changed", for the audit log's action filter."""
    prefix, _, suffix = action.partition(".")
    subject = SUBJECTS.get(prefix, _words(prefix.replace("_", " ")))
    return f"{subject}: {SHORT_VERBS.get(suffix, suffix.replace('_', ' '))}"
