"""Concerns raised by anyone, external reports, and AI incidents with the EU AI Act Art. 73 reporting deadline
(ISO/IEC 42001 A.3.3, A.8.3, A.8.4; EU AI Act Art. 26(5), 73)."""
from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "forty2.incidents"
    label = "incidents"
    verbose_name = "Concerns and AI incidents"

    def ready(self):
        """Add concerns and incidents to the shared faces, the clause checks and My work (docs/architecture.md,
        "Registering an app")."""
        from django.urls import reverse

        from forty2.api.registry import register_router
        from forty2.inventory.models import AISystem
        from forty2.records import pages
        from forty2.records.cli import register_record_kinds
        from forty2.risk.models import Risk
        from forty2.tenancy.work import register_work
        from forty2.web import registry as web

        from . import checks, faces, work

        pages.register(faces.INCIDENT_PAGES)
        pages.register(faces.CONCERN_PAGES)
        faces.INCIDENT_ACCESS.register_import(faces.INCIDENT_PAGES.rt, "incidents.import_incidents")
        faces.CONCERN_ACCESS.register_import(faces.CONCERN_PAGES.rt, "incidents.import_concerns")
        register_record_kinds("incidents", faces.INCIDENT_PAGES.rt, faces.INCIDENT_ACCESS, order=50)
        register_record_kinds("concerns", faces.CONCERN_PAGES.rt, faces.CONCERN_ACCESS, order=51)
        web.register_nav("incidents", "Concerns and incidents", "incidents:incident_list", order=50)
        web.register_history(
            phrases={
                "concern.receive": ("received the concern {} through the public channel",
                                    "received this concern through the public channel"),
                "concern.triage": ("took the concern {} into triage", "took this concern into triage"),
                "concern.investigate": ("started investigating the concern {}", "started investigating this concern"),
                "concern.answer": ("answered the concern {}", "answered this concern"),
                "concern.close": ("closed the concern {}", "closed this concern"),
                "concern.reopen": ("reopened the concern {}", "reopened this concern"),
                "incident.investigate": ("started investigating the AI incident {}",
                                         "started investigating this AI incident"),
                "incident.contain": ("marked the AI incident {} contained", "marked this AI incident contained"),
                "incident.resolve": ("marked the AI incident {} resolved", "marked this AI incident resolved"),
                "incident.close": ("closed the AI incident {}", "closed this AI incident"),
                "incident.reopen": ("reopened the AI incident {}", "reopened this AI incident"),
                "concern_channel.update": "changed the public concern channel",
            },
            subjects={"concern_channel": "Concern channel"},
            field_labels={"concern_channel.enabled": "Channel on", "concern_channel.intro": "Introduction",
                          "triaged_at": "Triaged", "answered_at": "Answered", "closed_at": "Closed"},
            links={"ai_system_ids": AISystem, "risk_ids": Risk})
        web.register_record_url("concernchannel", lambda org, pk: reverse("incidents:channel", args=[org]))
        register_router("/orgs/", "forty2.incidents.api:router", order=50)
        register_router("/public/", "forty2.incidents.api:public_router", order=51)
        register_work("incidents", work.work)
        checks.register_clause_checks()
