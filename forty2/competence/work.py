"""What competence puts in a person's My work (ISO/IEC 42001 7.2 c): the competence actions they own that are
overdue or due within 14 days, and for AIMS managers and owners the number of people with a gap nobody has
planned an action for (one item, linking to the gap view filtered to gaps)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from forty2.tenancy.roles import can
from forty2.tenancy.work import WorkItem

from . import gaps
from .models import OPEN, CompetenceAction

SOON = dt.timedelta(days=14)


def work(membership) -> list[WorkItem]:
    org, user = membership.organization, membership.user
    today = timezone.localdate()
    items = []
    for a in (CompetenceAction.objects.for_org(org).filter(owner=user, status__in=OPEN, due_date__isnull=False,
                                                           due_date__lte=today + SOON)
              .select_related("person", "requirement").order_by("due_date", "pk")):
        items.append(WorkItem(org, "competence_action",
                              f"{a.get_kind_display()} for {a.person}: {a.requirement}",
                              reverse("competence:action_detail", args=[org.slug, a.pk]), due=a.due_date,
                              detail=f"Competence action, {a.get_status_display().lower()}"))
    if can(membership, "edit_any_record"):
        n = gaps.people_with_unplanned_gaps(org, today)
        if n:
            people = "person lacks" if n == 1 else "people lack"
            items.append(WorkItem(org, "competence_gap",
                                  f"{n} {people} a required competence with no action planned",
                                  reverse("competence:gaps", args=[org.slug]) + "?only_gaps=1&unplanned=1",
                                  detail="Plan training, mentoring or another action for each gap (7.2 c)"))
    return items
