import datetime as dt

import pytest
from django.utils import timezone

from forty2.audits.models import Audit, AuditStatus
from forty2.certification import services as certification
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Role

CONSULTANT = "consultant@example.org"


def days_ago(n):
    return timezone.localdate() - dt.timedelta(days=n)


def audit(org, kind, completed_days_ago):
    day = days_ago(completed_days_ago)
    return Audit.objects.create(organization=org, kind=kind, title=f"{kind} audit", planned_start=day,
                                planned_end=day, status=AuditStatus.COMPLETED,
                                completed_at=timezone.make_aware(dt.datetime.combine(day, dt.time(12))))


@pytest.fixture
def consultant(acme, globex):
    """A consultant: AIMS manager of Acme (certified 400 days ago: its first surveillance audit is overdue) and
    of Globex (still planning); a stranger owns Initech, which the consultant is not a member of."""
    mine = tenancy.add_member(acme, email=CONSULTANT, role=Role.AIMS_MANAGER)
    tenancy.add_member(globex, email=CONSULTANT, role=Role.AIMS_MANAGER)
    audit(acme, "stage1", 460), audit(acme, "stage2", 430)
    certification.record_event(mine, "decision", date=days_ago(400), certificate_number="AIMS-1")
    initech = tenancy.create_organization(slug="initech", name="Initech")
    tenancy.add_member(initech, email="stranger@initech.example", role=Role.OWNER)
    return mine.user


from tests.browser.conftest import _browser_pool, browser_for  # noqa: E402,F401 - the Chromium fixtures (test_browser.py)
