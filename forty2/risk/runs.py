"""Risk assessment runs (ISO/IEC 42001 8.2 AI risk assessment at planned intervals, 8.3 treatment; 7.5
documented information): a dated assessment over a scope whose results are frozen as a record, and what changed
since the previous run."""

from django.utils import timezone

from forty2.records import writes

from . import methodology as methodologies
from .definitions import RUN
from .models import Risk, RiskAssessmentRun
from .services import acceptance_word

COMPARED = ("title", "inherent_level", "residual_level", "status", "acceptance", "owner", "reassessment_due")


def _results(org, systems) -> list[dict]:
    qs = Risk.objects.for_org(org).select_related("owner", "methodology").order_by("pk")
    if systems:
        qs = qs.filter(ai_systems__in=systems).distinct()
    return [{"id": r.pk, "title": r.title, "inherent_level": r.inherent_level or None,
             "residual_level": r.residual_level or None, "status": r.status, "acceptance": acceptance_word(r) or None,
             "owner": r.owner.email if r.owner_id else None, "methodology": r.methodology.number,
             "reassessment_due": r.reassessment_due,
             "next_review": r.next_review.isoformat() if r.next_review else None} for r in qs]


def compare(before: list[dict], after: list[dict]) -> dict:
    """{added: [..], removed: [..], changed: [{id, title, fields: {field: [old, new]}}]} between two runs."""
    old = {r["id"]: r for r in before}
    new = {r["id"]: r for r in after}
    changed = []
    for pk in sorted(old.keys() & new.keys()):
        fields = {k: [old[pk].get(k), new[pk].get(k)] for k in COMPARED if old[pk].get(k) != new[pk].get(k)}
        if fields:
            changed.append({"id": pk, "title": new[pk]["title"], "fields": fields})
    return {"added": [{"id": pk, "title": new[pk]["title"]} for pk in sorted(new.keys() - old.keys())],
            "removed": [{"id": pk, "title": old[pk]["title"]} for pk in sorted(old.keys() - new.keys())],
            "changed": changed}


class RunRules(writes.Rules):
    def before_save(self, write):
        run, org = write.obj, write.org
        if run.performed_on is None:
            run.performed_on = timezone.localdate()
        systems = write.cleaned.get("ai_system_ids") or []
        run.results = _results(org, systems)
        run.previous = RiskAssessmentRun.objects.for_org(org).order_by("-performed_on", "-pk").first()
        run.changes = compare(run.previous.results if run.previous else [], run.results)

    def after_diff(self, write):
        run = write.obj
        write.changes.update(risks=len(run.results), previous=run.previous_id,
                             added=len(run.changes["added"]), removed=len(run.changes["removed"]),
                             changed=len(run.changes["changed"]))


def create_run(membership, data: dict) -> RiskAssessmentRun:
    """Freeze the register's results over the scope (all AI systems when none is chosen)."""
    return writes.create(RUN, membership, data, rules=RunRules(),
                         methodology=methodologies.current(membership.organization))


def summary(run: RiskAssessmentRun) -> dict:
    counts = {}
    for r in run.results:
        key = r["residual_level"] or r["inherent_level"] or "not_scored"
        counts[key] = counts.get(key, 0) + 1
    return counts
