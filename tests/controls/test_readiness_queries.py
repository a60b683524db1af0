"""Readiness reads a fixed number of SQL statements, whatever the number of AI systems, risks, evidence items and
findings (issue 19 "Speed", issue 21): counted at two data sizes, never timed (bench/readiness.py times it)."""

import datetime as dt
import difflib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forty2.controls import readiness
from forty2.controls.clauses import ensure_assessments
from forty2.evidence.models import Evidence, EvidenceLink
from forty2.inventory.models import AISystem
from forty2.people.models import AimsRole, Person, RoleAssignment, RoleKind
from forty2.records.models import Approval
from forty2.risk.models import ImpactAssessment, Risk
from forty2.training.models import Course, TrainingRecord
from tests.review.bulk import populate

pytestmark = pytest.mark.django_db


def grow(org, user, n: int, tag: str) -> None:
    """``n`` more AI systems, risks, findings and evidence items, with what links to them: risks on systems,
    evidence on clauses, risks and systems, impact assessments (half approved, some FRIAs), acceptances, people
    holding system roles, trainings."""
    today, now = timezone.localdate(), timezone.now()
    before = set(AISystem.objects.filter(organization=org).values_list("pk", flat=True))
    populate(org, user, systems=n, risks=n, findings=n, tag=tag)
    systems = [pk for pk in AISystem.objects.filter(organization=org).values_list("pk", flat=True)
               if pk not in before]
    risks = list(Risk.objects.filter(organization=org, title__startswith=f"{tag}Risk").values_list("pk", flat=True))
    through = Risk.ai_systems.through
    through.objects.bulk_create([through(risk_id=r, aisystem_id=systems[i % len(systems)])
                                 for i, r in enumerate(risks)])
    AISystem.objects.filter(pk__in=systems[::3]).update(ai_act_tier="high_risk")
    clause_ids = [a.pk for a in ensure_assessments(org).values()]
    evidence = Evidence.objects.bulk_create([
        Evidence(organization=org, title=f"{tag}Evidence {i}", kind="link", url="https://example.com/e",
                 valid_until=today + dt.timedelta(days=i % 20 - 10) if i % 2 else None) for i in range(n)])
    EvidenceLink.objects.bulk_create(
        [EvidenceLink(organization=org, evidence=e, record_type="clause_assessment",
                      object_id=clause_ids[i % len(clause_ids)]) for i, e in enumerate(evidence)]
        + [EvidenceLink(organization=org, evidence=e, record_type="risk", object_id=risks[i % len(risks)])
           for i, e in enumerate(evidence)])
    assessments = ImpactAssessment.objects.bulk_create([
        ImpactAssessment(organization=org, ai_system_id=s, kind="fria" if i % 4 == 0 else "standard",
                         title=f"{tag}Impact {i}", residual_impact="low",
                         next_review=today + dt.timedelta(days=i % 10 - 3)) for i, s in enumerate(systems)])
    Approval.objects.bulk_create(
        [Approval(organization=org, record_type="impact_assessment", object_id=a.pk, kind="approval",
                  subject_version=1, content_hash="x" * 64, approved_by=user, approved_at=now)
         for a in assessments[::2]]
        + [Approval(organization=org, record_type="risk", object_id=r, kind="acceptance", subject_version=1,
                    content_hash="y" * 64, approved_by=user, approved_at=now) for r in risks[::3]])
    Risk.objects.filter(pk__in=risks[::3]).update(acceptance="accepted")
    roles = {kind: AimsRole.objects.get_or_create(organization=org, kind=kind, defaults={"name": str(kind)})[0]
             for kind in (RoleKind.AI_OPERATOR, RoleKind.HUMAN_OVERSIGHT)}
    people = Person.objects.bulk_create([Person(organization=org, name=f"{tag}Person {i}") for i in range(n)])
    RoleAssignment.objects.bulk_create([
        RoleAssignment(organization=org, person=p, ai_system_id=systems[i % len(systems)],
                       role=roles[RoleKind.HUMAN_OVERSIGHT if i % 2 else RoleKind.AI_OPERATOR])
        for i, p in enumerate(people)])
    course = Course.objects.create(organization=org, title=f"{tag}Course", validity_months=12)
    TrainingRecord.objects.bulk_create([
        TrainingRecord(organization=org, person=p, course=course, completed_on=today - dt.timedelta(days=i),
                       expires_on=today + dt.timedelta(days=i % 10 - 1)) for i, p in enumerate(people)])


def statements(call) -> list[str]:
    """The SQL of one call, numbers masked (the first call creates the SoA and the clause assessments)."""
    call()
    with CaptureQueriesContext(connection) as ctx:
        call()
    return [re.sub(r"\d+", "N", q["sql"])[:160] for q in ctx.captured_queries]


def differ(a, b) -> str:
    return "\n".join(difflib.unified_diff(a, b, lineterm="", n=0))


def test_readiness_reads_the_same_number_of_statements_at_3_and_30_rows(owner_api):
    org, user = owner_api.membership.organization, owner_api.membership.user
    grow(org, user, 3, "a")
    small = readiness.compute(org)
    small_sql = [statements(lambda: readiness.compute(org)),
                 statements(lambda: owner_api.get("/orgs/acme/readiness")),
                 statements(lambda: readiness.summary(org))]
    grow(org, user, 30, "b")
    large = readiness.compute(org)
    assert large["blockers"] != small["blockers"]  # the new rows are read (more names and counts in the blockers)
    large_sql = [statements(lambda: readiness.compute(org)),
                 statements(lambda: owner_api.get("/orgs/acme/readiness")),
                 statements(lambda: readiness.summary(org))]
    for before, after in zip(small_sql, large_sql, strict=True):
        assert len(after) == len(before), differ(before, after)


def test_summary_is_the_score_and_the_number_of_blockers(owner):
    org = owner.organization
    grow(org, owner.user, 3, "a")
    full = readiness.compute(org)
    assert readiness.summary(org) == (full["score"], len(full["blockers"]))
