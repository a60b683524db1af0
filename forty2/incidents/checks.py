"""What concerns and incidents let the clause checks see (ISO/IEC 42001 Annex A: A.3.3, A.8.3, A.8.4). Content,
not existence: a channel someone turned on, concerns triaged on time and owned, external reports answered,
incidents closed with their cause and actions, serious incidents on high-risk systems reported in time. Nothing
Forty2 creates passes them: the channel starts off and A.8.4 needs a named handler."""

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from forty2.people.models import RoleAssignment, RoleKind

from . import reporting, services
from .models import Concern, ConcernKind, ConcernStatus, Incident, IncidentStatus

OPEN = (ConcernStatus.RECEIVED, ConcernStatus.TRIAGE, ConcernStatus.INVESTIGATING)


def concerns_handled(org, ctx) -> bool:
    """A.3.3: the channel is on; no concern waits past its triage date; none open for long without an owner."""
    if not services.channel_open(org):
        return False
    today = timezone.localdate()
    concerns = Concern.objects.for_org(org)
    late = concerns.filter(status=ConcernStatus.RECEIVED, triage_due__lt=today)
    ownerless = concerns.filter(status__in=OPEN, owner__isnull=True,
                                received_at__lt=timezone.now() - dt.timedelta(days=services.OWNERLESS_DAYS))
    return not late.exists() and not ownerless.exists()


def external_reports_answered(org, ctx) -> bool:
    """A.8.3: the channel receives external reports, and every one older than the answer period was answered."""
    if not services.channel_open(org):
        return False
    due = timezone.now() - dt.timedelta(days=services.ANSWER_DAYS)
    unanswered = Concern.objects.for_org(org).filter(kind=ConcernKind.EXTERNAL_REPORT, received_at__lt=due).filter(
        Q(answer="") | ~Q(status__in=(ConcernStatus.ANSWERED, ConcernStatus.CLOSED)))
    return not unanswered.exists()


def _handler_named(org) -> bool:
    today = timezone.localdate()
    return RoleAssignment.objects.for_org(org).filter(
        role__kind=RoleKind.CONCERN_HANDLER, role__archived_at__isnull=True, person__archived_at__isnull=True).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=today), Q(end_date__isnull=True) | Q(end_date__gte=today),
    ).exists()


def incident_problems(org, now=None) -> list[str]:
    """Why A.8.4 does not pass, in words (empty when it does)."""
    problems = []
    if not _handler_named(org):
        problems.append("Nobody holds the concern and incident handler role.")
    incidents = Incident.objects.for_org(org).prefetch_related("ai_systems")
    for incident in incidents.filter(status=IncidentStatus.CLOSED).filter(
            Q(root_cause="") | (Q(corrective_actions="") & Q(immediate_actions=""))):
        problems.append(f"‘{incident}’ was closed without its root cause or actions.")
    now = now or timezone.now()
    for incident in incidents.filter(Q(serious=True) | Q(serious__isnull=True)):
        deadline = reporting.deadline_of(incident)
        if not deadline.applies or deadline.due is None:
            continue
        routes = reporting.routes_of(incident)
        deployer_only = bool(routes) and all(r.role == "deployer" for r in routes)
        done_on = incident.provider_informed_on if deployer_only else incident.reported_on
        if done_on is None:
            if now >= deadline.ends_at():
                problems.append(f"‘{incident}’ is past its Art. 73 reporting deadline ({deadline.due.isoformat()}).")
        elif done_on > deadline.due and incident.serious:
            problems.append(f"‘{incident}’ was reported after its Art. 73 deadline.")
    return problems


def incidents_managed(org, ctx) -> bool:
    """A.8.4: a named handler; closed incidents with root cause and actions; serious incidents on high-risk systems
    reported (or, as deployer, the provider informed) by their deadline, and none open past it."""
    return not incident_problems(org)


def register_clause_checks() -> None:
    from forty2.controls.checks import Check, register

    def page(name):
        return lambda org: reverse(f"incidents:{name}", args=[org.slug])

    register("A.3.3", Check("concern_channel", "A channel for concerns, each triaged on time and owned",
                            concerns_handled, page("concern_list")))
    register("A.8.3", Check("external_reports", "External reports received and answered",
                            external_reports_answered, page("channel")))
    register("A.8.4", Check("ai_incidents", "AI incidents handled: cause and actions recorded, serious incidents "
                                            "reported on time", incidents_managed, page("incident_list")))
