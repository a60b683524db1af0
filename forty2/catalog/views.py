"""Pages of the standards catalog: frameworks, a framework's tree with the organisation's status on each
requirement, a requirement page with its guidance, mappings both ways and pending inferences, and a crosswalk
table (ISO/IEC 42001 4.2, 6.1.3, 9.1). Writes go through :mod:`forty2.catalog.services`.

A requirement whose status another record decides (the SoA for an ISO/IEC 42001 Annex A control, the clause
assessment for a clause: :mod:`forty2.catalog.status_providers`) shows that record's status with its source and a
link, and an edit of it here is sent there: one truth per requirement."""

from collections import Counter

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from forty2.core.errors import Forty2Error, InvalidInput
from forty2.core.queries import org_events
from forty2.web.decorators import org_view
from forty2.web.forms import add_service_errors
from forty2.web.listing import paginate, querystring

from . import inference, queries, services, status_providers
from .forms import InferenceForm, StatusForm
from .models import ConformityStatus, Framework, MappingSet, Relationship, Requirement, StatusSource

NAV = "catalog"


def _framework(slug):
    try:
        return queries.framework(slug)
    except Framework.DoesNotExist:
        raise Http404 from None


def _requirement(slug, ref):
    try:
        return queries.requirement(slug, ref)
    except Requirement.DoesNotExist:
        raise Http404 from None


@org_view()
def index(request, membership):
    org = membership.organization
    progress = queries.progress(org)
    rows = []
    for fw in queries.frameworks():
        counts = progress.get(fw.pk, {})
        if status_providers.has_providers(fw.slug):
            counts = queries.owned_progress(org, fw, counts)
        assessed = sum(n for status, n in counts.items() if status != ConformityStatus.NOT_ASSESSED)
        rows.append({"framework": fw, "assessed": assessed, "counts": counts})
    sets = MappingSet.objects.select_related("source", "target").order_by("target__position", "source__position")
    return render(request, "catalog/index.html", {"rows": rows, "mapping_sets": sets, "nav_active": NAV})


def _tree(nodes, visible, statuses, pending, matched, changed, owned):
    """Nested [{node, status, owned, pending, matched, changed, children}] of the visible nodes, in document
    order; ``changed`` is the source change of a confirmed inference to review, or None; ``owned`` the status
    another record decides (then ``status`` is not shown)."""
    items, by_id = [], {}
    for node in nodes:
        if node.pk not in visible:
            continue
        item = {"node": node, "status": statuses.get(node.pk), "pending": pending.get(node.pk, 0),
                "matched": node.pk in matched, "changed": changed.get(node.pk), "owned": owned.get(node.pk),
                "children": []}
        by_id[node.pk] = item
        parent = by_id.get(node.parent_id)
        (parent["children"] if parent else items).append(item)
    return items


@org_view()
def framework_detail(request, membership, framework):
    fw = _framework(framework)
    org = membership.organization
    filters = {key: request.GET.get(key, "").strip() for key in ("q", "assessable", "status", "pending")}
    nodes = list(queries.requirements(fw))
    statuses = queries.statuses(org, fw)
    owned = status_providers.resolve(org, fw.slug, [n.pk for n in nodes if n.assessable and not n.withdrawn])
    pending = Counter(i.target.pk for i in inference.compute(org, framework=fw) if i.state == "pending")
    changed = {pk: c for pk, c in inference.source_changes(org, statuses.values()).items() if pk not in owned}

    def value(n):
        if n.pk in owned:
            return owned[n.pk].status
        return statuses[n.pk].status if n.pk in statuses else ConformityStatus.NOT_ASSESSED

    choices = list(ConformityStatus.choices)
    if status_providers.has_providers(fw.slug):
        choices += list(status_providers.EXTRA_LABELS.items())
    matched = {n.pk for n in nodes}
    if filters["q"]:
        matched &= {n.pk for n in queries.requirements(fw, q=filters["q"])}
    if filters["assessable"]:
        matched &= {n.pk for n in nodes if n.assessable}
    if filters["status"] in dict(choices):
        wanted = filters["status"]
        matched &= {n.pk for n in nodes if n.assessable and value(n) == wanted}
    if filters["pending"]:
        matched &= set(pending)
    parents = {n.pk: n.parent_id for n in nodes}
    visible = set(matched)
    for pk in matched:
        parent = parents.get(pk)
        while parent is not None and parent not in visible:
            visible.add(parent)
            parent = parents.get(parent)
    assessable = [n for n in nodes if n.assessable]
    counts = Counter(value(n) for n in assessable)
    context = {
        "framework": fw, "tree": _tree(nodes, visible, statuses, pending, matched, changed, owned),
        "filters": filters, "owned_count": len(owned),
        "deciders": sorted({o.decided_in for o in owned.values()}),
        "any_filter": any(filters.values()), "shown": len([n for n in nodes if n.pk in matched and n.assessable]),
        "assessable_total": len(assessable), "pending_total": sum(pending.values()),
        "summary": [(v, label, counts.get(v, 0), status_providers.BADGE.get(v, v)) for v, label in choices],
        "statuses_choices": choices, "nav_active": NAV,
    }
    return render(request, "catalog/framework.html", context)


def _requirement_context(membership, req, form=None):
    org = membership.organization
    status = queries.status_of(org, req)
    owned = status_providers.owner_of(org, req) if req.assessable and not req.withdrawn else None
    may_edit = services.may_set_status(membership, req)
    inferred = status is not None and status.source == StatusSource.INFERRED
    # An inferred status's note is about the inference (often the automatic sentence), not the person's own
    # assessment: never carry it into the form, where saving would store it as their note.
    if form is None and may_edit and req.assessable and owned is None:
        form = StatusForm(initial={"status": status.status if status else ConformityStatus.NOT_ASSESSED,
                                   "note": status.note if status and not inferred else "",
                                   "version": status.version if status else 0})
    unmapped = [(ms, item["note"]) for ms in MappingSet.objects.filter(source=req.framework).select_related("target")
                for item in ms.unmapped if item.get("ref") == req.ref]
    inferences = inference.for_requirement(org, req)
    return {
        "req": req, "framework": req.framework, "ancestors": queries.ancestors(req),
        "children": list(req.children.order_by("position")), "mappings": queries.mappings_of(req),
        "unmapped": unmapped, "status": status, "form": form, "may_edit": may_edit, "owned": owned,
        # a status the catalog held before another record decided it: kept (history, API), no longer counted
        "legacy": status if owned is not None and owned.owner != "clause_assessment" and status is not None
        and status.status != ConformityStatus.NOT_ASSESSED else None,
        "own_note": "" if status is None or (inferred and status.note == inference.inference_note(
            status.inferred_from, status.inferred_relationship)) else status.note,
        "source_change": inference.source_changes(org, [status]).get(req.pk) if inferred else None,
        "inferences": sorted(inferences, key=lambda i: i.state != "pending"),
        "pending": [i for i in inferences if i.state == "pending"],
        "implications": inference.implications_of(org, req) if status else [],
        "history": org_events(org, object_type="requirement", object_id=req.pk)[:30], "nav_active": NAV,
    }


@org_view()
def requirement_detail(request, membership, framework, ref):
    req = _requirement(framework, ref)
    return render(request, "catalog/requirement.html", _requirement_context(membership, req))


def _owned_elsewhere(request, membership, req):
    """A redirect to the record that decides ``req``'s status, with the reason, or None when the catalog does."""
    owned = status_providers.owner_of(membership.organization, req) if req.assessable else None
    if owned is None:
        return None
    messages.error(request, status_providers.refusal(req, owned))
    return redirect(owned.url)


@require_POST
@org_view(services.SET_STATUS)
def requirement_status(request, membership, framework, ref):
    req = _requirement(framework, ref)
    elsewhere = _owned_elsewhere(request, membership, req)
    if elsewhere is not None:
        return elsewhere
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_status(membership, req, status=form.cleaned_data["status"],
                                note=form.cleaned_data["note"], version=form.cleaned_data["version"])
        except Forty2Error as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Status of {req.ref} saved.")
            return redirect("catalog:requirement", org=membership.organization.slug, framework=framework, ref=ref)
    context = _requirement_context(membership, req, form=form)
    return render(request, "catalog/requirement.html", context, status=422)


@require_POST
@org_view(services.SET_STATUS)
def inference_action(request, membership, framework, ref, action):
    if action not in ("confirm", "reject"):
        raise Http404
    req = _requirement(framework, ref)
    if action == "confirm":  # a suggestion for an owned status is taken over where that status is decided
        elsewhere = _owned_elsewhere(request, membership, req)
        if elsewhere is not None:
            return elsewhere
    form = InferenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That inference could not be identified; reload the page and try again.")
    else:
        try:
            source = queries.requirement(form.cleaned_data["from_framework"], form.cleaned_data["from_ref"])
            call = services.confirm_inference if action == "confirm" else services.reject_inference
            call(membership, req, source=source, note=form.cleaned_data["note"])
        except Requirement.DoesNotExist:
            messages.error(request, "The mapped requirement no longer exists.")
        except InvalidInput as exc:
            messages.error(request, "; ".join(e["msg"] for e in exc.errors))
        except Forty2Error as exc:
            messages.error(request, exc.message)
        else:
            label = f"{source.framework.label} {source.ref}"
            messages.success(request, f"Inference from {label} confirmed." if action == "confirm"
                             else f"Inference from {label} rejected.")
    return redirect("catalog:requirement", org=membership.organization.slug, framework=framework, ref=ref)


@org_view()
def mapping_set(request, membership, source, target):
    src, tgt = _framework(source), _framework(target)
    if not MappingSet.objects.filter(source__in=[src, tgt], target__in=[src, tgt]).exists():
        raise Http404
    stored = MappingSet.objects.filter(source=src, target=tgt).first()
    stored = stored or MappingSet.objects.filter(source=tgt, target=src).first()
    relationship = request.GET.get("relationship", "").strip()
    rows = queries.mapping_rows(src, tgt)
    if relationship:
        rows = [r for r in rows if r.relationship == relationship]
    # paged like every list (the NIST crosswalk was one page of 300-odd rows); the filter stays in the URL
    return render(request, "catalog/mapping_set.html", {
        "source": src, "target": tgt, "mapping_set": stored, "page": paginate(request, rows),
        "query": querystring({"relationship": relationship}), "relationship": relationship,
        "reversed": stored.source_id != src.pk, "relationships": Relationship.choices, "nav_active": NAV})
