"""The system security plan of the AIMS (ISO/IEC 42001 4.3 scope, 5.3 roles, 6.1.3 f SoA, clauses 4-10).

The AI management system is the system: its name is the organisation's, its description and authorization
boundary are the scope (forty2/context: units, sites, processes, interfaces, exclusions, and the AI systems in
scope), its status *operational* once an approved scope statement exists (else *under-development*). The
AIMS itself is the ``this-system`` component; each AI system in scope is a component of its own.

``control-implementation`` holds one implemented requirement per Annex A control the SoA includes (its
implementation status, the SoA justification and implementation text; ``by-components`` the AIMS with that
status) and one per ISO/IEC 42001 clause (its effective status as the gap assessment counts it, the declared one
and the note). Responsible roles: the control's or clause's owner (role ``control-owner`` / ``clause-owner``) and
the AIMS roles Responsible or Accountable in the RACI matrix for a process serving that clause or control, with
the people assigned to them.
"""

from django.db.models import Max, Q
from django.utils import timezone

from forty2.context.models import AimsContext, ScopeExclusion
from forty2.controls.clauses import clause_rows
from forty2.documents.models import Document, DocumentVersion
from forty2.inventory.models import AISystem
from forty2.people.models import AimsRole, Person, RaciEntry, RoleAssignment
from forty2.people.raci import BY_KEY

from .common import Parties, finish, latest, line, prop, prose, record_uuid, requirement_id
from .profile import catalog_resource, soa_entries, soa_version

#: SoA implementation status -> OSCAL implementation-status state
SOA_STATE = {"implemented": "implemented", "partial": "partial", "planned": "planned", "not_started": "planned"}
#: clause effective status -> OSCAL implementation-status state
CLAUSE_STATE = {"conforming": "implemented", "partial": "partial"}
#: AI system life cycle -> OSCAL component status
STAGE_STATE = {"deployment": "operational", "operation_monitoring": "operational", "re_evaluation": "operational",
               "retirement": "disposition"}


def _parse_refs(refs: str) -> list[tuple[str, str | None]]:
    """``"4.1-4.4, A.3.2, 6.1.3 f"`` -> [("4.1", "4.4"), ("A.3.2", None), ("6.1.3", None)]."""
    out = []
    for part in refs.split(","):
        part = part.strip().split(" ")[0]
        if "-" in part:
            low, high = part.split("-", 1)
            out.append((low, high))
        elif part:
            out.append((part, None))
    return out


def _key(ref: str) -> tuple:
    """A sortable key: ``"4.10"`` after ``"4.9"``; ``"A.2"`` never between two clauses."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in ref.split("."))


def serves(refs: str, ref: str) -> bool:
    """Does a RACI process serving ``refs`` serve clause or control ``ref``?"""
    for low, high in _parse_refs(refs):
        if high is None:
            if ref == low or ref.startswith(low + "."):
                return True
        elif _key(low) <= _key(ref)[:len(_key(low))] and _key(ref)[:len(_key(high))] <= _key(high):
            return True
    return False


class _Responsibility:
    """Who answers for each clause and control: owners and the RACI matrix's R and A roles with their people."""

    def __init__(self, org, parties: Parties):
        self.org, self.parties = org, parties
        self.people_by_user = {p.user_id: p for p in Person.objects.for_org(org).filter(
            user__isnull=False, archived_at__isnull=True)}
        today = timezone.localdate()
        assigned: dict[int, list[str]] = {}
        for a in (RoleAssignment.objects.for_org(org).filter(ai_system__isnull=True)
                  .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
                  .select_related("person").order_by("person__name", "pk")):
            assigned.setdefault(a.role_id, []).append(parties.person("person", a.person_id, a.person.name))
        self.assigned = assigned
        roles = {r.pk: r for r in AimsRole.objects.for_org(org).filter(archived_at__isnull=True)}
        self.raci: list[tuple[str, AimsRole]] = []
        for entry in RaciEntry.objects.for_org(org).filter(letter__in=("R", "A")).order_by("process", "role_id"):
            process = BY_KEY.get(entry.process)
            if process is not None and entry.role_id in roles:
                self.raci.append((process.refs, roles[entry.role_id]))
        parties.role("control-owner", "Control owner", "Owns an Annex A control in the Statement of Applicability.")
        parties.role("clause-owner", "Clause owner", "Owns a clause in the gap assessment.")

    def owner_party(self, user) -> str:
        person = self.people_by_user.get(user.pk)
        if person is not None:
            return self.parties.person("person", person.pk, person.name)
        return self.parties.person("user", user.pk, user.get_full_name())

    def roles_for(self, ref: str, owner, owner_role: str) -> list[dict]:
        out = []
        if owner is not None:
            out.append({"role-id": owner_role, "party-uuids": [self.owner_party(owner)]})
        seen = set()
        for refs, role in self.raci:
            if role.pk in seen or not serves(refs, ref):
                continue
            seen.add(role.pk)
            role_id = self.parties.role(f"aims-role-{role.pk}", role.name, role.responsibilities)
            entry = {"role-id": role_id}
            if self.assigned.get(role.pk):
                entry["party-uuids"] = self.assigned[role.pk]
            out.append(entry)
        return out


def _scope_text(ctx: AimsContext | None, exclusions, systems) -> tuple[str, str]:
    """(description, authorization boundary) from the AIMS scope."""
    parts = []
    if ctx is not None:
        for label, value in (("Units", ctx.units), ("Sites", ctx.sites), ("Processes", ctx.processes),
                             ("Interfaces and dependencies", ctx.interfaces)):
            if value.strip():
                parts.append(f"{label}: {value.strip()}")
    boundary = list(parts)
    boundary.append("AI systems in scope: " + (", ".join(s.name for s in systems) or "none yet") + ".")
    if exclusions:
        boundary.append("Excluded: " + "; ".join(f"{x.name} ({line(x.justification)})" for x in exclusions) + ".")
    description = ("The AI management system (ISO/IEC 42001) of the organisation. " + " ".join(
        line(p) for p in parts)).strip()
    return description, "\n\n".join(boundary)


def ssp(org) -> dict:
    parties = Parties(org)
    ctx = AimsContext.objects.for_org(org).first()
    exclusions = list(ScopeExclusion.objects.for_org(org).order_by("name", "pk"))
    systems = list(AISystem.objects.for_org(org).filter(archived_at__isnull=True, in_scope=True).order_by("name"))
    description, boundary = _scope_text(ctx, exclusions, systems)
    scope_docs = Document.objects.for_org(org).filter(kind="scope")
    approved_scope = (DocumentVersion.objects.for_org(org).filter(document__in=scope_docs, state="approved")
                      .select_related("document").order_by("-approved_at").first())
    aims_uuid = record_uuid(org, "aims", org.pk)
    components = [{
        "uuid": aims_uuid, "type": "this-system", "title": line(f"{org.name} AI management system"),
        "description": prose(description),
        "status": {"state": "operational" if approved_scope else "under-development"},
    }]
    for s in systems:
        components.append({
            "uuid": record_uuid(org, "ai-system", s.pk), "type": "software", "title": line(s.name),
            "description": prose(s.purpose),
            "props": [prop("ai-system-id", s.pk), prop("lifecycle-stage", s.lifecycle_stage or "unknown"),
                      prop("register-status", s.status)],
            "status": {"state": STAGE_STATE.get(s.lifecycle_stage, "under-development")},
        })
    who = _Responsibility(org, parties)
    requirements = []
    entries = [e for e in soa_entries(org) if e.applicable is True]
    for e in entries:
        state = SOA_STATE.get(e.status, "planned")
        remarks = f"Justification: {prose(e.justification, 'none recorded')}"
        item = {
            "uuid": record_uuid(org, "soa-entry", e.pk), "control-id": requirement_id(e.ref, "control"),
            "props": [prop("implementation-status", state, ns=None), prop("soa-status", e.status),
                      prop("justification", e.justification or "none recorded"), prop("kind", "annex-a-control")],
            "by-components": [{"component-uuid": aims_uuid, "uuid": record_uuid(org, "soa-entry-aims", e.pk),
                               "description": prose(e.implementation, "No implementation described yet."),
                               "implementation-status": {"state": state}}],
            "remarks": remarks,
        }
        roles = who.roles_for(e.ref, e.owner, "control-owner")
        if roles:
            item["responsible-roles"] = roles
        requirements.append(item)
    rows = clause_rows(org)
    for row in rows:
        effective = row.effective_status
        state = CLAUSE_STATE.get(effective, "planned")
        item = {
            "uuid": record_uuid(org, "clause", row.requirement.pk), "control-id": requirement_id(row.ref, "clause"),
            "props": [prop("implementation-status", state, ns=None), prop("effective-status", effective),
                      prop("declared-status", row.declared_status), prop("kind", "clause")],
            "by-components": [{"component-uuid": aims_uuid, "uuid": record_uuid(org, "clause-aims", row.requirement.pk),
                               "description": prose(row.status_label),
                               "implementation-status": {"state": state}}],
            "remarks": f"Justification: {prose(row.note, 'none recorded')}",
        }
        if row.note.strip():
            item["props"].append(prop("justification", row.note))
        roles = who.roles_for(row.ref, row.assessment.owner, "clause-owner")
        if roles:
            item["responsible-roles"] = roles
        requirements.append(item)
    resource, _href = catalog_resource(org)
    profile_resource = {
        "uuid": record_uuid(org, "profile-resource", org.pk), "title": line(f"{org.name}: SoA profile"),
        "rlinks": [{"href": f"/api/v1/orgs/{org.slug}/oscal/profile", "media-type": "application/json"}],
    }
    changed = [e.updated_at for e in entries] + [row.assessment.updated_at for row in rows]
    changed += [row.status.updated_at for row in rows if row.status is not None and hasattr(row.status, "updated_at")]
    changed += [s.updated_at for s in systems] + [x.updated_at for x in exclusions]
    changed.append(ctx.updated_at if ctx else None)
    changed.append(RoleAssignment.objects.for_org(org).aggregate(m=Max("updated_at"))["m"])
    version = soa_version(org)
    system_uuid = record_uuid(org, "system", org.pk)
    characteristics = {
        "system-ids": [{"identifier-type": "https://ietf.org/rfc/rfc4122", "id": system_uuid}],
        "system-name": line(f"{org.name} AI management system"),
        "system-name-short": "AIMS",
        "description": prose(description),
        "props": [prop("scope-statement", f"{approved_scope.document.reference} v{approved_scope.number}")]
        if approved_scope else [prop("scope-statement", "none approved")],
        "system-information": {"information-types": [{
            "uuid": record_uuid(org, "information-type", "ai-systems"),
            "title": "AI systems, their data and their outputs",
            "description": "The information the AI systems in scope process, as the AI system register describes it.",
        }]},
        "status": {"state": "operational" if approved_scope else "under-development"},
        "authorization-boundary": {"description": prose(boundary)},
    }
    if approved_scope:
        characteristics["date-authorized"] = approved_scope.approved_at.date().isoformat()
    document = {
        "uuid": None,
        "metadata": parties.metadata(f"{org.name}: AI management system plan (ISO/IEC 42001)",
                                     latest(org, *changed), f"soa-{version}",
                                     props=[prop("soa-version", version)]),
        "import-profile": {"href": f"#{profile_resource['uuid']}"},
        "system-characteristics": characteristics,
        "system-implementation": {"components": components},
        "control-implementation": {
            "description": ("One implemented requirement per Annex A control the SoA includes and per ISO/IEC 42001 "
                            "clause, with its status, justification and responsible roles."),
            "implemented-requirements": requirements,
        },
        "back-matter": {"resources": [profile_resource, resource]},
    }
    return finish(org, "ssp", "system-security-plan", document)

