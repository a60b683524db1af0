"""Writes of the context records (ISO/IEC 42001 4.1-4.4, 6.1.1), through the records kit's write path: each
create, change, archive and removal is validated, versioned and audited (forty2/records/writes.py). The rules
here are the ones an auditor asks about: a requirement the AIMS does not fully address says why, a climate
determination carries its reasoning, a finished action says what was done."""

from django.db import IntegrityError, transaction

from forty2.core.errors import InvalidInput, field_error
from forty2.inventory.models import AIRole, AISystem
from forty2.records import writes

from .definitions import AIMS_CONTEXT, AIMS_RISK, INTERESTED_PARTY
from .models import ActionStatus, Addressed, AimsContext, OrgAIRole


def _final(write, name):
    """The value ``name`` will have after the write."""
    if name in write.cleaned:
        return write.cleaned[name]
    return "" if write.created else getattr(write.obj, name)


def _require(write, name, when: bool, message: str):
    if when and not str(_final(write, name) or "").strip():
        raise InvalidInput([field_error(name, message, "required_by")])  # required by another field's value


class PartyRules(writes.Rules):
    def check(self, write):
        _require(write, "how_addressed", _final(write, "addressed") in (Addressed.PARTLY, Addressed.NO),
                 "Say how the requirements are met in part, or why the AIMS does not address them (4.2 c).")


class ContextRules(writes.Rules):
    def check(self, write):
        _require(write, "climate_reasoning", bool(_final(write, "climate")),
                 "Record the reasoning behind the climate change determination (4.1).")


class AimsRiskRules(writes.Rules):
    def check(self, write):
        _require(write, "action", _final(write, "status") in (ActionStatus.IN_PROGRESS, ActionStatus.DONE),
                 "Say what the action is before it is under way or done (6.1.1 e).")


RULES = {INTERESTED_PARTY.name: PartyRules(), AIMS_CONTEXT.name: ContextRules(), AIMS_RISK.name: AimsRiskRules()}


def rules_for(rt) -> writes.Rules:
    return RULES.get(rt.name, writes.NO_RULES)


def create(rt, membership, data: dict):
    return writes.create(rt, membership, data, rules=rules_for(rt))


def update(rt, membership, obj, data: dict, *, version: int, base=None, resolved=None):
    return writes.update(rt, membership, obj, data, version=version, base=base, resolved=resolved,
                         rules=rules_for(rt))


def aims_context(org) -> AimsContext:
    """The organisation's one context record, made empty on first use (an empty record is not a determination
    and records no event)."""
    found = AimsContext.objects.for_org(org).first()
    if found is None:
        try:
            with transaction.atomic():
                found = AimsContext.objects.create(organization=org)
        except IntegrityError:
            found = AimsContext.objects.for_org(org).get()
    return found


#: the register's ISO/IEC 22989 roles for a system -> the organisation's roles they suggest
SUGGESTS = {AIRole.PROVIDER: OrgAIRole.PROVIDER, AIRole.PRODUCER: OrgAIRole.DEVELOPER,
            AIRole.CUSTOMER: OrgAIRole.DEPLOYER, AIRole.PARTNER: OrgAIRole.PARTNER, AIRole.SUBJECT: OrgAIRole.SUBJECT}


def suggested_roles(org) -> list[str]:
    """The roles the in-scope AI systems of the register suggest (4.1), in the order of :class:`OrgAIRole`."""
    found = set()
    for roles in AISystem.objects.for_org(org).filter(archived_at__isnull=True, in_scope=True).values_list(
            "ai_roles", flat=True):
        found.update(SUGGESTS[r] for r in roles or [] if r in SUGGESTS)
    return [r for r in OrgAIRole.values if r in found]
