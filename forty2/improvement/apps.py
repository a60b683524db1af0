"""Findings, nonconformities and corrective action, continual improvement (ISO/IEC 42001 10.1, 10.2)."""
from django.apps import AppConfig


def _name_refs() -> None:
    """The records a finding names (an audit, its checklist item, an AI incident, a concern, an SoA entry) are
    shown by their title in history, exports and imports: ``LINK_LABEL`` where their app set none."""
    from forty2.audits.models import Audit, AuditItem
    from forty2.controls.models import SoAEntry
    from forty2.incidents.models import Concern, Incident

    for model, label in ((Audit, "title"), (AuditItem, "title"), (Incident, "title"), (Concern, "subject"),
                         (SoAEntry, "ref")):
        if not hasattr(model, "LINK_LABEL"):
            model.LINK_LABEL = label


class ImprovementConfig(AppConfig):
    name = "forty2.improvement"
    label = "improvement"
    verbose_name = "Nonconformity and improvement"

    def ready(self):
        """Register pages, API, checks, readiness blockers and My work (docs/architecture.md, "Registering an
        app")."""
        _name_refs()
        from . import loop

        loop.register()  # the improvement log, its 10.1 check and the links into other apps (closing the loop)
