"""The clause-by-clause gap assessment (ISO/IEC 42001 clauses 4-10, 9.1 evaluation, 9.2 internal audit).

Status and notes are the catalog's :class:`~forty2.catalog.models.RequirementStatus` (written through
:func:`forty2.catalog.services.set_status`, so inferences from ISO/IEC 27001 or ISO 9001 keep working); the
owner is a :class:`ClauseAssessment` written through the records kit. Each clause also shows the documented
information it requires (catalog data) and the checks of :mod:`forty2.controls.checks`.

The contract readiness and the pages read (:class:`ClauseRow`, :class:`CheckResult`):

* ``CheckResult.outcome``: ``"passes"``, ``"fails"`` or ``"needs_review"`` (only a check of a record kind Forty2
  does not hold, with valid evidence linked to the clause; never ``"passes"``). ``ok`` is True only when it
  passes; ``gap`` says in plain words what is missing; ``fix_url`` is the page that fixes it (set unless it passes).
* ``ClauseRow.declared_status``: the person's conformity status in the clause assessment (``conforming``,
  ``partial``, ``not_conforming``, ``not_assessed``).
* ``ClauseRow.conflict``: declared ``conforming`` or ``partial`` while at least one check fails.
* ``ClauseRow.effective_status`` (= ``status_value``, what the pages and readiness use; the API's
  ``effective_status``, its ``status`` staying the declared one, not conforming while a nonconformity is open):
  ``"not_conforming"`` while a nonconformity against the clause is open or the declaration is in conflict;
  ``"needs_review"`` when declared conforming/partial, no check fails and a check needs review by a person;
  otherwise the declared status. Only ``conforming`` (and ``partial``) may count; ``needs_review`` counts 0.
* ``ClauseRow.failing`` / ``ClauseRow.reviewing``: the failing checks and those needing review.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from forty2.catalog import services as catalog_services
from forty2.catalog.models import ConformityStatus, Requirement, RequirementStatus
from forty2.core.errors import InvalidInput, StaleVersion, field_error
from forty2.core.models import AuditEvent
from forty2.evidence.models import EvidenceLink
from forty2.records import writes
from forty2.tenancy.access import require

from . import checks as clause_checks
from . import findings_hook
from .definitions import CLAUSE_ASSESSMENT
from .models import ClauseAssessment
from .services import ISO42001

EVIDENCE_TYPE = "clause_assessment"


def clauses():
    return (Requirement.objects.filter(framework__slug=ISO42001, kind="clause", assessable=True)
            .order_by("position"))


def ensure_assessments(org) -> dict[int, ClauseAssessment]:
    """{requirement id: assessment}, creating the missing rows (no content yet, so no audit event)."""
    found = {a.requirement_id: a for a in ClauseAssessment.objects.for_org(org).select_related("owner")}
    missing = [pk for pk in clauses().values_list("pk", flat=True) if pk not in found]
    if missing:
        try:
            with transaction.atomic():
                ClauseAssessment.objects.bulk_create(
                    [ClauseAssessment(organization=org, requirement_id=pk) for pk in missing])
        except IntegrityError:
            pass
        found = {a.requirement_id: a for a in ClauseAssessment.objects.for_org(org).select_related("owner")}
    return found


@dataclass
class CheckResult:
    check: clause_checks.Check
    outcome: str  # clause_checks.PASSES, FAILS or NEEDS_REVIEW
    fix_url: str = ""  # where it is fixed (set unless it passes)

    @property
    def ok(self) -> bool:
        return self.outcome == clause_checks.PASSES

    @property
    def needs_review(self) -> bool:
        return self.outcome == clause_checks.NEEDS_REVIEW

    @property
    def failed(self) -> bool:
        return self.outcome == clause_checks.FAILS

    @property
    def gap(self) -> str:
        if self.ok:
            return ""
        label = self.check.label
        label = label if label[:2].isupper() else label[:1].lower() + label[1:]  # keep "AI …" as written
        if self.check.managed:
            return f"Missing: {label}."
        if self.needs_review:
            return (f"Needs review by a person: evidence of the {label} is linked. Forty2 does not hold this kind "
                    "of record, so the evidence alone never makes the clause pass.")
        return (f"No evidence of the {label}. Forty2 does not manage this kind of record yet: link evidence of it "
                "to the clause for a person to review.")


#: the declared statuses a failing check contradicts
CLAIMS = (ConformityStatus.CONFORMING.value, ConformityStatus.PARTIAL.value)
NEEDS_REVIEW = "needs_review"


@dataclass
class ClauseRow:
    requirement: Requirement
    assessment: ClauseAssessment
    status: RequirementStatus | None
    evidence_count: int = 0
    checks: list[CheckResult] = field(default_factory=list)
    #: a nonconformity against this clause is open (:mod:`forty2.controls.findings_hook`): it is not conforming,
    #: whatever was assessed, until the nonconformity is closed (10.2)
    nonconforming: bool = False

    @property
    def ref(self) -> str:
        return self.requirement.ref

    @property
    def assessed_value(self) -> str:
        """The status the gap assessment recorded."""
        return self.status.status if self.status else ConformityStatus.NOT_ASSESSED.value

    @property
    def declared_status(self) -> str:
        """The person's declared conformity status (the same as :attr:`assessed_value`)."""
        return self.assessed_value

    @property
    def failing(self) -> list[CheckResult]:
        return [c for c in self.checks if c.failed]

    @property
    def reviewing(self) -> list[CheckResult]:
        return [c for c in self.checks if c.needs_review]

    @property
    def conflict(self) -> bool:
        """Declared conforming or partially conforming while a check fails: shown as a conflict, not conforming."""
        return self.declared_status in CLAIMS and bool(self.failing)

    @property
    def effective_status(self) -> str:
        """What counts (see the module docstring): not conforming on an open nonconformity or a conflict, needs
        review when a declared conformity rests on evidence only a person can judge, else the declared status."""
        if self.nonconforming or self.conflict:
            return ConformityStatus.NOT_CONFORMING.value
        if self.declared_status in CLAIMS and self.reviewing:
            return NEEDS_REVIEW
        return self.declared_status

    @property
    def status_value(self) -> str:
        """The clause's conformity as it counts: :attr:`effective_status`."""
        return self.effective_status

    @property
    def status_label(self) -> str:
        if self.nonconforming:
            return "Nonconforming (open nonconformity)"
        if self.conflict:
            return (f"Conflict: declared {ConformityStatus(self.declared_status).label.lower()}, "
                    f"{len(self.failing)} check{'s' if len(self.failing) != 1 else ''} fail")
        if self.effective_status == NEEDS_REVIEW:
            return "Needs review by a person"
        return ConformityStatus(self.status_value).label

    @property
    def note(self) -> str:
        return self.status.note if self.status else ""

    @property
    def inferred(self) -> bool:
        return bool(self.status and self.status.source == "inferred")

    @property
    def gaps(self) -> list[CheckResult]:
        """Every check that does not pass (failing or needing review)."""
        return [c for c in self.checks if not c.ok]

    @property
    def group(self) -> str:
        return self.requirement.ref.split(".")[0]


def check_context(org) -> dict:
    """What the checks need to know about other records: whether the SoA is approved and whether it changed since
    (readiness passes the same keys, :mod:`forty2.controls.readiness`)."""
    from .services import approval_state

    state = approval_state(org)
    return {"soa_approved": state.approval is not None, "soa_stale": bool(state.approval is not None and state.stale)}


def _applies(check) -> bool:
    return check.applies is None or check.applies()


def evaluate(org, ref: str, check, ctx: dict, has_evidence: bool) -> CheckResult:
    """One check's outcome: a managed one reads the records (evidence ignored); an unmanaged one needs review by a
    person when valid evidence is linked, and fails otherwise. The fix link is found only when it does not pass."""
    if check.managed:
        outcome = clause_checks.PASSES if clause_checks.run(org, ctx, ref, check) else clause_checks.FAILS
    else:
        outcome = clause_checks.NEEDS_REVIEW if has_evidence else clause_checks.FAILS
    fix = "" if outcome == clause_checks.PASSES else clause_checks.fix_url(org, ref, check)
    return CheckResult(check, outcome, fix)


def clause_rows(org, ctx: dict | None = None) -> list[ClauseRow]:
    """Every assessable clause with its status, owner, evidence count and checks, in a fixed number of queries."""
    assessments = ensure_assessments(org)
    statuses = {s.requirement_id: s for s in RequirementStatus.objects.for_org(org).filter(
        requirement__framework__slug=ISO42001, requirement__kind="clause")}
    counts: dict[int, int] = {}
    valid: set[int] = set()
    today = timezone.localdate()
    for object_id, valid_until in EvidenceLink.objects.filter(
            organization=org, record_type=EVIDENCE_TYPE).values_list("object_id", "evidence__valid_until"):
        counts[object_id] = counts.get(object_id, 0) + 1
        if valid_until is None or valid_until >= today:
            valid.add(object_id)
    ctx = ctx if ctx is not None else check_context(org)
    open_ncs = clause_checks.shared(org, "controls.nonconforming", lambda: findings_hook.nonconforming(org))
    rows = []
    for req in clauses():
        a = assessments[req.pk]
        row = ClauseRow(req, a, statuses.get(req.pk), counts.get(a.pk, 0), nonconforming=req.ref in open_ncs)
        for check in clause_checks.CHECKS.get(req.ref, []):
            if _applies(check):
                row.checks.append(evaluate(org, req.ref, check, ctx, a.pk in valid))
        rows.append(row)
    return rows


def control_checks(org, ref: str, ctx: dict | None = None) -> list[CheckResult]:
    """The checks other apps registered for an Annex A control (A.3.3 concerns, A.8.4 incidents …): each reads
    the records that show the control works. Only checks of record kinds Forty2 manages apply to a control."""
    ctx = ctx if ctx is not None else check_context(org)
    return [evaluate(org, ref, c, ctx, False) for c in clause_checks.CHECKS.get(ref, [])
            if c.managed and _applies(c)]


def clause_row(org, ref: str) -> ClauseRow:
    for row in clause_rows(org):
        if row.ref == ref:
            return row
    raise Requirement.DoesNotExist(ref)


#: the key of a ``requirement_status.set`` event made by :func:`update_clause` holding the clause assessment's
#: version before and after
VERSION_KEY = "assessment_version"


def _refuse_conflict(org, requirement, current: ClauseAssessment, data: dict, given: int) -> None:
    """A change made on the stale version ``given`` applies unless a field it sends (owner, status, note) was
    changed by someone else since then to another value (409 naming the saved values): the records kit's rule
    (:func:`forty2.records.writes.refuse_conflict`), with the status and note read from the requirement's
    own events (the catalog's ``requirement_status.*``)."""
    others = AuditEvent.objects.filter(organization=org, object_type="requirement", object_id=str(requirement.pk))
    touched = writes.changed_since(CLAUSE_ASSESSMENT, current, given, names={"owner", "status", "note"},
                                   others=others, counted_key=VERSION_KEY)
    status = RequirementStatus.objects.for_org(org).filter(requirement=requirement).first()
    saved = {"owner": current.owner.email if current.owner_id else None,
             "status": status.status if status else ConformityStatus.NOT_ASSESSED.value,
             "note": status.note if status else ""}
    differing = {k: saved[k] for k, v in data.items() if not writes.same(v, saved[k])}
    if touched is None or set(differing) & touched:
        raise StaleVersion(current.version, given, fields=differing)


def update_clause(membership, ref: str, data: dict, *, version: int) -> ClauseRow:
    """Record the gap assessment of one clause: ``status``, ``note`` (catalog) and ``owner`` (kit), in one
    transaction. ``version`` is the assessment's version as read."""
    org = membership.organization
    requirement = clauses().filter(ref=ref).first()
    if requirement is None:
        raise Requirement.DoesNotExist(ref)
    # a read-only role is refused even when nothing would change (issue #14: no 2xx on a write for them)
    require(membership, catalog_services.SET_STATUS)
    unknown = set(data) - {"status", "note", "owner"}
    if unknown:
        raise InvalidInput([field_error(k, "Unknown field.", "extra_forbidden") for k in sorted(unknown)])
    ensure_assessments(org)
    with transaction.atomic():
        current = writes.lock(CLAUSE_ASSESSMENT, org, ClauseAssessment.objects.get(
            organization=org, requirement=requirement).pk)
        if version != current.version:
            _refuse_conflict(org, requirement, current, data, version)
            version = current.version
        changed = False
        if "owner" in data:
            updated = writes.update(CLAUSE_ASSESSMENT, membership, current, {"owner": data["owner"]},
                                    version=current.version)
            changed = updated.version != version
            current = updated
        if "status" in data or "note" in data:
            status = RequirementStatus.objects.for_org(org).filter(requirement=requirement).first()
            before = (status.status, status.note) if status else (ConformityStatus.NOT_ASSESSED.value, "")
            new_status = data.get("status", before[0])
            new_note = data.get("note", before[1])
            new_note = "" if new_note is None else new_note
            if (new_status, (new_note or "").strip()) != before or (status and status.source != "assessed"):
                # the assessment's version rises with the status: the event says so, so that a later change
                # made on an older version knows what changed since (_refuse_conflict)
                bump = {} if changed else {VERSION_KEY: [current.version, current.version + 1]}
                catalog_services.set_status(membership, requirement, status=new_status, note=new_note,
                                            also_changed=bump)
                if not changed:
                    current.version += 1
                    current.updated_at = timezone.now()
                    current.save(update_fields=["version", "updated_at"])
    return clause_row(org, ref)
