"""The starter documents (``forty2/documents/starters/*.md``, our own text) made into an organisation's drafts,
filled from what Forty2 already holds (ISO/IEC 42001 5.2, 7.5.2; A.2.2).

A starter becomes a *draft* version like any other: nothing Forty2 creates counts as approved until a reviewer
and an approver, two people, have been through it (:mod:`forty2.documents.services`).
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils import timezone

from forty2.core.errors import Conflict, InvalidInput, field_error
from forty2.inventory.models import AISystem
from forty2.tenancy.access import require
from forty2.tenancy.models import Membership, Role

from .models import Document
from .services import create_document

FOLDER = Path(__file__).parent / "starters"
PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


@dataclass(frozen=True)
class Starter:
    key: str
    reference: str
    title: str
    kind: str
    serves: str
    purpose: str
    body: str


@cache
def starters() -> dict[str, Starter]:
    """Every starter by key, in reference order."""
    found = {}
    for path in sorted(FOLDER.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue  # the folder's README
        head, body = text[4:].split("\n---\n", 1)
        meta = yaml.safe_load(head)
        found[meta["key"]] = Starter(meta["key"], meta["reference"], meta["title"], meta["kind"],
                                     str(meta.get("serves", "")), meta.get("purpose", ""), body.lstrip("\n"))
    return dict(sorted(found.items(), key=lambda kv: kv[1].reference))


def _systems(org) -> list[AISystem]:
    return list(AISystem.objects.for_org(org).filter(archived_at__isnull=True, in_scope=True).order_by("name"))


def _methodology(org) -> str:
    from forty2.risk.methodology import current

    try:
        m = current(org)
    except Conflict:
        return "_No risk methodology has been approved yet: approve one under Risks → Methodology._"
    lines = [f"Methodology in force: **{m.name}**, version {m.number}.", "", "Likelihood scale:", ""]
    lines += [f"{n}. **{s['label']}**: {s.get('description', '')}" for n, s in enumerate(m.likelihood_scale, 1)]
    lines += ["", "Consequence scale:", ""]
    lines += [f"{n}. **{s['label']}**: {s.get('description', '')}" for n, s in enumerate(m.consequence_scale, 1)]
    lines += ["", "Who may accept a risk at each level:", ""]
    for level, rule in m.acceptance.items():
        if not rule.get("acceptable"):
            lines.append(f"- **{level.capitalize()}**: never accepted; it must be treated.")
        else:
            who = ", ".join(r.replace("_", " ") for r in rule.get("roles", [])) or "nobody named"
            owner = "the risk owner, or " if rule.get("risk_owner") else ""
            lines.append(f"- **{level.capitalize()}**: {owner}{who}.")
    return "\n".join(lines)


def values(org) -> dict[str, str]:
    """What the placeholders stand for in ``org`` now."""
    systems = _systems(org)
    manager = (Membership.objects.active().filter(organization=org, role=Role.AIMS_MANAGER)
               .select_related("user").order_by("created_at").first())
    return {
        "organization": org.name,
        "ai_systems": "\n".join(f"- **{s.name}**: {s.purpose.splitlines()[0] if s.purpose else ''}"
                                for s in systems) or "- _No AI system is in scope yet._",
        "ai_system_count": str(len(systems)),
        "risk_methodology": _methodology(org),
        "aims_manager": str(manager.user) if manager else "the AIMS manager",
        "today": timezone.localdate().isoformat(),
    }


def fill(text: str, found: dict[str, str]) -> str:
    """Replace the known placeholders; anything else in braces is left for a person to see."""
    return PLACEHOLDER.sub(lambda m: found.get(m.group(1), m.group(0)), text)


def create_from_starters(membership, keys=None) -> list[Document]:
    """Draft documents from the starters (all, or ``keys``), skipping references the organisation already uses.
    The caller's membership is the author; the documents have no owner until someone names one."""
    require(membership, "create_record")
    org = membership.organization
    unknown = [k for k in keys or () if k not in starters()]
    if unknown:
        raise InvalidInput([field_error("keys", f"No starter named {', '.join(unknown)}; use: "
                                                f"{', '.join(starters())}.", "enum")])
    chosen = starters() if keys is None else {k: starters()[k] for k in keys}
    taken = set(Document.objects.for_org(org).values_list("reference", flat=True))
    found = values(org) if chosen else {}
    made = []
    for s in chosen.values():
        if s.reference in taken:
            continue
        purpose = f"{s.purpose} Serves ISO/IEC 42001 {s.serves}." if s.serves else s.purpose
        made.append(create_document(membership, {"reference": s.reference, "title": s.title, "kind": s.kind,
                                                 "purpose": purpose[:2000]},
                                    body=fill(s.body, found), starter_key=s.key))
    return made
