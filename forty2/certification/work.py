"""My work: the certification audits due within 90 days (or overdue), for owners and AIMS managers, and the minor
nonconformities from stage 2 still without an action plan (ISO/IEC 42001 9.2, 10.2)."""

from django.urls import reverse
from django.utils import timezone

from forty2.tenancy.models import Role
from forty2.tenancy.work import WorkItem

from . import reminders, schedule, services

ROLES = (Role.OWNER, Role.AIMS_MANAGER)


def work(membership) -> list[WorkItem]:
    if membership.role not in ROLES:
        return []
    org = membership.organization
    today = timezone.localdate()
    url = reverse("certification:overview", args=[org.slug])
    items = []
    for item, _threshold in reminders.due_items(org, today):
        left = schedule.days_left(item.due, today)
        detail = f"{-left} days overdue" if left < 0 else f"{left} days left"
        items.append(WorkItem(org, "certification", f"Hold the {item.label[0].lower()}{item.label[1:]} with the "
                                                    f"certification body", url, due=item.due, detail=detail))
    for f in services.carried_over(org):
        if not services.has_plan(f):
            items.append(WorkItem(org, "certification", f"Give the minor nonconformity ‘{f.title}’ an action plan",
                                  url, detail="A corrective action with an owner and a due date"))
    return items
