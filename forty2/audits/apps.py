"""The internal audit programme and audits (ISO/IEC 42001 9.2)."""
from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "forty2.audits"
    label = "audits"
    verbose_name = "Internal audit"

    def ready(self):
        """Register pages, API, checks and My work (docs/architecture.md, "Registering an app")."""
        from forty2.api.registry import register_router
        from forty2.inventory.models import AISystem
        from forty2.people.models import Department
        from forty2.records import pages
        from forty2.records.cli import register_record_kinds
        from forty2.tenancy.work import register_work
        from forty2.web import registry as web

        from . import checks, faces, work

        pages.register(faces.AUDIT_PAGES)
        pages.register(faces.PROGRAMME_PAGES)
        faces.AUDIT_ACCESS.register_import(faces.AUDIT_PAGES.rt, "audits.import_audits")
        faces.PROGRAMME_ACCESS.register_import(faces.PROGRAMME_PAGES.rt, "audits.import_programmes")
        register_record_kinds("audit-programmes", faces.PROGRAMME_PAGES.rt, faces.PROGRAMME_ACCESS, order=62)
        register_record_kinds("audits", faces.AUDIT_PAGES.rt, faces.AUDIT_ACCESS, order=63)
        web.register_nav("internal_audit", "Internal audit", "audits:audit_list", order=62)
        web.register_history(
            phrases={
                "audit_programme.activate": ("made the audit programme {} active", "made this audit programme active"),
                "audit_programme.close": ("closed the audit programme {}", "closed this audit programme"),
                "audit_programme.reopen": ("reopened the audit programme {}", "reopened this audit programme"),
                "audit_programme.withdraw_approval": ("withdrew the approval of the audit programme {}",
                                                      "withdrew the approval of this audit programme"),
                "audit.start": ("started the audit {}", "started this audit"),
                "audit.report": ("moved the audit {} to reporting", "moved this audit to reporting"),
                "audit.complete": ("completed the audit {}", "completed this audit"),
                "audit.cancel": ("cancelled the audit {}", "cancelled this audit"),
                "audit.approve_report": ("approved the report of the audit {}", "approved this audit's report"),
                "audit.withdraw_report": ("withdrew the report approval of the audit {}",
                                          "withdrew the approval of this audit's report"),
                "audit.add_auditor": ("added an auditor to the audit {}", "added an auditor to this audit"),
                "audit.update_auditor": ("changed an auditor of the audit {}", "changed an auditor of this audit"),
                "audit.remove_auditor": ("removed an auditor from the audit {}", "removed an auditor from this audit"),
                "audit.regenerate_checklist": ("regenerated the checklist of the audit {}",
                                               "regenerated this audit's checklist"),
                "audit.record_result": ("recorded a checklist result in the audit {}",
                                        "recorded a checklist result"),
            },
            field_labels={f"audit.{k}": v for k, v in {
                "opening_meeting_at": "Opening meeting", "closing_meeting_at": "Closing meeting",
                "auditor": "Auditor", "justification": "Justification", "flags": "Impartiality flags",
                "item": "Checklist item", "result": "Result", "notes": "Objective evidence seen",
                "evidence_ids": "Evidence", "items": "Checklist items", "role": "Role"}.items()},
            links={"ai_system_ids": AISystem, "unit_ids": Department})
        register_router("/orgs/", "forty2.audits.api:router", order=62)
        register_work("audits", work.work)
        checks.register_clause_checks()
