"""Clause check 10.1 (continual improvement), on the content of the improvement log.

An auditor looks for improvement actually pursued, not a list: at least one entry a person accepted — planned it
(which needs an owner and a due date) — within the last twelve months and that is planned, in progress or done;
and no entry past its due date. Entries the log received on its own (from an opportunity or a closed
nonconformity) and nobody took up do not count, and an empty log fails: Forty2 creates nothing that passes.
"""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from forty2.controls.checks import Check
from forty2.core.models import AuditEvent

from .log_services import ACCEPTED, OPEN
from .models import Improvement

#: how far back an accepted entry counts
WINDOW = dt.timedelta(days=365)


def accepted_recently(org, now=None) -> int:
    """The number of entries planned, in progress or done that a person planned within :data:`WINDOW`, or marked
    done within it (one query each)."""
    now = now or timezone.now()
    live = Improvement.objects.for_org(org).filter(archived_at__isnull=True, status__in=ACCEPTED)
    planned = set(AuditEvent.objects.filter(
        organization=org, object_type="improvement", action="improvement.plan", actor__isnull=False,
        created_at__gte=now - WINDOW).values_list("object_id", flat=True))
    ids = set(live.filter(done_on__gte=timezone.localdate(now) - WINDOW).values_list("pk", flat=True))
    ids |= set(live.filter(pk__in=[int(p) for p in planned if p.isdigit()]).values_list("pk", flat=True))
    return len(ids)


def overdue(org, today=None):
    today = today or timezone.localdate()
    return Improvement.objects.for_org(org).filter(archived_at__isnull=True, status__in=OPEN, due_on__lt=today)


def improvement_log_kept(org, ctx) -> bool:
    """10.1: improvement accepted by a person within the last twelve months, and none overdue."""
    return accepted_recently(org) > 0 and not overdue(org).exists()


IMPROVEMENT_LOG = Check(
    "improvement_log", "Improvement log with improvements a person planned in the last twelve months, none "
    "overdue", improvement_log_kept, lambda org: reverse("improvement_log:improvement_list", args=[org.slug]))
