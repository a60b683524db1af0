"""Exclusions the AI register contradicts (ISO/IEC 42001 6.1.3 f: an exclusion needs a justification that holds).

The rule table is data: each rule names Annex A control groups (prefixes of their numbers) and a fact read from
the register (forty2.inventory); an excluded control of such a group is flagged while the fact holds. The flag
is shown on the SoA page and in the API (``soa.register_contradictions``) and on ISO/IEC 27001 suggestions of
an exclusion (``suggestion.contradiction``), so a 27001 "we do not develop" never silently becomes a 42001
exclusion while the register lists a system the organisation develops.

A contradiction blocks the SoA's approval until a person answers it (:func:`forty2.controls.services.
answer_contradiction`): their justification is recorded as an audit event (``soa_entry.answer_contradiction``)
holding the contradiction as it read then. An answered contradiction stays a warning; when the register changes
(another system, a new supplier) the wording changes and the answer no longer covers it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    prefixes: tuple[str, ...]  # Annex A numbers, e.g. "A.6.2" covers A.6.2.2 … A.6.2.8
    fact: str  # key of :func:`register_facts`
    message: str  # why the exclusion is contradicted, with {names}


#: control groups and the register facts that contradict their exclusion
RULES: tuple[Rule, ...] = (
    Rule(("A.6.1", "A.6.2"), "develops",
         "the register lists AI systems the organisation develops or provides: {names}"),
    Rule(("A.7",), "datasets", "in-scope AI systems use datasets recorded in the register: {names}"),
    # A.10.4 (customers) is about what the organisation supplies, which its suppliers do not contradict
    Rule(("A.10.2", "A.10.3"), "suppliers", "the register records AI suppliers: {names}"),
)

DEVELOPER_ROLES = {"provider", "producer"}  # ISO/IEC 22989 roles of an organisation that develops the system


def register_facts(org) -> dict[str, list[str]]:
    """Names behind each fact (empty list = the fact does not hold); three statements whatever the register."""
    from forty2.inventory.models import AISystem, Dataset, Supplier

    develops = [name for name, roles in AISystem.objects.for_org(org).filter(in_scope=True)
                .order_by("name").values_list("name", "ai_roles") if DEVELOPER_ROLES & set(roles or [])]
    datasets = list(Dataset.objects.for_org(org).filter(ai_systems__in_scope=True).order_by("name")
                    .values_list("name", flat=True).distinct())
    suppliers = list(Supplier.objects.for_org(org).order_by("name").values_list("name", flat=True))
    return {"develops": develops, "datasets": datasets, "suppliers": suppliers}


def _names(names: list[str]) -> str:
    return ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def contradiction(ref: str, facts: dict[str, list[str]]) -> str | None:
    """Why excluding control ``ref`` contradicts the register, or None."""
    for rule in RULES:
        if any(ref == p or ref.startswith(p + ".") for p in rule.prefixes) and facts.get(rule.fact):
            return f"Excluding {ref} is contradicted: " + rule.message.format(names=_names(facts[rule.fact])) + "."
    return None


ANSWER_ACTION = "soa_entry.answer_contradiction"


def answers(org) -> dict[str, dict]:
    """The latest answer per control ref: ``{ref: {"contradiction", "answer", "by", "at"}}`` (from the audit chain,
    where :func:`forty2.controls.services.answer_contradiction` records them)."""
    from forty2.core.models import AuditEvent

    found = {}
    for actor, at, changes in (AuditEvent.objects.filter(organization=org, action=ANSWER_ACTION)
                               .order_by("seq").values_list("actor_label", "created_at", "changes")):
        if changes.get("ref"):
            found[changes["ref"]] = {"contradiction": changes.get("contradiction", ""),
                                     "answer": changes.get("answer", ""), "by": actor, "at": at.isoformat()}
    return found


def contradictions(org, entries: list[dict], facts: dict | None = None) -> list[dict]:
    """Excluded entries (frozen, see :func:`forty2.controls.services.frozen_entries`) the register contradicts:
    ``{ref, message, answered, answer}`` — ``answered`` when a person answered this very contradiction."""
    excluded = [e for e in entries if e.get("applicable") is False]
    if not excluded:
        return []
    facts = register_facts(org) if facts is None else facts
    found = [{"ref": e["ref"], "message": msg} for e in excluded if (msg := contradiction(e["ref"], facts))]
    if found:
        given = answers(org)
        for row in found:
            answer = given.get(row["ref"])
            row["answered"] = bool(answer and answer["contradiction"] == row["message"])
            row["answer"] = answer["answer"] if row["answered"] else ""
    return found


def unanswered(org, entries: list[dict]) -> list[dict]:
    """Contradicted exclusions nobody answered yet: these block the SoA's approval (6.1.3 f)."""
    return [row for row in contradictions(org, entries) if not row["answered"]]
