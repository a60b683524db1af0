"""What each clause needs, checked against the records Forty2 holds (ISO/IEC 42001 4-10, 7.5.1).

Every one of the 32 assessable clauses has checks here or registered by the app that keeps the records
(:func:`register`, from its ``ready()``). A check has one of three outcomes (:data:`PASSES`, :data:`FAILS`,
:data:`NEEDS_REVIEW`):

* a *managed* check (``test`` set: Forty2 holds that record kind) passes or fails on the records' content
  (approved, current, covering every in-scope AI system, not overdue); evidence linked to the clause is ignored;
* a check of a record kind Forty2 does not hold (``test`` None) never passes: with valid (unexpired) evidence linked
  to the clause it *needs review by a person*; without, it fails. Nothing creates placeholder records.

Composite clauses (4.4, 5.1, 7.1, 7.5.1, 8.1) name each part as its own check; a part that another clause already
judges *delegates* to that clause's check (:func:`delegate`, :func:`clause_passes`), so a stricter check there makes
this one stricter too, and each part links to the page that fixes it. A part may apply only when the record kind
it reads is managed (``applies``): 8.1's planned changes read 6.3 once the planning app manages it.

An app that starts managing a kind replaces the check of the same code with :func:`register` (the risk app:
``register("6.1.2", Check("risk_assessment_process", …, test=…))``).
"""

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.urls import reverse

from forty2.core.registry import Registrations

#: the outcomes of one check
PASSES, FAILS, NEEDS_REVIEW = "passes", "fails", "needs_review"


@dataclass
class Check:
    code: str
    label: str  # the record, in the clause's words ("Approved Statement of Applicability")
    test: Callable | None = None  # (org, ctx) -> bool for a record kind Forty2 manages; None: linked evidence
    fix: Callable | None = None  # (org) -> URL where it is fixed (default: the clause's page)
    applies: Callable | None = None  # () -> bool: False leaves the check out (a part reading an unmanaged kind)

    @property
    def managed(self) -> bool:
        return self.test is not None


#: the context of the readiness (or clause page) computation in progress: the checks, their fix links and the
#: blockers other apps register share what they compute through it (:func:`shared`)
_SCOPE: ContextVar[dict | None] = ContextVar("forty2_check_scope", default=None)


@contextmanager
def sharing(org, ctx: dict):
    """Within the block, :func:`shared` and :func:`current` return ``ctx``'s values for ``org``: one computation
    of each shared fact per readiness call (a fixed number of SQL statements, whatever the number of rows)."""
    ctx["_org"] = org.pk
    token = _SCOPE.set(ctx)
    try:
        yield ctx
    finally:
        _SCOPE.reset(token)


def current(org) -> dict | None:
    """The context of the computation in progress for ``org`` (None outside :func:`sharing`)."""
    ctx = _SCOPE.get()
    return ctx if ctx is not None and ctx.get("_org") == org.pk else None


def shared(org, key: str, compute: Callable):
    """``compute()`` once per readiness call for ``org`` (every time outside :func:`sharing`): what several checks,
    fix links and blockers read (the late nonconformities of 10.2, the risk facts …)."""
    ctx = current(org)
    if ctx is None:
        return compute()
    cache = ctx.setdefault("_shared", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def find(ref: str, code: str) -> Check | None:
    return next((c for c in CHECKS.get(ref, []) if c.code == code), None)


def run(org, ctx: dict, ref: str, check: Check) -> bool:
    """The managed ``check``'s result, computed once per ``ctx`` (a composite clause reads others' results)."""
    cache = ctx.setdefault("_check_results", {})
    key = (ref, check.code)
    if key not in cache:
        cache[key] = bool(check.test(org, ctx))
    return cache[key]


def fix_url(org, ref: str, check: Check) -> str:
    """Where the check is fixed: its own page, or the clause's page."""
    url = check.fix(org) if check.fix else None
    return url or reverse("controls:clause", args=[org.slug, ref])


def delegate(ref: str, code: str) -> Callable:
    """A test passing when clause ``ref``'s managed check ``code`` passes (fails while that kind is unmanaged)."""
    def test(org, ctx) -> bool:
        target = find(ref, code)
        return target is not None and target.managed and run(org, ctx, ref, target)
    return test


def clause_passes(ref: str) -> Callable:
    """A test passing when clause ``ref`` has managed checks and every one passes (robust to their codes)."""
    def test(org, ctx) -> bool:
        managed = [c for c in CHECKS.get(ref, []) if c.managed and (c.applies is None or c.applies())]
        return bool(managed) and all(run(org, ctx, ref, c) for c in managed)
    return test


def all_of(*tests: Callable) -> Callable:
    return lambda org, ctx: all(t(org, ctx) for t in tests)


def fix_of(ref: str, code: str | None = None) -> Callable:
    """The fix page of clause ``ref``'s check ``code`` (or of its first managed check), else the clause's page."""
    def fix(org) -> str:
        checks = [c for c in CHECKS.get(ref, []) if (c.code == code if code else c.managed)]
        return fix_url(org, ref, checks[0]) if checks else reverse("controls:clause", args=[org.slug, ref])
    return fix


def managed_kind(ref: str, code: str) -> Callable:
    """``applies``: only once an app manages clause ``ref``'s record kind ``code``."""
    def applies() -> bool:
        target = find(ref, code)
        return target is not None and target.managed
    return applies


def _soa_approved(org, ctx) -> bool:
    """An approved SoA whose entries did not change since (``ctx`` from :func:`forty2.controls.clauses.check_context`
    or readiness)."""
    return bool(ctx.get("soa_approved", False)) and not ctx.get("soa_stale", False)


def soa_controls_implemented(org, ctx) -> bool:
    """8.1: the approved SoA is current and every applicable control in it is implemented (at least one)."""
    from .models import ImplementationStatus, SoAEntry

    if not _soa_approved(org, ctx):
        return False
    applicable = SoAEntry.objects.for_org(org).filter(applicable=True)
    return applicable.exists() and not applicable.exclude(status=ImplementationStatus.IMPLEMENTED).exists()


def _soa_page(org):
    return reverse("controls:soa", args=[org.slug])


CHECKS: dict[str, list[Check]] = {
    "4.3": [Check("aims_scope", "Approved AIMS scope")],
    "4.4": [
        Check("aims_scope_approved", "AIMS established — its scope approved and current (4.3)",
              delegate("4.3", "aims_scope"), fix_of("4.3", "aims_scope")),
        Check("ai_policy_approved", "AIMS established — its AI policy approved, current and communicated (5.2)",
              delegate("5.2", "ai_policy"), fix_of("5.2", "ai_policy")),
        Check("roles_assigned", "AIMS established — its roles assigned and defined (every check of 5.3 passes)",
              clause_passes("5.3"), fix_of("5.3")),
        Check("risk_process_approved", "AIMS established — its AI risk assessment process approved (every check "
              "of 6.1.2 passes)", clause_passes("6.1.2"), fix_of("6.1.2")),
    ],
    "5.2": [Check("ai_policy", "Approved AI policy")],
    "5.1": [
        Check("top_management_at_review", "Top management attended the latest management review (9.3.1)",
              delegate("9.3.1", "management_review_held"), fix_of("9.3.1", "management_review_held")),
        Check("objectives_endorsed", "AI objectives set and planned (6.2) and reviewed by top management: the latest "
              "management review's outputs approved (9.3.3)",
              all_of(delegate("6.2", "ai_objectives"), delegate("9.3.3", "management_review")),
              fix_of("6.2", "ai_objectives")),
    ],
    "6.1.2": [Check("risk_assessment_process", "AI risk assessment process")],
    "6.1.3": [Check("approved_soa", "Approved Statement of Applicability, unchanged since its approval",
                    _soa_approved, _soa_page),
              Check("risk_treatment_plan", "AI risk treatment plan")],
    "6.1.4": [Check("impact_assessments", "AI system impact assessments")],
    "6.2": [Check("ai_objectives", "AI objectives")],
    # the planning app manages planned changes and replaces this check (same code) with one reading them
    "6.3": [Check("planned_changes", "Changes to the AIMS planned and approved before they are made")],
    "7.1": [
        Check("system_people_resourced", "People for every in-scope AI system: an owner and, once in operation, an "
              "operator or overseer (5.3 roles)", None),  # the people app registers the test
        Check("competence_defined", "Competence requirements defined for every AIMS role held (7.2)",
              delegate("7.2", "competence_requirements"), fix_of("7.2", "competence_requirements")),
        Check("objective_resources", "Resources documented for every AI objective (6.2)",
              delegate("6.2", "ai_objectives"), fix_of("6.2", "ai_objectives")),
    ],
    "7.2": [Check("competence", "Evidence of competence")],
    "7.5.1": [
        Check("scope_document", "The AIMS scope statement, approved and current (4.3)", delegate("4.3", "aims_scope"),
              fix_of("4.3", "aims_scope")),
        Check("risk_methodology", "The AI risk assessment methodology, approved (every check of 6.1.2 passes)",
              clause_passes("6.1.2"), fix_of("6.1.2")),
        Check("soa_document", "The Statement of Applicability, approved and unchanged since (6.1.3)", _soa_approved,
              _soa_page),
        Check("objectives_document", "The AI objectives, fully planned (6.2)", delegate("6.2", "ai_objectives"),
              fix_of("6.2", "ai_objectives")),
    ],
    "8.1": [
        Check("operation_assessed", "Every in-scope AI system's impact assessment approved and current (every check "
              "of 8.4 passes)", clause_passes("8.4"), fix_of("8.4")),
        Check("risks_assessed", "AI risk assessments run with their results (every check of 8.2 passes)",
              clause_passes("8.2"), fix_of("8.2")),
        Check("soa_controls_implemented", "Every applicable control of the approved, current SoA implemented",
              soa_controls_implemented, lambda org: _soa_page(org) + "?applicable=yes"),
        Check("changes_controlled", "Planned changes controlled (6.3)", delegate("6.3", "planned_changes"),
              fix_of("6.3", "planned_changes"), applies=managed_kind("6.3", "planned_changes")),
    ],
    "8.2": [Check("risk_assessment_results", "Results of AI risk assessments")],
    "8.3": [Check("risk_treatment_results", "Results of AI risk treatment")],
    "8.4": [Check("impact_assessment_results", "Results of AI system impact assessments")],
    "9.1": [Check("monitoring_results", "Monitoring and measurement results")],
    "9.2.2": [Check("audit_programme", "Internal audit programme and audit results")],
    "9.3.3": [Check("management_review", "Management review record")],
    "10.2": [Check("nonconformities", "Nonconformities and corrective actions")],
}


#: who registered each (clause, code): replacing a built-in check above is the point of :func:`register`; a second
#: app registering the same code is reported by ``forty2 check`` with both registrants
CHECKS_BY = Registrations("clause checks", skip=(__name__,))


def register(ref: str, check: Check) -> None:
    """Add a check to clause ``ref``, replacing one with the same code (an app now managing that record kind)."""
    CHECKS_BY.note((ref, check.code))
    checks = CHECKS.get(ref, [])
    if any(c.code == check.code for c in checks):  # in place: the parts of a composite clause keep their order
        CHECKS[ref] = [check if c.code == check.code else c for c in checks]
    else:
        CHECKS[ref] = [*checks, check]
