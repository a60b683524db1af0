"""My work: concerns to triage or answer for the people who handle concerns, and incidents whose EU AI Act Art. 73
reporting deadline is running, for their owner, owners and AIMS managers (ISO/IEC 42001 A.3.3, A.8.4)."""

from django.db.models import Q
from django.urls import reverse

from forty2.tenancy.models import Role
from forty2.tenancy.work import WorkItem

from . import reporting
from .access import handles_concerns
from .models import Concern, ConcernStatus, Incident, IncidentStatus

OPEN_CONCERN = (ConcernStatus.RECEIVED, ConcernStatus.TRIAGE, ConcernStatus.INVESTIGATING)


def work(membership) -> list[WorkItem]:
    org, user = membership.organization, membership.user
    items = []
    if handles_concerns(membership):
        for c in (Concern.objects.for_org(org).filter(status__in=OPEN_CONCERN)
                  .filter(Q(status=ConcernStatus.RECEIVED) | Q(owner=user) | Q(owner__isnull=True))
                  .order_by("triage_due", "id")[:100]):
            verb = "Triage" if c.status == ConcernStatus.RECEIVED else "Answer"
            items.append(WorkItem(org, "concern", f"{verb} the {c.get_kind_display().lower()} ‘{c.subject}’",
                                  reverse("incidents:concern_detail", args=[org.slug, c.pk]),
                                  due=c.triage_due if c.status == ConcernStatus.RECEIVED else None,
                                  detail=c.get_status_display()))
    manager = membership.role in (Role.OWNER, Role.AIMS_MANAGER)
    incidents = Incident.objects.for_org(org).exclude(status=IncidentStatus.CLOSED).filter(reported_on__isnull=True)
    if not manager:
        incidents = incidents.filter(owner=user)
    for incident in incidents.prefetch_related("ai_systems").order_by("aware_on", "id")[:100]:
        panel = reporting.panel(incident)
        if not panel["deadline"].applies:
            continue
        what = "Inform the provider and report" if panel["deployer"] else "Report"
        items.append(WorkItem(org, "deadline", f"{what} the AI incident ‘{incident.title}’ (EU AI Act Art. 73)",
                              reverse("incidents:incident_detail", args=[org.slug, incident.pk]),
                              due=panel["deadline"].due, detail=panel["countdown"]["text"]))
    return items
