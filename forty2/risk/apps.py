from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "forty2.risk"
    label = "risk"
    verbose_name = "AI risks and impact assessments"

    def ready(self):
        from forty2.records.writes import record_changed

        from . import receivers

        record_changed.connect(receivers.flag_on_system_change, dispatch_uid="risk-reassessment")

        from forty2.inventory.management.commands._common import EXPORT_KINDS, IMPORT_KINDS

        from .cli import ExportRisks, ImportRisks

        IMPORT_KINDS["risks"], EXPORT_KINDS["risks"] = ImportRisks(), ExportRisks()

        from .wording import register_history_wording

        register_history_wording()
