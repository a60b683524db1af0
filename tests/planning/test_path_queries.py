"""The path to certification reads a fixed number of queries whatever the organisation holds (issue #19 item 9):
the API route and the function behind the overview panel, measured at two sizes of the same organisation."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forty2.audits.models import Audit, AuditKind, AuditStatus
from forty2.evidence.models import Evidence
from forty2.planning import path as path_of
from forty2.planning import plan as plans
from forty2.risk import services as risks
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


def _count(call) -> int:
    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


def _grow(org, manager, system, people, start, n):
    """n more AI systems (high-risk), risks on them, people, completed internal audits and expired evidence."""
    now = timezone.now()
    for i in range(start, start + n):
        s = system(f"System {i}", tier="high_risk")
        risks.create_risk(manager, {"title": f"Risk {i}", "ai_system_ids": [s.pk], "inherent_likelihood": "5",
                                    "inherent_consequence": "5"})
        Audit.objects.create(organization=org, kind=AuditKind.INTERNAL, title=f"Audit {i}",
                             status=AuditStatus.COMPLETED, completed_at=now)
        Evidence.objects.create(organization=org, title=f"Evidence {i}", kind="link", url="https://x.example",
                                valid_until=timezone.localdate() - dt.timedelta(days=3), created_at=now,
                                updated_at=now)
    people(n)


def test_the_path_takes_a_fixed_number_of_queries(api_as, manager, system, people, acme):
    owner = api_as(Role.OWNER)
    plans.create(manager)
    _grow(acme, manager, system, people, 0, 2)
    owner.get("/orgs/acme/path")  # warm: caches filled once per process (catalog titles, the token's first use)
    few_api = _count(lambda: owner.get("/orgs/acme/path"))
    few = _count(lambda: path_of.path(owner.membership))
    _grow(acme, manager, system, people, 2, 12)
    assert _count(lambda: path_of.path(owner.membership)) == few
    assert _count(lambda: owner.get("/orgs/acme/path")) == few_api
    assert owner.get("/orgs/acme/path").json_body["readiness_blockers"] > 0  # the grown data is read


def test_the_overview_page_panel_takes_a_fixed_number_of_queries(member, manager, system, people, acme):
    from django.test import Client

    owner = member(Role.OWNER)
    client = Client()
    client.force_login(owner.user)
    _grow(acme, manager, system, people, 0, 2)
    client.get("/o/acme/")
    few = _count(lambda: client.get("/o/acme/"))
    _grow(acme, manager, system, people, 2, 12)
    assert _count(lambda: client.get("/o/acme/")) == few
