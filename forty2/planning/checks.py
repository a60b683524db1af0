"""What planned changes let the clause check of ISO/IEC 42001 6.3 see. Content, not existence: every change under
way, or done in the last twelve months, was approved before it started (an approval recorded no later than its
start) and has its purpose and potential consequences recorded. An organisation that recorded no planned change
at all does not pass: 6.3 asks for changes to be planned, and nothing shows that they are."""

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from forty2.records.models import Approval

from .changes import RT
from .models import ChangeStatus, PlannedChange

WINDOW_DAYS = 365


def change_problems(org) -> list[str]:
    """Why 6.3 does not pass, in plain words (empty when it does)."""
    changes = PlannedChange.objects.for_org(org).filter(archived_at__isnull=True)
    if not changes.exists():
        return ["No planned change is recorded: 6.3 needs changes to the AIMS to be planned (purpose, potential "
                "consequences, resources, responsibilities) and approved before they are made."]
    since = timezone.now() - dt.timedelta(days=WINDOW_DAYS)
    judged = list(changes.filter(Q(status=ChangeStatus.IN_PROGRESS) | Q(status=ChangeStatus.DONE, done_at__gte=since))
                  .order_by("id"))
    first_approval = {}
    for object_id, at in Approval.objects.filter(organization_id=org.pk, record_type=RT, kind="approval",
                                                 object_id__in=[c.pk for c in judged]).values_list(
                                                     "object_id", "approved_at").order_by("approved_at"):
        first_approval.setdefault(object_id, at)
    problems = []
    for change in judged:
        approved = first_approval.get(change.pk)
        if approved is None or (change.started_at and approved > change.started_at):
            problems.append(f"‘{change}’ started without an approval given before it started.")
        missing = [label for name, label in (("purpose", "purpose"), ("consequences", "potential consequences"))
                   if not getattr(change, name).strip()]
        if missing:
            problems.append(f"‘{change}’ has no {' and no '.join(missing)} recorded.")
    return problems


def changes_planned(org, ctx) -> bool:
    """6.3: changes are planned and approved before they are made (see :func:`change_problems`)."""
    return not change_problems(org)


def register_clause_checks() -> None:
    from forty2.controls.checks import Check, register

    register("6.3", Check("planned_changes", "Changes to the AIMS planned: purpose and potential consequences "
                                             "recorded, approved before they start", changes_planned,
                          lambda org: reverse("planning:change_list", args=[org.slug])))
