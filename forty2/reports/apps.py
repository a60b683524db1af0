"""Reports an auditor, a board or a certification body reads: PDF, DOCX and XLSX (ISO/IEC 42001 7.5, 9.1)."""
from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "forty2.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self):
        """The Reports page in the navigation and the API router (docs/architecture.md, "Registering an app")."""
        from forty2.api.registry import register_router
        from forty2.web import registry as web

        from . import kinds  # noqa: F401 - registers the kinds

        web.register_nav("reports", "Reports", "reports:index", action="export_records", order=68)
        register_router("/orgs/", "forty2.reports.api:router", order=68)
        # download buttons on the pages of the records a one-record report is about
        for object_type, kind, title in (("audit", "audit", "Audit report"),
                                         ("managementreview", "review", "Minutes and input pack")):
            web.register_record_section(object_type, f"report_{kind}", "reports/_record_downloads.html",
                                        _downloads(kind, title), order=900)


def _downloads(kind: str, title: str):
    def context(request, membership, obj):
        from forty2.tenancy.roles import can

        from . import render, services

        if not can(membership, services.ACTION):
            return None
        return {"org": membership.organization, "kind": kind, "title": title, "obj_id": obj.pk,
                "formats": render.FORMATS}
    return context
