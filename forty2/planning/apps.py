"""The certification project plan and planned changes (ISO/IEC 42001 6.3)."""
from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "forty2.planning"
    label = "planning"
    verbose_name = "Plan and changes"

    def ready(self):
        """Register pages, API, checks and My work (docs/architecture.md, "Registering an app")."""
        from django.urls import reverse

        from forty2.api.registry import register_router
        from forty2.improvement.models import Nonconformity
        from forty2.records import pages
        from forty2.records.cli import register_record_kinds
        from forty2.review.models import ReviewAction
        from forty2.risk.models import Risk
        from forty2.tenancy.work import register_work
        from forty2.web import registry as web

        from . import checks, faces, path, work

        pages.register(faces.PAGES)
        faces.ACCESS.register_import(faces.PAGES.rt, "planning.import_changes")
        register_record_kinds("changes", faces.PAGES.rt, faces.ACCESS, order=60)
        web.register_nav("plan", "Plan and changes", "planning:plan", order=12)
        # the path to certification leads the overview page (issue #19 item 9): first in the main region
        web.register_dashboard_panel("path", "planning/_path_panel.html", path.panel, region="main", order=1)
        web.register_history(
            phrases={
                "project_plan.create": "created the project plan",
                "project_plan.update": "changed the project plan",
                "project_plan.re_estimate": "estimated the project plan again",
                "planned_change.approve": ("approved the planned change {}", "approved this planned change"),
                "planned_change.reject": ("rejected the planned change {}", "rejected this planned change"),
                "planned_change.start": ("started the planned change {}", "started this planned change"),
                "planned_change.complete": ("marked the planned change {} done", "marked this planned change done"),
                "planned_change.reopen": ("proposed the planned change {} again", "proposed this planned change again"),
            },
            subjects={"project_plan": "Project plan"},
            field_labels={"start_on": "Start", "declared_certificates": "Certificates declared",
                          "keep_manual": "Dates set by a person kept", "weeks": "Weeks"},
            links={"review_action": ReviewAction, "nonconformity": Nonconformity, "risk": Risk})
        web.register_record_url("projectplan", lambda org, pk: reverse("planning:plan", args=[org]))
        register_router("/orgs/", "forty2.planning.api:router", order=60)
        register_work("planning", work.work)
        work.register_approvals()
        checks.register_clause_checks()
        from forty2.certification.services import decision_date

        from .actuals import register_decision

        register_decision(decision_date)  # the "certification decision" actual: the certification record's date
