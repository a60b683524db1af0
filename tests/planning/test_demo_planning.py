"""The demo's plans and planned changes: Acme's plan with actual dates from its records and two planned changes
(one from a risk, approved by a second person and under way; one waiting for approval); Globex's plan in its
documentation phase; a second run adds nothing."""

import pytest

from forty2 import demo
from forty2.planning import plan as plans
from forty2.planning.models import PlannedChange, ProjectPlan
from forty2.records.approvals import state
from forty2.tenancy.models import Organization

pytestmark = pytest.mark.django_db


def test_the_demo_plans_and_changes():
    demo.build(password="demo-test-pass-1")
    acme, globex = Organization.objects.get(slug="acme-health"), Organization.objects.get(slug="globex")
    acme_plan = plans.view(acme)
    assert acme_plan["saved"] and acme_plan["total_weeks"] > 22  # high-risk systems, no management system
    assert any(p.actual_start for p in acme_plan["phases"])
    reasons = " ".join(r for p in acme_plan["phases"] for r in p.reasons)
    assert "high-risk system under the EU AI Act" in reasons
    globex_plan = plans.view(globex)
    assert globex_plan["saved"] and globex_plan["phases"][0].planned_start < globex_plan["phases"][1].planned_end
    changes = {c.status: c for c in PlannedChange.objects.for_org(acme)}
    assert set(changes) == {"proposed", "in_progress"}
    started = changes["in_progress"]
    assert started.risk_id and state("planned_change", started, {}).approval.approved_by != started.created_by
    demo.build(password="demo-test-pass-1")
    assert PlannedChange.objects.for_org(acme).count() == 2 and ProjectPlan.objects.count() == 2
