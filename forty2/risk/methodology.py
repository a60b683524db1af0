"""The organisation's AI risk methodology, versioned and approved (ISO/IEC 42001 6.1.1, 6.1.2).

Every organisation has one: :func:`current` creates the default (a 5×5 matrix, acceptance criteria by level and
role, the three consequence dimensions) the first time anything asks, so no organisation is ever without a way
to score risks. A new version starts as a draft copied from the current one; approving it makes it current and
flags the risks scored under older versions for re-assessment; they are never rescaled automatically.
Writes go through the records kit's write path (:mod:`forty2.records.writes`); the structured parts (scales,
matrix, criteria) are checked here and added to the same audited change.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from forty2.core import audit
from forty2.core.errors import Conflict, InvalidInput, PermissionDenied, StaleVersion, field_error
from forty2.records import approvals, writes
from forty2.tenancy.access import require
from forty2.tenancy.models import Role
from forty2.tenancy.roles import can

from .definitions import METHODOLOGY
from .models import Level, MethodologyStatus, Risk, RiskMethodology

LEVELS = Level.values
ROLES = [Role.OWNER.value, Role.AIMS_MANAGER.value, Role.CONTRIBUTOR.value]
STRUCTURE = ("likelihood_scale", "consequence_scale", "matrix", "acceptance", "dimensions",
             "review_interval_days", "impact_four_eyes")

DIMENSIONS = [
    {"key": "organisation", "label": "For the organisation",
     "description": "Money, operations, legal and regulatory position, reputation."},
    {"key": "individuals", "label": "For individuals and groups",
     "description": "Health, safety, rights, fair treatment and privacy of the people affected."},
    {"key": "society", "label": "For society",
     "description": "Public trust, environment, economy and democratic processes."},
]

DEFAULT = {
    "name": "AI risk methodology",
    "notes": "The default methodology Forty2 ships: review it, adapt the descriptions to your organisation and "
             "approve a new version.",
    "likelihood_scale": [
        {"label": "Rare", "description": "Not expected in the life of the system."},
        {"label": "Unlikely", "description": "Could happen, but not expected in the next few years."},
        {"label": "Possible", "description": "Might well happen in the next year or two."},
        {"label": "Likely", "description": "Expected to happen within a year."},
        {"label": "Almost certain", "description": "Expected to happen, or already happening."},
    ],
    "consequence_scale": [
        {"label": "Negligible", "description": "No noticeable harm to anyone; fixed in the normal course of work."},
        {"label": "Minor", "description": "Short-lived inconvenience to people or small cost; easily reversed."},
        {"label": "Moderate", "description": "Noticeable harm to some people or to operations; reversible with "
                                             "effort; a complaint or a reportable event is possible."},
        {"label": "Major", "description": "Serious harm to people's health, rights or finances, or to the "
                                          "organisation; hard to reverse; regulators take an interest."},
        {"label": "Severe", "description": "Death or lasting harm, large-scale rights violations or damage to "
                                           "society; irreversible; the organisation's licence is at stake."},
    ],
    "dimensions": DIMENSIONS,
    "acceptance": {
        "low": {"acceptable": True, "risk_owner": True, "roles": ROLES},
        "medium": {"acceptable": True, "risk_owner": True, "roles": [Role.OWNER.value, Role.AIMS_MANAGER.value]},
        "high": {"acceptable": True, "risk_owner": False, "roles": [Role.OWNER.value]},
        "critical": {"acceptable": False, "risk_owner": False, "roles": []},
    },
    "review_interval_days": 365,
    "impact_four_eyes": True,
}


def product_matrix(n_likelihood: int, n_consequence: int) -> list[list[str]]:
    """A matrix by the product of the two scores, scaled to a 5×5 grid: ≤4 low, ≤9 medium, ≤16 high, else
    critical."""
    def level(l_, c_):
        score = (l_ * 5 / n_likelihood) * (c_ * 5 / n_consequence)
        return "low" if score <= 4 else "medium" if score <= 9 else "high" if score <= 16 else "critical"
    return [[level(lk, ck) for ck in range(1, n_consequence + 1)] for lk in range(1, n_likelihood + 1)]


DEFAULT["matrix"] = product_matrix(5, 5)


# --- reading ---------------------------------------------------------------------------------------------------

def current(org) -> RiskMethodology:
    """The approved methodology in force; the default is created (approved, version 1) on first use."""
    found = RiskMethodology.objects.for_org(org).filter(status=MethodologyStatus.APPROVED).first()
    if found is not None:
        return found
    if RiskMethodology.objects.for_org(org).exists():  # only drafts: the default was deleted or never approved
        raise Conflict("This organisation has no approved risk methodology; approve a version first.")
    try:
        with transaction.atomic():
            now = timezone.now()
            found = RiskMethodology.objects.create(
                organization=org, number=1, status=MethodologyStatus.APPROVED, approved_at=now,
                **{k: v for k, v in DEFAULT.items()})
            audit.record("risk_methodology.create", org=org, actor=None, obj=found,
                         changes={"number": 1, "default": True, "status": "approved"})
    except IntegrityError:  # someone else created it at the same moment
        found = RiskMethodology.objects.for_org(org).get(status=MethodologyStatus.APPROVED)
    return found


def versions(org):
    current(org)
    return RiskMethodology.objects.for_org(org).select_related("approved_by", "created_by").order_by("-number")


def level_label(level: str) -> str:
    return dict(Level.choices).get(level, "Not scored")


def scale_range(mv: RiskMethodology, which: str) -> int:
    return len(mv.likelihood_scale if which == "likelihood" else mv.consequence_scale)


# --- checking the structure ------------------------------------------------------------------------------------

def _scale(key, value, errors):
    if not isinstance(value, list) or not 3 <= len(value) <= 5:
        got = len(value) if isinstance(value, list) else "not a list"
        errors.append(field_error(key, f"Give 3 to 5 levels, lowest first (got {got}).", "scale"))
        return None
    out = []
    for i, item in enumerate(value, start=1):
        if not isinstance(item, dict) or not str(item.get("label") or "").strip():
            errors.append(field_error(key, f"Level {i} needs a label.", "missing"))
            return None
        label = str(item["label"]).strip()[:100]
        entry = {"label": label, "description": str(item.get("description") or "").strip()[:1000]}
        if isinstance(item.get("by_dimension"), dict):
            entry["by_dimension"] = {str(k)[:40]: str(v)[:500] for k, v in item["by_dimension"].items()}
        out.append(entry)
    return out


def check_structure(data: dict, base: RiskMethodology | None) -> dict:
    """The structured parts of ``data`` checked (missing ones taken from ``base``); InvalidInput naming the
    part and the rule otherwise."""
    errors, out = [], {}
    unknown = set(data) - set(STRUCTURE)
    for key in sorted(unknown):
        errors.append(field_error(key, "Unknown field.", "extra_forbidden"))
    lk = _scale("likelihood_scale", data["likelihood_scale"], errors) if "likelihood_scale" in data else (
        base.likelihood_scale if base else DEFAULT["likelihood_scale"])
    ck = _scale("consequence_scale", data["consequence_scale"], errors) if "consequence_scale" in data else (
        base.consequence_scale if base else DEFAULT["consequence_scale"])
    if lk is not None:
        out["likelihood_scale"] = lk
    if ck is not None:
        out["consequence_scale"] = ck
    if lk is not None and ck is not None:
        if "matrix" in data:
            matrix = data["matrix"]
        elif base is not None and len(base.matrix) == len(lk) and len(base.matrix[0]) == len(ck):
            matrix = base.matrix
        else:
            matrix = product_matrix(len(lk), len(ck))
        if (not isinstance(matrix, list) or len(matrix) != len(lk)
                or not all(isinstance(r, list) and len(r) == len(ck) for r in matrix)):
            errors.append(field_error("matrix", f"Give {len(lk)} rows (one per likelihood level, lowest first) of "
                                                f"{len(ck)} levels (one per consequence level).", "matrix"))
        elif any(cell not in LEVELS for row in matrix for cell in row):
            errors.append(field_error("matrix", f"Each cell is one of: {', '.join(LEVELS)}.", "enum"))
        else:
            out["matrix"] = matrix
    acceptance = data.get("acceptance", base.acceptance if base else DEFAULT["acceptance"])
    if "acceptance" in data:
        if not isinstance(acceptance, dict) or set(acceptance) - set(LEVELS):
            errors.append(field_error("acceptance", f"Keys are risk levels: {', '.join(LEVELS)}.", "enum"))
        else:
            cleaned = {}
            for level in LEVELS:
                rule = acceptance.get(level) or {}
                roles = rule.get("roles") or []
                if not isinstance(roles, list) or set(roles) - set(ROLES):
                    errors.append(field_error("acceptance", f"{level}: roles are some of {', '.join(ROLES)}.",
                                              "enum"))
                    continue
                cleaned[level] = {"acceptable": bool(rule.get("acceptable", False)),
                                  "risk_owner": bool(rule.get("risk_owner", False)), "roles": roles}
            out["acceptance"] = cleaned
    if "dimensions" in data:
        dims = data["dimensions"]
        if not isinstance(dims, list) or not dims or not all(isinstance(d, dict) and d.get("label") for d in dims):
            errors.append(field_error("dimensions", "Give a list of consequence dimensions, each with a label.",
                                      "list_type"))
        else:
            out["dimensions"] = [{"key": str(d.get("key") or d["label"]).strip()[:40],
                                  "label": str(d["label"]).strip()[:100],
                                  "description": str(d.get("description") or "").strip()[:500]} for d in dims]
    if "review_interval_days" in data:
        days = data["review_interval_days"]
        if not isinstance(days, int) or isinstance(days, bool) or not 30 <= days <= 1095:
            errors.append(field_error("review_interval_days", "A whole number of days from 30 to 1095.", "range"))
        else:
            out["review_interval_days"] = days
    if "impact_four_eyes" in data:
        if not isinstance(data["impact_four_eyes"], bool):
            errors.append(field_error("impact_four_eyes", "Must be true or false.", "bool_type"))
        else:
            out["impact_four_eyes"] = data["impact_four_eyes"]
    if errors:
        raise InvalidInput(errors)
    return out


def structure_of(mv: RiskMethodology) -> dict:
    return {k: getattr(mv, k) for k in STRUCTURE}


class MethodologyRules(writes.Rules):
    """Only approvers shape the methodology; only a draft changes; the structure is part of the audited diff."""

    def __init__(self, structure: dict, base: RiskMethodology | None = None):
        self.structure, self.base = structure, base

    def check(self, write):
        require(write.membership, "approve")
        if not write.created and write.obj.status != MethodologyStatus.DRAFT:
            raise Conflict(f"Version {write.obj.number} is {write.obj.get_status_display().lower()}; only a draft "
                           "changes. Start a new version instead.")
        base = self.base if write.created else write.obj
        self.cleaned = check_structure(self.structure, base)
        if write.given is not None and self.cleaned:  # a PATCH on a stale version: the structure merges too
            touched = writes.changed_since(METHODOLOGY, write.obj, write.given, names=STRUCTURE)
            now = structure_of(write.obj)
            if touched is None or any(k in touched and now[k] != v for k, v in self.cleaned.items()):
                raise StaleVersion(write.obj.version, write.given,
                                   fields={k: now[k] for k, v in self.cleaned.items() if now[k] != v})
        if write.created:  # a new version starts as a copy of the one in force
            self.cleaned = {**structure_of(base), **self.cleaned}
        self.before = {} if write.created else structure_of(write.obj)

    def before_save(self, write):
        for key, value in self.cleaned.items():
            setattr(write.obj, key, value)

    def after_diff(self, write):
        after = structure_of(write.obj)
        if write.created:
            write.changes.update(after, number=write.obj.number)
        else:
            write.changes.update(audit.diff(self.before, {k: after[k] for k in self.before}))


def _split(data: dict) -> tuple[dict, dict]:
    plain = {k: v for k, v in data.items() if k not in STRUCTURE}
    return plain, {k: v for k, v in data.items() if k in STRUCTURE}


def create_version(membership, data: dict) -> RiskMethodology:
    """A new draft version, copied from the current one; ``data`` overrides name, notes and any structure."""
    org = membership.organization
    base = current(org)
    plain, structure = _split(data)
    plain.setdefault("name", base.name)
    with transaction.atomic():
        number = (RiskMethodology.objects.for_org(org).aggregate(n=Max("number"))["n"] or 0) + 1
        return writes.create(METHODOLOGY, membership, plain, rules=MethodologyRules(structure, base), number=number,
                             status=MethodologyStatus.DRAFT)


def update_version(membership, mv: RiskMethodology, data: dict, *, version: int) -> RiskMethodology:
    plain, structure = _split(data)
    return writes.update(METHODOLOGY, membership, mv, plain, version=version, rules=MethodologyRules(structure))


# --- loosening the approval rules (A.3.2 segregation of duties) -------------------------------------------------

RANK = {level: i for i, level in enumerate(LEVELS)}


def _covering(i: int, n: int, n_old: int) -> range:
    """The rows (or columns) of an ``n_old``-level scale that overlap level ``i`` of an ``n``-level one."""
    return range(i * n_old // n, -(-(i + 1) * n_old // n))


def _matrix_lowered(old: list, new: list) -> bool:
    """Whether the new matrix rates some part of the likelihood × consequence plane lower than every cell of the
    old one covering it (on the same grid: any cell lowered)."""
    if not old or not new:
        return False
    n_l, n_c, o_l, o_c = len(new), len(new[0]), len(old), len(old[0])
    for i in range(n_l):
        for j in range(n_c):
            floor = min(RANK[old[a][b]] for a in _covering(i, n_l, o_l) for b in _covering(j, n_c, o_c))
            if RANK[new[i][j]] < floor:
                return True
    return False


def loosenings(in_force: RiskMethodology, draft: RiskMethodology) -> list[str]:
    """What ``draft`` makes easier than the version in force, in words: four eyes switched off, a level made
    acceptable, accepted by risk owners or by more roles, or the matrix rating risks lower. Empty when it
    loosens nothing."""
    found = []
    if in_force.impact_four_eyes and not draft.impact_four_eyes:
        found.append("impact assessments would no longer need four eyes")
    for level in LEVELS:
        old, new = in_force.acceptance.get(level) or {}, draft.acceptance.get(level) or {}
        if not new.get("acceptable"):
            continue
        label = level_label(level).lower()
        if not old.get("acceptable"):
            found.append(f"{label} risks would become acceptable")
            continue
        if new.get("risk_owner") and not old.get("risk_owner"):
            found.append(f"risk owners could accept {label} risks")
        added = [dict(Role.choices)[r] for r in new.get("roles") or [] if r not in (old.get("roles") or [])]
        if added:
            found.append(f"{', '.join(added)} could accept {label} risks")
    if _matrix_lowered(in_force.matrix, draft.matrix):
        found.append("the matrix would rate some risks at a lower level")
    return found


def may_approve(membership, mv: RiskMethodology) -> tuple[bool, str]:
    """(allowed, reason): an approver's role; and a version that loosens the approval rules of the version in
    force needs four eyes whatever its own flags say: its approver edited nothing of it."""
    if not can(membership, "approve"):
        return False, "Only owners and AIMS managers approve the risk methodology."
    loosened = loosenings(current(membership.organization), mv)
    if loosened and not approvals.may_approve(membership, four_eyes=True, record_type=METHODOLOGY.name, obj=mv,
                                              last_editor_id=mv.created_by_id):
        return False, (f"Version {mv.number} loosens the approval rules ({'; '.join(loosened)}), and you wrote or "
                       "changed it: another owner or AIMS manager must review and approve it (four-eyes rule).")
    return True, ""


def approve_version(membership, mv: RiskMethodology, *, version: int, note: str = "") -> RiskMethodology:
    """Approve a draft: it becomes current, the previous one is superseded, and risks scored under older
    versions are flagged for re-assessment (never rescaled). A draft that loosens the approval rules of the
    version in force (:func:`loosenings`) is approved only by someone who did not edit it (A.3.2)."""
    require(membership, "approve")
    org = membership.organization
    with transaction.atomic():
        locked = writes.lock(METHODOLOGY, org, mv.pk)
        if version != locked.version:
            raise writes.stale(METHODOLOGY, locked, org, {}, version)
        if locked.status != MethodologyStatus.DRAFT:
            raise Conflict(f"Version {locked.number} is already {locked.get_status_display().lower()}.")
        allowed, reason = may_approve(membership, locked)
        if not allowed:
            raise PermissionDenied(reason)
        now = timezone.now()
        previous = list(RiskMethodology.objects.for_org(org).filter(status=MethodologyStatus.APPROVED))
        RiskMethodology.objects.filter(pk__in=[p.pk for p in previous]).update(
            status=MethodologyStatus.SUPERSEDED, updated_at=now)
        locked.status, locked.approved_by, locked.approved_at = MethodologyStatus.APPROVED, membership.user, now
        locked.version += 1
        locked.updated_at = now
        locked.save()
        approvals.approve(membership, METHODOLOGY.name, locked, content=structure_of(locked), note=note)
        audit.record("risk_methodology.approve", org=org, actor=membership.user, obj=locked,
                     changes={"status": ["draft", "approved"], "note": note,
                              "superseded": [p.number for p in previous]})
        reason = (f"Methodology version {locked.number} approved on {now.date().isoformat()}; this risk was "
                  "scored under an earlier version.")
        flagged = Risk.objects.for_org(org).exclude(methodology=locked)
        ids = list(flagged.values_list("pk", flat=True))
        flagged.update(reassessment_due=True, reassessment_reason=reason)
        if ids:
            audit.record("risk.reassessment_due", org=org, actor=membership.user, object_type="risk",
                         object_repr=f"{len(ids)} risks", changes={"risks": ids, "reason": reason})
    return locked


def delete_version(membership, mv: RiskMethodology) -> None:
    """Delete a version nothing uses; refused (409) for the current one or one that risks or runs use."""
    def refuse(current_):
        if current_.status == MethodologyStatus.APPROVED:
            return f"Version {current_.number} is the methodology in force; approve another version first."
        used = current_.risks.count()
        if used:
            return (f"Version {current_.number} is used by {used} risk{'s' if used != 1 else ''}, which keep the "
                    "version they were scored under; it cannot be deleted.")
        if current_.runs.exists():
            return f"Version {current_.number} is used by risk assessment runs; it cannot be deleted."
        return None
    writes.delete(METHODOLOGY, membership, mv, refuse=refuse)


def out(mv: RiskMethodology) -> dict:
    """The API's view of a methodology version."""
    return {
        "id": mv.pk, "number": mv.number, "name": mv.name, "notes": mv.notes, "status": mv.status,
        "likelihood_scale": mv.likelihood_scale, "consequence_scale": mv.consequence_scale, "matrix": mv.matrix,
        "levels": LEVELS, "acceptance": mv.acceptance, "dimensions": mv.dimensions,
        "review_interval_days": mv.review_interval_days, "impact_four_eyes": mv.impact_four_eyes,
        "approved_by": mv.approved_by.email if mv.approved_by_id else None, "approved_at": mv.approved_at,
        "version": mv.version, "created_at": mv.created_at, "updated_at": mv.updated_at,
    }
