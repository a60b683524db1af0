"""Audit events as people read them: a plain verb, field labels, choice labels, names for linked records and
people, dates.

The audit log stores codes (``ai_system.update``, ``lifecycle_stage: ["inception", "deployment"]``, model ids,
e-mail addresses) so it can be verified and exported; every page that shows history turns them into words here,
the same way. What is stored and hashed never changes: people's display names are looked up when shown
(ISO/IEC 42001 7.4 communication), one query for a whole page of events.
"""

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.text import capfirst

from . import registry

#: the last part of an action code, for actions without a phrase of their own
VERBS = {"create": "created {}", "update": "changed {}", "approve": "approved {}", "archive": "archived {}",
         "delete": "deleted {}", "import": "imported {}", "revoke": "revoked {}"}

#: How the events of the apps below ``web`` read (people, roles, API tokens, sign-ins, organisations): they
#: cannot register into ``web`` themselves, so :class:`forty2.web.apps.WebConfig` registers this for them.
#: Feature apps register their own wording from their ``AppConfig.ready()`` (see :mod:`forty2.web.registry`).
BASE_WORDING = {
    "phrases": {
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
        "user.set_password": "set the password of {}",  # nosec B105 - wording
        "user.update": "changed the profile of {}",
        "user.address_proven": "proved the e-mail address of {}",
        "organization.update": "changed the settings of {}",
        "invitation.create": "invited {}",
        "invitation.resend": "re-sent the invitation of {}",
        "invitation.revoke": "revoked the invitation of {}",
        "invitation.accept": "accepted the invitation of {}",
        "organization.create": "created the organisation {}",
    },
    "subjects": {"membership": "People", "api_token": "API token", "auth": "Sign-in", "user": "Account",  # nosec B105 - wording
                 "organization": "Organisation",
                 "invitation": "Invitation"},
    "short_verbs": {"create": "created", "update": "changed", "approve": "approved", "archive": "archived",
                    "delete": "deleted", "import": "imported", "revoke": "revoked", "login": "signed in",
                    "logout": "signed out", "login_failed": "failed", "login_locked": "refused while locked out",
                    "set_password": "password set", "resend": "re-sent", "accept": "accepted",  # nosec B105 - wording
                    "address_proven": "address proven"},
    "field_labels": {"expires_at": "Access ends", "user": "Person", "organization": "Organisation", "role": "Role",
                     "api_tokens_revoked": "API tokens revoked", "note": "Note",
                     "full_name": "Name", "require_totp": "Two-factor authentication required",
                     "require_totp_for_tokens": "Two-factor authentication required for API tokens",
                     "reason": "Reason", "via": "How",
                     "access_expires_at": "Access ends", "email": "E-mail address", "invitation": "Invitation",
                     # single sign-on (forty2/accounts/adapter.py, signals.py)
                     "sso_only": "Single sign-on only", "method": "How", "auth.provider": "Sign-in provider",
                     "auth.subject": "Provider's user id",
                     "version": "Version"},
    "diff_suffixes": (".update", ".approve"),
    "plain_keys": ("organization", "user"),
}
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
        return model._meta.get_field(registry.CHOICES_OF.get(key, key))
    except FieldDoesNotExist:
        return None


def _prefixed(key: str):
    """``("answers.", "is_gpai")`` when a registered prefix owns the key (questionnaire answers), else None."""
    for prefix in registry.KEY_PREFIXES:
        if key.startswith(prefix):
            return prefix, key[len(prefix):]
    return None


def field_label(key: str, model=None, subject: str = "") -> str:
    """The label of a key in an event's changes: registered for the event's subject (``"auth.provider"``: the
    sign-in provider, not an AI model's provider), registered for every event, or the model field's name."""
    scoped = registry.FIELD_LABELS.get(f"{subject}.{key}") if subject else None
    if scoped:
        return scoped
    if key in registry.FIELD_LABELS:
        return registry.FIELD_LABELS[key]
    prefixed = _prefixed(key)
    if prefixed:
        prefix, rest = prefixed
        return registry.KEY_PREFIXES[prefix][0](rest) or _words(rest.replace("_", " "))
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
    if key in registry.VALUE_LABELS:
        return registry.VALUE_LABELS[key]
    prefixed = _prefixed(key)
    if prefixed:
        prefix, rest = prefixed
        return registry.KEY_PREFIXES[prefix][1](rest)
    field = _field(model, key)
    return {str(k): v for k, v in field.flatchoices} if field is not None and field.choices else {}


def value_text(key: str, value, model=None, names: dict | None = None) -> str:
    """One stored value as a person reads it; ``names`` maps (link key, id) to a record's name."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if key in registry.LINKS and isinstance(value, list):
        names = names or {}
        return ", ".join(names.get((key, v), f"#{v} (deleted)") for v in value)
    if isinstance(value, dict):
        return "\n".join(f"{field_label(k, model)}: {value_text(k, v, model, names)}" for k, v in value.items())
    if isinstance(value, list):
        items = [value_text(key, v, model, names) for v in value]
        long = any(len(item) > 50 or item.endswith(".") for item in items)  # sentences: one per line
        return ("\n" if long else ", ").join(items)
    text = str(value)
    person = (names or {}).get((PERSON, text.lower())) if "@" in text else None
    if person:
        return person
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
    before_title: str = ""  # the e-mail address behind a person's name, shown on hover
    after_title: str = ""


#: key of people's names in the ``names`` map: ``(PERSON, e-mail)`` → display name
PERSON = "@person"


def _emails(value) -> set[str]:
    if isinstance(value, str):
        return {value.lower()} if "@" in value and " " not in value and len(value) <= 254 else set()
    if isinstance(value, list):
        return set().union(*(_emails(v) for v in value)) if value else set()
    return set()


def person_names(events) -> dict:
    """``{(PERSON, e-mail): name}`` for the actors and the people named in the events' changes (owners, the
    member a role was given to), and ``{(PERSON, actor id): name}``: one query for the whole list. People
    without a display name are left out, so their address shows."""
    ids, emails = set(), set()
    for event in events:
        if event.actor_id:
            ids.add(event.actor_id)
        for value in (event.changes or {}).values():
            emails |= _emails(value)
    if not ids and not emails:
        return {}
    names = {}
    users = get_user_model().objects.filter(Q(pk__in=ids) | Q(email__in=emails)).exclude(full_name="")
    for pk, email, name in users.values_list("pk", "email", "full_name"):
        names[(PERSON, pk)] = names[(PERSON, email.lower())] = name
    return names


def actor_name(event, names: dict) -> str:
    """Who did it, by name (the stored address when they have none, or "system"). Pages show the stored
    address next to it ({% actor %} in forty2/web/templatetags/forty2_ui.py): a display name is anyone's to
    choose, the address in the hashed event is not (issue #14, finding 12c)."""
    return names.get((PERSON, event.actor_id)) or event.actor_label


def _title(value, names) -> str:
    return value if isinstance(value, str) and (PERSON, value.lower()) in names else ""


def _is_pair(event, key, value) -> bool:
    return (event.action.endswith(tuple(registry.DIFF_SUFFIXES)) and key not in registry.PLAIN_KEYS
            and isinstance(value, list) and len(value) == 2)


def link_names(events) -> dict:
    """{(link key, id): name} for every linked record the events name (models, datasets, suppliers …): one
    query per kind."""
    wanted: dict[str, set] = {key: set() for key in registry.LINKS}
    orgs = set()
    for event in events:
        for key, value in (event.changes or {}).items():
            if key not in registry.LINKS or not isinstance(value, list):
                continue
            for item in value:
                values = item if isinstance(item, list) else [item]
                wanted[key].update(v for v in values if isinstance(v, int))
            orgs.add(event.organization_id)
    names = {}
    for key, ids in wanted.items():
        if ids:
            for obj in registry.LINKS[key].objects.filter(organization_id__in=orgs, pk__in=ids):
                names[(key, obj.pk)] = str(obj)
    return names


def change_rows(event, names: dict | None = None) -> list[ChangeRow]:
    model = _model_of(event)
    subject = event.action.split(".", 1)[0]
    rows = []
    for key, value in (event.changes or {}).items():
        label = field_label(key, model, subject)
        if _is_pair(event, key, value):
            before, after = value_text(key, value[0], model, names), value_text(key, value[1], model, names)
            if not before == after == "—":  # "none" becoming "an empty list" is no change a person would see
                rows.append(ChangeRow(label, before, after, _title(value[0], names or {}),
                                      _title(value[1], names or {})))
        else:
            rows.append(ChangeRow(label, None, value_text(key, value, model, names),
                                  after_title=_title(value, names or {})))
    return rows


def _phrase(action: str) -> str:
    return registry.PHRASES.get(action) or VERBS.get(action.rsplit(".", 1)[-1]) or action + " {}"


def event_verb(action: str) -> str:
    """``ai_act.sign_off`` → "signed off the EU AI Act classification of": the words before the record's name."""
    return _phrase(action).split("{}", 1)[0].rstrip(" (")


def object_name(event) -> str:
    names = getattr(event, "names", None) or {}
    if event.action.startswith("membership.") and (event.changes or {}).get("user"):
        email = str(event.changes["user"])
        return names.get((PERSON, email.lower()), email)
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
    subject = registry.SUBJECTS.get(prefix, _words(prefix.replace("_", " ")))
    return f"{subject}: {registry.SHORT_VERBS.get(suffix, suffix.replace('_', ' '))}"
