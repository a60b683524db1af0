"""The one table of role predicates (docs/architecture.md, "Roles"); the UI, the API and the CLI all ask :func:`can`.

ISO/IEC 42001 5.3 and A.3.2: roles, responsibilities and authorities are assigned and communicated.
"""

from .models import Role

OW, M, C, IA, EA, V = (Role.OWNER, Role.AIMS_MANAGER, Role.CONTRIBUTOR, Role.INTERNAL_AUDITOR,
                      Role.EXTERNAL_AUDITOR, Role.VIEWER)

#: action -> roles that may do it unconditionally
RULES: dict[str, frozenset] = {
    "view": frozenset({OW, M, C, IA, EA, V}),
    "manage_members": frozenset({OW}),
    "manage_settings": frozenset({OW}),
    "create_record": frozenset({OW, M, C}),
    "edit_any_record": frozenset({OW, M}),
    "approve": frozenset({OW, M}),
    "archive_record": frozenset({OW, M}),
    "import_records": frozenset({OW, M}),
    "export_records": frozenset({OW, M, C, IA, EA, V}),
    "view_audit_log": frozenset({OW, M, IA, EA}),
    "manage_audits": frozenset({OW, M, IA}),
    "record_certification_findings": frozenset({EA}),
    "create_api_token": frozenset({OW, M, C, IA, EA, V}),
}

#: what each role may do, in one plain line: the People page and the API show it (7.3 awareness of one's role)
DESCRIPTIONS: dict[str, str] = {
    OW: "Everything in the organisation, including people, roles and settings.",
    M: "Creates, edits and approves every AIMS record; does not manage people or settings.",
    C: "Creates records and edits the ones they created or own; submits them for approval, approves nothing.",
    IA: "Reads everything, including the audit log; plans audits and records findings.",
    EA: "Reads everything until their access ends; records certification-audit findings, changes nothing else.",
    V: "Reads the AIMS; changes nothing.",
}


def describe(role: str) -> str:
    return DESCRIPTIONS.get(role, "")


#: actions a contributor may do on records they own or are assigned to
OWNED_RECORD_ACTIONS = frozenset({"edit_record"})


def can(membership, action: str, obj=None) -> bool:
    """May this membership do ``action`` (on ``obj``, for record-level rules)?"""
    if membership is None or not membership.is_active:
        return False
    role = membership.role
    if action == "edit_record":
        if role in RULES["edit_any_record"]:
            return True
        return role == C and obj is not None and is_assigned(membership.user, obj)
    allowed = RULES.get(action)
    if allowed is None:
        raise KeyError(f"unknown action {action!r}")
    return role in allowed


#: model label ("risk.Risk") → the attributes holding the people a record of it belongs to (``owner_id``). The
#: records kit fills it at start-up from each record type's definition (``RecordType.owner_fields``: whoever
#: created it and every person field people set); tenancy sits below the records kit and never imports it.
OWNER_FIELDS: dict[str, tuple[str, ...]] = {}
#: for a model no record type declares
DEFAULT_OWNER_FIELDS = ("created_by_id", "business_owner_id", "technical_owner_id", "owner_id", "assignee_id")


def register_owner_fields(model, attributes) -> None:
    """Name the attributes whose person a record of ``model`` belongs to (called by the records kit)."""
    OWNER_FIELDS[model._meta.label] = tuple(attributes)


def is_assigned(user, obj) -> bool:
    """A record is a contributor's when they created it or are one of its named owners (ISO/IEC 42001 5.3)."""
    meta = getattr(obj, "_meta", None)
    names = OWNER_FIELDS.get(meta.label, DEFAULT_OWNER_FIELDS) if meta is not None else DEFAULT_OWNER_FIELDS
    return user.pk is not None and user.pk in {getattr(obj, name, None) for name in names}
