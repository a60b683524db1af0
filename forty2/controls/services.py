"""Writes of the Statement of Applicability (ISO/IEC 42001 6.1.3 f) through the records kit.

The SoA is created lazily on first access (:func:`ensure_soa`): one entry per Annex A control of the catalog.
Every entry change goes through the kit's write path with :class:`EntryRules` (an exclusion needs a
justification; Annex A numbers are fixed) and raises the SoA's own version, so the kit's approval of the SoA
(:func:`approve_soa`) turns stale after a later edit. An approval freezes the entries in an :class:`SoAVersion`.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from forty2.catalog.models import Requirement
from forty2.core import audit
from forty2.core.errors import Conflict, InvalidInput, field_error
from forty2.records import approvals, writes
from forty2.tenancy.access import require

from . import justifications
from .definitions import SOA_ENTRY
from .models import ImplementationStatus, JustificationLink, SoAEntry, SoAVersion, StatementOfApplicability

ISO42001 = "iso-iec-42001-2023"
RECORD_TYPE = "soa"  # the kit's approval record type of the SoA
OWN_POSITION = 10_000  # own controls list after Annex A


def annex_a_controls():
    return (Requirement.objects.filter(framework__slug=ISO42001, kind="control", assessable=True)
            .order_by("position"))


_COUNT: dict[str, int] = {}


def _annex_a_count() -> int:
    """How many Annex A controls the catalog holds (cached per process once non-zero: shipped data)."""
    if not _COUNT.get("n"):
        _COUNT["n"] = annex_a_controls().count()
    return _COUNT["n"]


def ensure_soa(org, actor=None) -> StatementOfApplicability:
    """The organisation's SoA, created with one undecided entry per Annex A control on first access; controls
    added to the catalog later are added too."""
    soa = (StatementOfApplicability.objects.filter(organization=org)
           .annotate(annex=Count("entries", filter=Q(entries__requirement__isnull=False))).first())
    if soa is not None and soa.annex >= _annex_a_count():
        return soa
    try:
        with transaction.atomic():
            soa, created = StatementOfApplicability.objects.get_or_create(organization=org)
            have = set(SoAEntry.objects.filter(organization=org).values_list("ref", flat=True))
            new = [SoAEntry(organization=org, soa=soa, requirement=r, ref=r.ref, title=r.title, position=r.position)
                   for r in annex_a_controls() if r.ref not in have]
            SoAEntry.objects.bulk_create(new)
            if new:
                audit.record("soa.create" if created else "soa.add_controls", org=org, actor=actor, obj=soa,
                             changes={"added_controls": [e.ref for e in new]})
    except IntegrityError:  # created by a simultaneous first visit
        soa = StatementOfApplicability.objects.get(organization=org)
    return soa


def _bump(soa_id) -> None:
    StatementOfApplicability.objects.filter(pk=soa_id).update(version=F("version") + 1, updated_at=timezone.now())


class EntryRules(writes.Rules):
    """An exclusion needs a justification (6.1.3 f); an Annex A control keeps its published number and title."""

    def check(self, write):
        cleaned, obj = write.cleaned, write.obj
        errors = []
        if obj.requirement_id is not None:
            for name in ("ref", "title"):
                if name in cleaned and cleaned[name] != getattr(obj, name):
                    errors.append(field_error(name, f"{obj.ref} is an Annex A control; its {name} is the "
                                                    "published one and cannot be changed.", "read_only"))
        elif write.created and str(cleaned.get("ref", "")).upper().startswith("A."):
            errors.append(field_error("ref", "Numbers starting with 'A.' are reserved for Annex A controls; "
                                             "use your own scheme, e.g. 'OC-1'.", "reserved"))
        applicable = cleaned.get("applicable", obj.applicable)
        justification = cleaned.get("justification", obj.justification)
        if applicable is False and not (justification or "").strip():
            errors.append(field_error("justification", "Excluding a control needs a justification: say why it is "
                                                        "not needed (ISO/IEC 42001 6.1.3 f).", "missing"))
        if errors:
            raise InvalidInput(errors)

    def after_save(self, write):
        _bump(write.obj.soa_id)


def update_entry(membership, entry: SoAEntry, data: dict, *, version: int, base: dict | None = None,
                 resolved: dict | None = None) -> SoAEntry:
    """Change an SoA entry; ``version`` is the entry's version as read (409 when stale, unless ``base``, the
    edit page's snapshot, lets it merge field by field)."""
    return writes.update(SOA_ENTRY, membership, entry, data, version=version, base=base, resolved=resolved,
                         rules=EntryRules())


def create_own_control(membership, data: dict) -> SoAEntry:
    """Add one of the organisation's own controls to the SoA (6.1.3: controls beyond Annex A)."""
    soa = ensure_soa(membership.organization, membership.user)
    return writes.create(SOA_ENTRY, membership, data, rules=EntryRules(), soa=soa, position=OWN_POSITION)


def delete_own_control(membership, entry: SoAEntry) -> None:
    """Remove an own control; Annex A controls are never removed (exclude them instead)."""
    if entry.requirement_id is not None:
        raise Conflict(f"{entry.ref} is an Annex A control; it stays in the SoA. Mark it not applicable with a "
                       "justification instead.")
    with transaction.atomic():
        writes.delete(SOA_ENTRY, membership, entry)
        _bump(entry.soa_id)


# --- justification links -----------------------------------------------------------------------------------

def link_justification(membership, entry: SoAEntry, record_type: str, object_id: int, note: str = ""):
    """Link a risk, impact assessment, AI system or requirement that calls for (or rules out) the control."""
    require(membership, "edit_record", entry)
    kind = justifications.TARGETS.get(record_type)
    if kind is None:
        raise InvalidInput([field_error("record_type", f"'{record_type}' cannot be linked; use one of: "
                                                       f"{', '.join(justifications.TARGETS)}.", "enum")])
    names = kind.names(membership.organization, [object_id])
    if object_id not in names:
        raise InvalidInput([field_error("object_id", f"No {kind.label.lower()} with id {object_id}.", "not_found")])
    if len(note or "") > 300:
        raise InvalidInput([field_error("note", "At most 300 characters.", "string_too_long")])
    with transaction.atomic():
        link, created = JustificationLink.objects.get_or_create(
            organization=membership.organization, entry=entry, record_type=record_type, object_id=object_id,
            defaults={"note": (note or "").strip()})
        if created:
            audit.record("soa_entry.link", org=membership.organization, actor=membership.user, obj=entry,
                         changes={"justification_link": f"{kind.label}: {names[object_id]}"})
            _bump(entry.soa_id)
    return link


def unlink_justification(membership, entry: SoAEntry, link_id: int) -> None:
    require(membership, "edit_record", entry)
    with transaction.atomic():
        link = JustificationLink.objects.filter(organization=membership.organization, entry=entry,
                                                pk=link_id).first()
        if link is None:
            raise InvalidInput([field_error("link", f"No justification link with id {link_id}.", "not_found")])
        link.delete()
        audit.record("soa_entry.unlink", org=membership.organization, actor=membership.user, obj=entry,
                     changes={"justification_link": f"{link.record_type} {link.object_id}"})
        _bump(entry.soa_id)


def propose_applicable(membership, ref: str, record_type: str, object_id: int) -> SoAEntry:
    """For risk treatment (6.1.3 b-c): a control chosen in a treatment plan is proposed as applicable, with the
    link. An undecided entry becomes applicable; a decided one keeps its decision and gains the link."""
    org = membership.organization
    ensure_soa(org, membership.user)
    entry = SoAEntry.objects.get(organization=org, ref=ref)
    link_justification(membership, entry, record_type, object_id)
    if entry.applicable is None:
        entry.refresh_from_db()
        entry = update_entry(membership, entry, {"applicable": True}, version=entry.version)
    return entry


# --- approval and versions ---------------------------------------------------------------------------------

def frozen_entries(org) -> list[dict]:
    """The SoA's entries as an approval freezes them (plain values, links by kind and id)."""
    links: dict[int, list] = {}
    for link in JustificationLink.objects.for_org(org).order_by("record_type", "object_id"):
        links.setdefault(link.entry_id, []).append({"record_type": link.record_type, "object_id": link.object_id,
                                                    "note": link.note})
    rows = []
    for e in SoAEntry.objects.for_org(org).select_related("owner").order_by("position", "ref"):
        rows.append({"ref": e.ref, "title": e.title, "applicable": e.applicable, "justification": e.justification,
                     "status": e.status, "owner": e.owner.email if e.owner_id else None,
                     "implementation": e.implementation,
                     "last_reviewed": e.last_reviewed.isoformat() if e.last_reviewed else None,
                     "justification_links": links.get(e.pk, [])})
    return rows


def approval_state(org, entries: list[dict] | None = None, soa=None):
    """The kit's approval state of the SoA (``.approved``, ``.stale``); ``entries`` and ``soa`` save re-reading."""
    soa = soa or ensure_soa(org)
    return approvals.state(RECORD_TYPE, soa, {"entries": frozen_entries(org) if entries is None else entries})


def frozen_from(rows) -> list[dict]:
    """:func:`frozen_entries` from entries already read with :func:`forty2.controls.queries.attach` (all of them,
    in SoA order), saving the queries."""
    return [{"ref": e.ref, "title": e.title, "applicable": e.applicable, "justification": e.justification,
             "status": e.status, "owner": e.owner.email if e.owner_id else None, "implementation": e.implementation,
             "last_reviewed": e.last_reviewed.isoformat() if e.last_reviewed else None,
             "justification_links": [{"record_type": link["record_type"], "object_id": link["object_id"],
                                      "note": link["note"]} for link in sorted(
                 e.links, key=lambda x: (x["record_type"], x["object_id"]))]}
            for e in rows]


def approve_soa(membership, *, note: str = "", soa_version: int | None = None) -> SoAVersion:
    """Approve the SoA as it is now (6.1.3 f, 7.5.2): refused while any entry is undecided or lacks its
    justification (inclusion or exclusion), every Annex A control is excluded, or 27001 suggestions are pending;
    ``soa_version`` (the SoA's version as read) guards against approving unseen edits."""
    org = membership.organization
    require(membership, "approve")
    soa = ensure_soa(org, membership.user)
    with transaction.atomic():
        soa = StatementOfApplicability.objects.select_for_update().get(pk=soa.pk)
        if soa_version is not None and soa_version != soa.version:
            raise Conflict(f"The SoA changed while you were reviewing it (version {soa_version} read, now "
                           f"{soa.version}). Review the changes, then approve again.")
        entries = frozen_entries(org)
        undecided = [e["ref"] for e in entries if e["applicable"] is None]
        unjustified = [e["ref"] for e in entries if e["applicable"] is not None and not e["justification"].strip()]
        annex = [e for e in entries if e["ref"].upper().startswith("A.")]
        pending = list(SoAEntry.objects.for_org(org).filter(suggestion_state="pending")
                       .order_by("position", "ref").values_list("ref", flat=True))
        errors = []
        if undecided:
            errors.append(field_error("entries", f"{len(undecided)} control(s) are not decided yet "
                                                 f"({', '.join(undecided[:10])}{' …' if len(undecided) > 10 else ''}"
                                                 "): mark each applicable or not before approving.", "undecided"))
        if unjustified:
            errors.append(field_error("entries", "Included or excluded without a justification (6.1.3 f asks "
                                                 "for both): " + ", ".join(unjustified), "missing_justification"))
        if annex and all(e["applicable"] is False for e in annex):
            errors.append(field_error("entries", "Every Annex A control is excluded: an AI management system that "
                                                 "excludes every control has nothing to certify. Include the "
                                                 "controls your AI risks call for.", "all_excluded"))
        if pending:
            errors.append(field_error("entries", "Suggestions from your ISO/IEC 27001 SoA still wait for review: "
                                                 + ", ".join(pending) + ". Confirm or reject each before "
                                                 "approving.", "pending_suggestions"))
        from . import register_rules

        for row in register_rules.unanswered(org, entries):
            errors.append(field_error("entries", f"{row['message']} Answer it with a justification (or include "
                                                 f"{row['ref']}) before approving.", "register_contradiction"))
        if errors:
            raise InvalidInput(errors)
        content = {"entries": entries}
        if approvals.state(RECORD_TYPE, soa, content).approved:
            raise Conflict("This SoA is already approved as it is; nothing changed since the last approved "
                           "version.")
        approval = approvals.approve(membership, RECORD_TYPE, soa, content=content, note=note)
        number = (SoAVersion.objects.filter(organization=org).order_by("-number")
                  .values_list("number", flat=True).first() or 0) + 1
        version = SoAVersion.objects.create(
            organization=org, soa=soa, number=number, soa_version=soa.version, entries=entries,
            content_hash=approval.content_hash, approval_id=approval.pk, approved_by=membership.user,
            approved_at=approval.approved_at, note=approval.note)
        audit.record("soa.approve", org=org, actor=membership.user, obj=soa, object_repr=f"SoA version {number}",
                     changes={"approved_version": number, "controls": len(entries), "note": approval.note})
    return version


SHARED_AT_LEAST = 5  # this many entries sharing one justification text is a warning (not a blocker)


def shared_justifications(entries: list[dict], at_least: int = SHARED_AT_LEAST) -> list[dict]:
    """Justification texts shared by ``at_least`` entries or more (6.1.3 f: each control's inclusion or exclusion
    is justified on its own; one sentence copied across many controls rarely is): ``{justification, refs}``."""
    by_text: dict[str, list[str]] = {}
    for e in entries:
        text = " ".join((e.get("justification") or "").split()).casefold()
        if text:
            by_text.setdefault(text, []).append(e)
    return [{"justification": group[0]["justification"].strip(), "refs": [e["ref"] for e in group]}
            for group in by_text.values() if len(group) >= at_least]


COMPARED = ("title", "applicable", "justification", "status", "owner", "implementation", "last_reviewed",
            "justification_links")


def compare(before: list[dict], after: list[dict]) -> list[dict]:
    """Differences between two lists of frozen entries: ``{ref, title, change: added|removed|changed,
    fields: {field: [before, after]}}`` in SoA order."""
    old = {e["ref"]: e for e in before}
    new = {e["ref"]: e for e in after}
    out = []
    for ref, e in new.items():
        if ref not in old:
            out.append({"ref": ref, "title": e["title"], "change": "added", "fields": {}})
            continue
        fields = {k: [old[ref].get(k), e.get(k)] for k in COMPARED if old[ref].get(k) != e.get(k)}
        if fields:
            out.append({"ref": ref, "title": e["title"], "change": "changed", "fields": fields})
    out += [{"ref": ref, "title": e["title"], "change": "removed", "fields": {}}
            for ref, e in old.items() if ref not in new]
    return out


def version_entries(org, which: str) -> list[dict]:
    """Entries of version ``which``: a number, ``current`` (the SoA now) or ``approved`` (the last approved)."""
    if which == "current":
        return frozen_entries(org)
    qs = SoAVersion.objects.for_org(org)
    found = qs.first() if which == "approved" else (qs.filter(number=int(which)).first()
                                                    if str(which).isdigit() else None)
    if found is None:
        raise InvalidInput([field_error("version", f"No SoA version '{which}'; use a version number, 'approved' or "
                                                   "'current'.", "not_found", loc_prefix="query")])
    return found.entries


def changes_since_approved(org, entries: list[dict] | None = None, last=None) -> list[dict] | None:
    """What changed since the last approved version; None when no version was approved yet."""
    last = last or SoAVersion.objects.for_org(org).first()
    if last is None:
        return None
    return compare(last.entries, frozen_entries(org) if entries is None else entries)


def answer_contradiction(membership, entry: SoAEntry, justification: str) -> dict:
    """A person answers an exclusion the register contradicts (6.1.3 f, :mod:`forty2.controls.register_rules`):
    why the exclusion holds all the same. Recorded as an audit event with the contradiction as it reads now; the
    SoA may then be approved, the contradiction staying a warning. 409 when ``entry`` is not contradicted, 422
    (``justification``) when the answer is empty or too short to say why."""
    from . import register_rules

    require(membership, "approve")
    org = membership.organization
    text = (justification or "").strip()
    if len(text) < 20:
        raise InvalidInput([field_error("justification", "Say why the exclusion holds although the register "
                                        "contradicts it (at least 20 characters).", "string_too_short")])
    if len(text) > 2000:
        raise InvalidInput([field_error("justification", "At most 2000 characters.", "string_too_long")])
    with transaction.atomic():
        row = next((r for r in register_rules.contradictions(org, frozen_entries(org)) if r["ref"] == entry.ref),
                   None)
        if row is None:
            raise Conflict(f"{entry.ref} is not an exclusion the register contradicts: nothing to answer.")
        audit.record(register_rules.ANSWER_ACTION, org=org, actor=membership.user, obj=entry,
                     changes={"ref": entry.ref, "contradiction": row["message"], "answer": text})
    return {**row, "answered": True, "answer": text}


# --- suggestions inferred from an ISO/IEC 27001 SoA (the head start) ---------------------------------------

def confirm_suggestion(membership, entry: SoAEntry) -> SoAEntry:
    """Take over an inferred suggestion: its values are written through the kit (audited), and the entry keeps
    where they came from."""
    if entry.suggestion_state != "pending":
        raise Conflict(f"{entry.ref} has no suggestion waiting for review.")
    s = entry.suggestion
    data = {k: s[k] for k in ("applicable", "status") if s.get(k) is not None}
    if s.get("justification") and not entry.justification:
        data["justification"] = s["justification"]
    with transaction.atomic():
        entry = update_entry(membership, entry, data, version=entry.version)
        SoAEntry.objects.filter(pk=entry.pk).update(suggestion_state="confirmed")
        audit.record("soa_entry.confirm_inference", org=membership.organization, actor=membership.user,
                     obj=entry, changes={"inferred_from": s.get("sources", []), "applied": data})
    entry.refresh_from_db()
    return entry


def reject_suggestion(membership, entry: SoAEntry, note: str = "") -> SoAEntry:
    require(membership, "edit_record", entry)
    if entry.suggestion_state != "pending":
        raise Conflict(f"{entry.ref} has no suggestion waiting for review.")
    with transaction.atomic():
        SoAEntry.objects.filter(pk=entry.pk).update(suggestion_state="rejected")
        audit.record("soa_entry.reject_inference", org=membership.organization, actor=membership.user, obj=entry,
                     changes={"inferred_from": entry.suggestion.get("sources", []), "note": (note or "")[:300]})
    entry.refresh_from_db()
    return entry


__all__ = ["ImplementationStatus"]
