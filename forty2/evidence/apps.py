from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "forty2.evidence"
    label = "evidence"
    verbose_name = "Evidence"

    def ready(self):
        """Evidence in the navigation, history and API (docs/architecture.md, "Registering an app")."""
        from django.urls import reverse

        from forty2.api.registry import register_router
        from forty2.tenancy.work import register_work
        from forty2.web import registry as web

        from . import work

        web.register_nav("evidence", "Evidence", "evidence:list", order=45)
        web.register_history(
            # "linked the evidence …", "fulfilled this evidence request": generated from the definitions
            phrases={"evidence.new_version": "uploaded a new file of {}"},
            subjects={"evidence": "Evidence", "evidence_request": "Evidence request"},
        )
        web.register_record_url("evidence", lambda org, pk: reverse("evidence:detail", args=[org, int(pk)]))
        register_router("/orgs/", "forty2.evidence.api:router", order=45)
        web.register_record_url("evidencerequest", lambda org, pk: reverse("evidence:request_detail",
                                                                           args=[org, int(pk)]))
        register_work("evidence", work.work)
