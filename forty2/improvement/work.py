"""My work: the next step of each open nonconformity for its owner, corrective actions for their owners, late
steps for owners and AIMS managers, and verifications due for those who may verify (ISO/IEC 42001 10.2)."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from forty2.tenancy.models import Role
from forty2.tenancy.work import WorkItem

from .models import CorrectiveAction, NCState, Nonconformity
from .services import ACTIVE_ACTION, OPEN_NC, independence_problem, late_steps

NEXT = {NCState.OPEN: ("Record the correction of", "correction_due"),
        NCState.CORRECTED: ("Analyse the root cause of", "analysis_due"),
        NCState.ANALYSED: ("Plan the corrective actions of", None),
        NCState.ACTIONS: ("Finish the corrective actions of", None)}


def work(membership) -> list[WorkItem]:
    org, user = membership.organization, membership.user
    today = timezone.localdate()
    manager = membership.role in (Role.OWNER, Role.AIMS_MANAGER)
    verifier = membership.role in (Role.OWNER, Role.AIMS_MANAGER, Role.INTERNAL_AUDITOR)
    items = []
    ncs = Nonconformity.objects.for_org(org).filter(state__in=OPEN_NC).select_related("finding")
    if not manager:
        ncs = ncs.filter(Q(owner=user) | Q(state=NCState.VERIFYING) if verifier else Q(owner=user))
    ncs = list(ncs.order_by("created_at", "id")[:200])
    actions = list(CorrectiveAction.objects.for_org(org).filter(nonconformity__in=[nc.pk for nc in ncs]))
    by_nc: dict[int, list] = {}
    for a in actions:
        by_nc.setdefault(a.nonconformity_id, []).append(a)
    for nc in ncs:
        url = reverse("improvement:nonconformity_detail", args=[org.slug, nc.pk])
        title = f"{nc.reference} ‘{nc.finding.title}’"
        late = late_steps(nc, by_nc.get(nc.pk, []), today)
        if nc.state == NCState.VERIFYING:
            if verifier and not independence_problem(user, nc):
                items.append(WorkItem(org, "verification", f"Verify the effectiveness of {title}", url,
                                      due=nc.verification_due, detail=f"Not before {nc.verify_after.isoformat()}"
                                      if nc.verify_after else ""))
            continue
        if nc.owner_id == user.pk or (manager and late):
            verb, due_attr = NEXT.get(nc.state, ("Take forward", None))
            due = getattr(nc, due_attr) if due_attr else min((d for _s, d in late), default=None)
            detail = "Late: " + "; ".join(s for s, _d in late) if late else nc.get_state_display()
            items.append(WorkItem(org, "nonconformity", f"{verb} {title}", url, due=due, detail=detail))
    for a in (CorrectiveAction.objects.for_org(org).filter(owner=user, status__in=ACTIVE_ACTION)
              .select_related("nonconformity").order_by("due_on", "id")[:100]):
        items.append(WorkItem(org, "corrective_action", f"Corrective action for {a.nonconformity.reference}: "
                                                         f"{a.description[:80]}",
                              reverse("improvement:corrective_action_detail", args=[org.slug, a.pk]),
                              due=a.due_on, detail=a.get_status_display()))
    return items
