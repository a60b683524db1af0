import datetime as dt

import pytest
from django.utils import timezone

from forty2.audits.models import Audit, AuditStatus
from forty2.improvement.models import ActionStatus, CorrectiveAction, Finding, NCState, Nonconformity
from forty2.tenancy.models import Role


def days_ago(n):
    return timezone.localdate() - dt.timedelta(days=n)


@pytest.fixture
def manager(member):
    return member(Role.AIMS_MANAGER, email="manager@acme.example")


@pytest.fixture
def make_audit(acme):
    """make_audit(kind, completed_days_ago=None, org=acme) -> an Audit (completed when days are given)."""

    def make(kind, completed=None, org=None, status=None):
        day = days_ago(completed) if completed is not None else timezone.localdate() + dt.timedelta(days=30)
        done = completed is not None
        return Audit.objects.create(
            organization=org or acme, kind=kind, title=f"{kind} audit", planned_start=day, planned_end=day,
            status=status or (AuditStatus.COMPLETED if done else AuditStatus.PLANNED),
            completed_at=timezone.make_aware(dt.datetime.combine(day, dt.time(12))) if done else None)

    return make


@pytest.fixture
def make_nc(acme, manager):
    """make_nc(audit, kind="major_nc", state="open", plan=False) -> Finding with its Nonconformity."""

    def make(audit, kind="major_nc", state=NCState.OPEN, plan=False, title=None):
        f = Finding.objects.create(organization=acme, kind=kind, title=title or f"{kind} {audit.kind}", audit=audit)
        nc = Nonconformity.objects.create(organization=acme, finding=f, severity=kind, state=state)
        if plan:
            CorrectiveAction.objects.create(organization=acme, nonconformity=nc, description="Fix the cause",
                                            owner=manager.user, due_on=timezone.localdate() + dt.timedelta(days=60),
                                            status=ActionStatus.OPEN)
        return f

    return make


@pytest.fixture
def ready(make_audit):
    """Stage 1 held 60 days ago and stage 2 held 30 days ago."""
    return make_audit("stage1", 60), make_audit("stage2", 30)
