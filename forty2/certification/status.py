"""Where the organisation stands on its certification, for the certification page, the API, My work and (later)
the home page and the consultant's portfolio: :func:`summary` gives ``{phase, next_due, certificate}``."""

from django.db.models import Count, Q
from django.utils import timezone

from forty2.improvement.models import Finding, FindingKind
from forty2.records.schemas import output

from . import schedule, services
from .definitions import CERTIFICATION
from .models import Certification, CertificationStatus

_out = output(CERTIFICATION)


def phase(cert: Certification, today=None) -> str:
    """The status as it stands today: a certificate past its expiry is expired even before the daily run says so."""
    today = today or timezone.localdate()
    if cert.status in (CertificationStatus.CERTIFIED, CertificationStatus.SUSPENDED) and cert.expires_on \
            and cert.expires_on <= today:
        return CertificationStatus.EXPIRED
    return cert.status


def due_out(item: schedule.Due, today) -> dict:
    return {"key": item.key, "kind": item.kind, "label": item.label, "due": item.due, "done_on": item.done_on,
            "days_left": schedule.days_left(item.due, today),
            "reminder": None if item.done else schedule.threshold_reached(item.due, today)}


def carried_out(f) -> dict:
    nc = getattr(f, "nonconformity", None)
    return {"id": f.pk, "title": f.title, "kind": f.kind, "audit": f.audit.title if f.audit_id else "",
            "state": nc.state if nc else f.status, "action_plan": services.has_plan(f)}


def detail(org, cert: Certification, today=None) -> dict:
    """The certification as the API gives it: its fields, phase, schedule, next due date, the minor
    nonconformities carried to the next surveillance audit and what still blocks a decision."""
    today = today or timezone.localdate()
    items = services.cycle(org, cert)
    nxt = schedule.next_due(items)
    blockers = services.decision_problems(org) if cert.status in services.BEFORE_CERTIFICATE + (
        CertificationStatus.EXPIRED, CertificationStatus.WITHDRAWN) else []
    return {**_out(cert), "version": cert.version, "phase": phase(cert, today),
            "schedule": [due_out(i, today) for i in items], "next_due": due_out(nxt, today) if nxt else None,
            "carried_over": [carried_out(f) for f in services.carried_over(org)], "decision_blockers": blockers}


def finding_counts(org, audit_ids) -> dict:
    """{audit id: {"major_nc": n, "minor_nc": n, "other": n}} in one query."""
    rows = (Finding.objects.for_org(org).filter(audit_id__in=audit_ids).values("audit_id")
            .annotate(major_nc=Count("id", filter=Q(kind=FindingKind.MAJOR_NC)),
                      minor_nc=Count("id", filter=Q(kind=FindingKind.MINOR_NC)),
                      other=Count("id", filter=~Q(kind__in=(FindingKind.MAJOR_NC, FindingKind.MINOR_NC)))))
    return {r["audit_id"]: {"major_nc": r["major_nc"], "minor_nc": r["minor_nc"], "other": r["other"]}
            for r in rows}


def summary(org, today=None) -> dict:
    """``{"phase", "next_due", "certificate"}``: the phase (planning … certified, suspended, withdrawn, expired),
    the next audit due (``{"label", "due"}`` or None) and the certificate (``{"number", "issued_on",
    "expires_on", "body"}`` or None before a decision)."""
    today = today or timezone.localdate()
    cert = Certification.objects.for_org(org).first()
    if cert is None:
        return {"phase": CertificationStatus.PLANNING, "next_due": None, "certificate": None}
    nxt = schedule.next_due(services.cycle(org, cert))
    return {"phase": phase(cert, today),
            "next_due": {"label": nxt.label, "due": nxt.due} if nxt else None,
            "certificate": {"number": cert.certificate_number, "issued_on": cert.issued_on,
                            "expires_on": cert.expires_on, "body": cert.certification_body}
            if cert.issued_on else None}
