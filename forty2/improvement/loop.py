"""Closing the loop (ISO/IEC 42001 10.1, 10.2, 9.1, A.8.4): the improvement log and the nonconformities reach into
the apps below them, which know nothing of this one.

- Findings against a clause or an SoA entry show on its page, and while a nonconformity on it is open it counts as
  nonconforming (clauses) or not implemented (controls) — :mod:`forty2.controls.findings_hook`.
- An AI incident, a metric whose latest value breaches its threshold, or a concern opens a nonconformity in one
  step (:func:`open_nonconformity`): the finding with the record as its source, the requirement and the objective
  evidence prefilled, and its nonconformity; the record's page then shows it.
- The improvement log is fed by opportunity-for-improvement findings and closed nonconformities (the kit's
  ``record_changed`` signal, :func:`forty2.improvement.log_services.on_record_changed`).
- Overdue improvements wait in their owner's My work; clause 10.1 is checked on the log's content.

:func:`register` does all of it from the app's ``ready()``.
"""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from forty2.controls.findings_hook import FindingRow
from forty2.core.errors import Forty2Error, InvalidInput, field_error
from forty2.incidents.models import Concern, Incident
from forty2.monitoring import status as metric_status
from forty2.monitoring.models import Metric
from forty2.tenancy.models import Role
from forty2.tenancy.work import WorkItem
from forty2.web.decorators import org_view

from .models import Finding, FindingSource, Improvement, NCState, Nonconformity

#: what a record opens a nonconformity against when nobody says otherwise
DEFAULT_REQUIREMENT = {FindingSource.INCIDENT: "A.8.4", FindingSource.METRIC_BREACH: "9.1",
                       FindingSource.CONCERN: "A.3.3"}
#: the finding's link to its source record
SOURCE_FIELD = {FindingSource.INCIDENT: "incident", FindingSource.METRIC_BREACH: "metric",
                FindingSource.CONCERN: "concern"}
SOURCE_MODEL = {FindingSource.INCIDENT: Incident, FindingSource.METRIC_BREACH: Metric,
                FindingSource.CONCERN: Concern}


def _url(name, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def nc_url(org, nc) -> str:
    return _url("improvement:nonconformity_detail", org.slug, nc.pk)


def finding_url(org, finding) -> str:
    return _url("improvement:finding_detail", org.slug, finding.pk)


# --- findings against clauses and controls (forty2.controls.findings_hook) -------------------------------------------

def findings_for(org, ref: str) -> list[FindingRow]:
    """The findings against a clause or control ref (or its SoA entry), open ones first, in one query."""
    qs = (Finding.objects.for_org(org).filter(Q(requirement_ref=ref) | Q(soa_entry__ref=ref))
          .select_related("nonconformity").order_by("status", "-raised_on", "-id")[:50])
    rows = []
    for f in qs:
        nc = getattr(f, "nonconformity", None) if f.kind in ("major_nc", "minor_nc") else None
        state = nc.get_state_display() if nc is not None else f.get_status_display()
        is_open = (nc.state != NCState.CLOSED) if nc is not None else f.status == "open"
        rows.append(FindingRow(f.title, f.get_kind_display(), state, is_open, f.raised_on,
                               nc_url(org, nc) if nc is not None else finding_url(org, f)))
    return rows


def nonconforming_refs(org) -> set[str]:
    """The clause and control refs with a nonconformity still open, in one query."""
    refs = set()
    for ref, entry_ref in (Nonconformity.objects.for_org(org).exclude(state=NCState.CLOSED)
                           .values_list("finding__requirement_ref", "finding__soa_entry__ref")):
        refs.update(r for r in (ref, entry_ref) if r)
    return refs


# --- one step from an incident, a metric breach or a concern to a nonconformity ------------------------------------

def _record(org, source: str, pk):
    model = SOURCE_MODEL.get(source)
    if model is None:
        raise InvalidInput([field_error("source", "One of: incident, metric_breach, concern.", "enum")])
    obj = model.objects.for_org(org).filter(pk=pk).first() if isinstance(pk, int) and 0 < pk < 2**63 else None
    if obj is None:
        raise Http404(f"No such {model._meta.verbose_name}.")
    return obj


def prefill(source: str, obj) -> dict:
    """The finding's title, requirement and objective evidence, taken from the record."""
    today = timezone.localdate().isoformat()
    if source == FindingSource.INCIDENT:
        lines = [f"AI incident ‘{obj.title}’ ({obj.get_severity_display().lower()} severity), became aware on "
                 f"{obj.aware_on.isoformat()}, status {obj.get_status_display().lower()}."]
        lines += [f"{label}: {text.strip()}" for label, text in (
            ("What happened", obj.description), ("People affected", obj.people_affected),
            ("Root cause", obj.root_cause)) if text and text.strip()]
        title = f"AI incident: {obj.title}"
    elif source == FindingSource.METRIC_BREACH:
        latest = obj.latest_value
        lines = [f"Metric ‘{obj.name}’: the latest value {latest} (measured {obj.latest_at:%Y-%m-%d}) breaches the "
                 f"threshold {obj.breach_threshold}; read on {today}."]
        title = f"Metric breach: {obj.name}"
    else:
        lines = [f"{obj.get_kind_display()} ‘{obj.subject}’ received on {obj.received_at:%Y-%m-%d}."]
        if obj.outcome.strip():
            lines.append(f"Outcome: {obj.outcome.strip()}")
        title = f"{obj.get_kind_display()}: {obj.subject}"
    return {"title": title[:200], "requirement_ref": DEFAULT_REQUIREMENT[source],
            "objective_evidence": "\n".join(lines)[:10000]}


def _systems(source: str, obj) -> list[int]:
    if source == FindingSource.INCIDENT:
        return list(obj.ai_systems.values_list("pk", flat=True))
    return [obj.ai_system_id] if getattr(obj, "ai_system_id", None) else []


def open_nonconformity(membership, source: str, pk, data: dict | None = None) -> Nonconformity:
    """Raise a nonconformity finding from an incident, a metric in breach or a concern, with its
    :class:`Nonconformity`, in one transaction (10.2). ``data`` may give ``kind`` (major_nc, minor_nc; default
    minor), ``title``, ``requirement_ref`` and ``objective_evidence``; the rest comes from the record. A metric
    whose latest value is not a breach is refused (422 naming ``metric``)."""
    from . import services  # the nonconformity services: same app, built beside this module

    org = membership.organization
    obj = _record(org, source, pk)
    if source == FindingSource.METRIC_BREACH and metric_status.of(obj) != metric_status.BREACH:
        raise InvalidInput([field_error("metric", "The metric's latest value is not a breach: there is no "
                                        "nonconformity to open from it.", "value_error")])
    data = {k: v for k, v in (data or {}).items() if v not in (None, "")}
    kind = data.get("kind", "minor_nc")
    if kind not in ("major_nc", "minor_nc"):
        raise InvalidInput([field_error("kind", "One of: major_nc, minor_nc.", "enum")])
    finding = {**prefill(source, obj), **{k: data[k] for k in ("title", "requirement_ref", "objective_evidence")
                                         if k in data},
               "kind": kind, "source": source, SOURCE_FIELD[source]: obj.pk, "ai_system_ids": _systems(source, obj)}
    raised = services.raise_finding(membership, finding)
    return Nonconformity.objects.for_org(org).get(finding=raised)


def linked(org, source: str, obj) -> list[dict]:
    """The findings and nonconformities raised from this record, for its page."""
    rows = (Finding.objects.for_org(org).filter(**{SOURCE_FIELD[source]: obj})
            .select_related("nonconformity").order_by("-raised_on", "-id")[:20])
    out = []
    for f in rows:
        nc = getattr(f, "nonconformity", None) if f.kind in ("major_nc", "minor_nc") else None
        out.append({"title": f.title, "kind": f.get_kind_display(), "ref": f.requirement_ref,
                    "state": nc.get_state_display() if nc is not None else f.get_status_display(),
                    "open": (nc.state != NCState.CLOSED) if nc is not None else f.status == "open",
                    "url": nc_url(org, nc) if nc is not None else finding_url(org, f)})
    return out


def _section(source: str):
    """A record section for the incident / metric / concern page: its nonconformities and the one-step form."""
    def context(request, membership, obj):
        from . import services

        if membership is None:
            return None
        org = membership.organization
        found = linked(org, source, obj)
        offer = services.may_raise(membership) and not any(f["open"] for f in found)
        if source == FindingSource.METRIC_BREACH:
            offer = offer and metric_status.of(obj) == metric_status.BREACH
            if not found and not offer:
                return None
        form = prefill(source, obj) if offer else {}
        return {"loop": {"linked": found, "offer": offer, "form": form, "source": source,
                         "action": reverse(f"improvement_log:open_nc_{source}", args=[org.slug, obj.pk])}}
    return context


def _open_view(source: str):
    @require_POST
    @org_view()
    def view(request, membership, pk):
        org = membership.organization
        obj = _record(org, source, pk)
        data = {k: request.POST.get(k, "").strip() for k in ("kind", "title", "requirement_ref",
                                                             "objective_evidence")}
        try:
            nc = open_nonconformity(membership, source, obj.pk, data)
        except Forty2Error as exc:
            text = " ".join(e["msg"] for e in exc.errors) if isinstance(exc, InvalidInput) else exc.message
            messages.error(request, f"No nonconformity was opened: {text}")
            back = _url(_DETAIL[source], org.slug, obj.pk) or "/"
            return redirect(back)
        messages.success(request, f"Nonconformity ‘{nc}’ opened.")
        return redirect(nc_url(org, nc) or _url(_DETAIL[source], org.slug, obj.pk))

    view.__name__ = f"open_nc_{source}"
    return view


_DETAIL = {FindingSource.INCIDENT: "incidents:incident_detail", FindingSource.METRIC_BREACH: "monitoring:metric_detail",
           FindingSource.CONCERN: "incidents:concern_detail"}

open_from_incident = _open_view(FindingSource.INCIDENT)
open_from_metric = _open_view(FindingSource.METRIC_BREACH)
open_from_concern = _open_view(FindingSource.CONCERN)


# --- My work ----------------------------------------------------------------------------------------------------------

def work(membership) -> list[WorkItem]:
    """Overdue improvements, for their owner (and, for those without an owner, the AIMS managers)."""
    from .log_services import OPEN

    org, user = membership.organization, membership.user
    today = timezone.localdate()
    qs = Improvement.objects.for_org(org).filter(archived_at__isnull=True, status__in=OPEN, due_on__lt=today)
    if membership.role in (Role.OWNER, Role.AIMS_MANAGER):
        qs = qs.filter(Q(owner=user) | Q(owner__isnull=True))
    else:
        qs = qs.filter(owner=user)
    return [WorkItem(org, "improvement", f"Carry out the improvement ‘{i.title}’ (10.1)",
                     reverse("improvement_log:improvement_detail", args=[org.slug, i.pk]), due=i.due_on,
                     detail=i.get_status_display())
            for i in qs.order_by("due_on", "id")[:100]]


# --- registration -------------------------------------------------------------------------------------------------

def register() -> None:
    """Everything the improvement log and the loop add to the shared faces (called from ``ready()``)."""
    from forty2.api.registry import register_router
    from forty2.controls import checks as clause_checks
    from forty2.controls.findings_hook import register_open_findings
    from forty2.records import pages
    from forty2.records.cli import register_record_kinds
    from forty2.records.writes import record_changed
    from forty2.tenancy.work import register_work
    from forty2.web import registry as web

    from . import log, log_checks, log_services

    pages.register(log.PAGES, nav=("Improvement", 64))
    register_record_kinds("improvements", log.IMPROVEMENT, log.ACCESS, order=64)
    register_router("/orgs/", "forty2.improvement.log_api:router", order=64)
    web.register_history(phrases={
        "improvement.plan": ("planned the improvement {}", "planned this improvement"),
        "improvement.start": ("started the improvement {}", "started this improvement"),
        "improvement.complete": ("marked the improvement {} done", "marked this improvement done"),
        "improvement.reject": ("rejected the improvement {}", "rejected this improvement"),
        "improvement.reopen": ("reopened the improvement {}", "reopened this improvement"),
    }, field_labels={"improvement.done_on": "Done on"})
    register_work("improvements", work)
    clause_checks.register("10.1", log_checks.IMPROVEMENT_LOG)
    register_open_findings(findings_for, nonconforming_refs)
    record_changed.connect(log_services.on_record_changed, sender=Finding,
                           dispatch_uid="improvement.log.from_finding")
    record_changed.connect(log_services.on_record_changed, sender=Nonconformity,
                           dispatch_uid="improvement.log.from_nonconformity")
    for object_type, source, order in (("incident", FindingSource.INCIDENT, 60),
                                       ("metric", FindingSource.METRIC_BREACH, 60),
                                       ("concern", FindingSource.CONCERN, 60)):
        web.register_record_section(object_type, "nonconformity", "improvement/_loop_section.html",
                                    _section(source), order=order)


def urlpatterns() -> list:
    """The one-step forms of the incident, metric and concern pages (included by :mod:`forty2.improvement.urls`)."""
    from django.urls import path

    return [path("from/incident/<int:pk>/nonconformity", open_from_incident, name="open_nc_incident"),
            path("from/metric/<int:pk>/nonconformity", open_from_metric, name="open_nc_metric_breach"),
            path("from/concern/<int:pk>/nonconformity", open_from_concern, name="open_nc_concern")]
