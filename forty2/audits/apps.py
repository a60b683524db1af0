"""The internal audit programme and audits (ISO/IEC 42001 9.2)."""
from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "forty2.audits"
    label = "audits"
    verbose_name = "Internal audit"

    def ready(self):
        """Register pages, API, checks and My work (docs/architecture.md, "Registering an app")."""
