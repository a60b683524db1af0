"""Which SoA controls a risk or an impact assessment justifies (ISO/IEC 42001 6.1.3 f: the risks and impact
assessments that call for a control), linked and unlinked from the risk's or the assessment's own page through
the SoA's service (``controls.services.link_justification``), as ``POST /api/v1/orgs/{org}/soa/{ref}/links`` does:
nobody is told to use the API for it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect

from forty2.controls import services as soa
from forty2.controls.models import JustificationLink, SoAEntry
from forty2.core.errors import Forty2Error
from forty2.tenancy.roles import can
from forty2.web.decorators import org_view

from .models import ImpactAssessment, Risk

#: justification kind → (model, page, the link view's URL name)
KINDS = {"risk": (Risk, "risk:risk_detail", "risk:risk_soa_link"),
         "impact_assessment": (ImpactAssessment, "risk:ia_detail", "risk:ia_soa_link")}


def soa_links(membership, record_type: str, obj) -> dict:
    """The context of ``risk/_soa_links.html``: the controls ``obj`` justifies, and the controls this member may
    link it to (entries they may edit: owners and AIMS managers any, a contributor those they own)."""
    org = membership.organization
    links = list(JustificationLink.objects.for_org(org).filter(record_type=record_type, object_id=obj.pk)
                 .select_related("entry").order_by("entry__position", "entry__ref"))
    linked = {link.entry_id for link in links}
    entries = [e for e in SoAEntry.objects.for_org(org).select_related("requirement").order_by("position", "ref")
               if e.pk not in linked and can(membership, "edit_record", e)] if can(membership, "create_record") \
        else []
    return {"soa_links": links, "soa_choices": entries, "soa_url": KINDS[record_type][2], "soa_object": obj,
            "may_unlink": {link.pk for link in links if can(membership, "edit_record", link.entry)}}


def _target(membership, kind, pk):
    if kind not in KINDS:
        raise Http404
    model, page, _url = KINDS[kind]
    obj = model.objects.for_org(membership.organization).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj, page


@org_view("create_record")
def soa_link(request, membership, kind, pk):
    """POST ``entry`` (an SoA entry's id), ``note``: this record justifies that control; ``unlink`` (a link's id)
    removes one. Back to the record's page with what happened."""
    obj, page = _target(membership, kind, pk)
    org = membership.organization
    if request.method == "POST":
        try:
            if request.POST.get("unlink", "").isdigit():
                link = JustificationLink.objects.for_org(org).filter(
                    pk=int(request.POST["unlink"]), record_type=kind, object_id=obj.pk).select_related("entry").first()
                if link is None:
                    raise Http404
                soa.unlink_justification(membership, link.entry, link.pk)
                messages.success(request, f"No longer linked to {link.entry.ref} {link.entry.title}.")
            else:
                entry_id = request.POST.get("entry", "")
                entry = SoAEntry.objects.for_org(org).filter(pk=int(entry_id)).first() if entry_id.isdigit() else None
                if entry is None:
                    messages.error(request, "Choose the control this justifies.")
                else:
                    soa.link_justification(membership, entry, kind, obj.pk, request.POST.get("note", ""))
                    messages.success(request, f"Linked to {entry.ref} {entry.title} in the Statement of "
                                              "Applicability.")
        except Forty2Error as exc:
            messages.error(request, exc.message)
    return redirect(page, org=org.slug, pk=obj.pk)
