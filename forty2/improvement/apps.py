"""Findings, nonconformities and corrective action, continual improvement (ISO/IEC 42001 10.1, 10.2)."""
from urllib.parse import urlencode

from django.apps import AppConfig


def finding_link(org_slug: str, item) -> str:
    """The "Raise a finding" link of an audit checklist item: the finding form filled from the item."""
    from django.urls import reverse

    from .models import FindingKind

    query = {"audit": item.audit_id, "audit_item": item.pk, "requirement_ref": item.ref}
    if item.result in FindingKind.values:
        query["kind"] = item.result
    return reverse("improvement:finding_create", args=[org_slug]) + "?" + urlencode(query)


def _wire_audit_checklist() -> None:
    try:
        from forty2.audits import hooks
    except ImportError:  # the audits app without its hooks (an older branch): no link on the checklist
        return
    hooks.FINDING_LINK = finding_link


class ImprovementConfig(AppConfig):
    name = "forty2.improvement"
    label = "improvement"
    verbose_name = "Nonconformity and improvement"

    def ready(self):
        """Register pages, API, checks, readiness blockers and My work (docs/architecture.md, "Registering an
        app")."""
        from forty2.api.registry import register_router
        from forty2.controls.readiness import register_blockers
        from forty2.records import pages
        from forty2.records.cli import RecordExport, register_kind, register_record_kinds
        from forty2.tenancy.work import register_work
        from forty2.web import registry as web

        from . import checks, faces, work

        _wire_audit_checklist()
        pages.register(faces.FINDING_PAGES)
        pages.register(faces.NC_PAGES)
        pages.register(faces.ACTION_PAGES)
        faces.FINDING_ACCESS.register_import(faces.FINDING_PAGES.rt, "improvement.import_findings")
        faces.ACTION_ACCESS.register_import(faces.ACTION_PAGES.rt, "improvement.import_corrective_actions")
        register_record_kinds("findings", faces.FINDING_PAGES.rt, faces.FINDING_ACCESS, order=63)
        register_kind("export", RecordExport("nonconformities", faces.NC_PAGES.rt, faces.NC_ACCESS), order=64)
        register_record_kinds("corrective-actions", faces.ACTION_PAGES.rt, faces.ACTION_ACCESS, order=65)
        web.register_nav("nonconformities", "Nonconformities", "improvement:nonconformity_list", order=63)
        phrases = {
            "nonconformity.create": ("opened the nonconformity {}", "opened this nonconformity"),
            "nonconformity.correct": ("recorded the correction of the nonconformity {}", "recorded the correction"),
            "nonconformity.analyse": ("recorded the root cause of the nonconformity {}", "recorded the root cause"),
            "nonconformity.start_actions": ("started the corrective actions of the nonconformity {}",
                                            "started the corrective actions"),
            "nonconformity.submit": ("sent the nonconformity {} for verification", "sent it for verification"),
            "nonconformity.close": ("verified the nonconformity {} effective and closed it",
                                    "verified it effective and closed it"),
            "nonconformity.ineffective_actions": ("found the nonconformity {} not effective: more actions",
                                                  "found it not effective: more actions"),
            "nonconformity.ineffective_analysis": ("found the nonconformity {} not effective: cause analysed again",
                                                   "found it not effective: cause to analyse again"),
            "nonconformity.reopen": ("reopened the nonconformity {}", "reopened this nonconformity"),
            "nonconformity.reopen_analysis": ("reopened the nonconformity {} at the cause analysis",
                                              "reopened it at the cause analysis"),
            "corrective_action.start": ("started the corrective action {}", "started this corrective action"),
            "corrective_action.done": ("marked the corrective action {} done", "marked this corrective action done"),
            "corrective_action.cancel": ("cancelled the corrective action {}", "cancelled this corrective action"),
            "corrective_action.reopen": ("reopened the corrective action {}", "reopened this corrective action"),
            "finding.close": ("closed the finding {}", "closed this finding"),
            "finding.reopen": ("reopened the finding {}", "reopened this finding"),
        }
        web.register_history(
            phrases=phrases,
            field_labels={"corrected_at": "Corrected", "analysed_at": "Cause analysed", "verified_at": "Verified",
                          "verified_by": "Verified by", "verify_after": "Verification not before",
                          "verification_due": "Verification due", "root_cause": "Root cause (structured)",
                          "cause_summary": "Root cause", "similar_elsewhere": "Similar elsewhere (10.2 b)",
                          "similar_note": "Similar elsewhere: note", "reopened_count": "Times reopened",
                          "effective": "Effective", "verification_note": "Verification", "done_at": "Done",
                          "raised_by": "Raised by"})
        register_router("/orgs/", "forty2.improvement.api:router", order=63)
        register_work("improvement", work.work)
        register_blockers(checks.open_major_blockers)
        checks.register_clause_checks()
        from . import loop

        loop.register()  # the improvement log, its 10.1 check and the links into other apps (closing the loop)
