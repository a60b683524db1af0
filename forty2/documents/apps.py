from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "forty2.documents"
    label = "documents"
    verbose_name = "Documents, policies and acknowledgements"

    def ready(self):
        """Add documents to the shared faces, the clause checks and My work (docs/architecture.md, "Registering an
        app")."""
        from forty2.api.registry import register_router
        from forty2.records import pages
        from forty2.tenancy.work import register_work
        from forty2.web import registry as web

        from . import checks, faces, work
        from .definitions import DOCUMENT_VERSION

        checks.register_clause_checks()
        pages.register(faces.DOCUMENT_PAGES, nav=("Documents", 35))
        pages.register(faces.COMMUNICATION_PAGES)
        faces.DOCUMENTS.register_import(faces.DOCUMENT_PAGES.rt, "documents.import_documents")
        faces.COMMUNICATIONS.register_import(faces.COMMUNICATION_PAGES.rt, "documents.import_communications")
        web.register_history(subjects={DOCUMENT_VERSION.name: DOCUMENT_VERSION.label,
                                       "acknowledgement": "Acknowledgement", "transparency": "Transparency page"})
        web.register_record_url("documentversion", lambda org, pk: _version_url(org, pk))
        register_work("documents", work.work)
        register_router("/orgs/", "forty2.documents.api:router", order=35)


def _version_url(org, pk):
    from django.urls import reverse

    from .models import DocumentVersion

    v = DocumentVersion.objects.filter(pk=int(pk), organization__slug=org).only("document_id", "number").first()
    return reverse("documents:version_detail", args=[org, v.document_id, v.number]) if v else None
