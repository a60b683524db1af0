"""How the records kit's API routes and pages reach documents and the communication plan (ISO/IEC 42001 5.2,
7.4, 7.5): the kit's list, create and edit pages for documents and communications; a document's own page shows
its versions, and a version's page its content and the steps of its life (forty2/documents/views.py)."""

from django.db.models import Count, Q
from django.utils import timezone

from forty2.records.pages import RecordPages, Section
from forty2.records.routes import Access
from forty2.tenancy.roles import can

from . import services
from .definitions import COMMUNICATION, DOCUMENT
from .models import Document, VersionState


def _document_sections(membership, document):
    versions = list(document.versions.select_related("created_by", "reviewer", "approved_by"))
    in_force = next((v for v in versions if v.state == VersionState.APPROVED), None)
    acks = (in_force.acknowledgements.aggregate(asked=Count("id"), done=Count("id", filter=Q(
        acknowledged_at__isnull=False))) if in_force else None)
    return [Section("documents/_versions.html", {
        "document": document, "versions": versions, "in_force": in_force, "acks": acks,
        "next_review": services.next_review(document, in_force), "working": services.working_version(document),
        "retention_until": services.retention_until(document), "today": timezone.localdate()})]


def _create(membership, data, **initial):
    return services.create_document(membership, data, **initial)


DOCUMENTS = Access(queryset=lambda org: Document.objects.for_org(org).select_related("owner"), create=_create,
                   update=lambda m, obj, data, **kw: services.update_document(m, obj, data, **kw),
                   refuse_delete=lambda doc: "A controlled document is retired, not deleted: its versions are "
                                             "records (7.5.3)." if doc.versions.exclude(
                                                 state=VersionState.DRAFT).exists() else None)
COMMUNICATIONS = Access(queryset=lambda org: COMMUNICATION.model.objects.for_org(org).select_related("responsible"))

DOCUMENT_PAGES = RecordPages(
    DOCUMENT, DOCUMENTS, "documents", name="document", title="Documents", noun="document", nav="documents",
    tabs="documents/_tabs.html", columns=("title", "kind", "owner", "classification"),
    intro="Policies, procedures and plans of the AIMS, each approved by two people, reviewed on time and kept as "
          "long as it must be (ISO/IEC 42001 7.5, A.2).", sections=_document_sections)
COMMUNICATION_PAGES = RecordPages(
    COMMUNICATION, COMMUNICATIONS, "documents", name="communication", title="Communication plan",
    noun="communication", nav="documents", tabs="documents/_tabs.html",
    columns=("audience", "channel", "responsible", "last_sent"),
    intro="What the AIMS communicates, to whom, how, when and by whom, with a record of each sending (7.4).",
    sections=lambda membership, line: [Section("documents/_sendings.html", {
        "line": line, "sendings": line.sendings.select_related("sent_by")[:50],
        "may_send": can(membership, "edit_record", line)})])
