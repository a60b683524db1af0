"""Findings, nonconformities and corrective action, continual improvement (ISO/IEC 42001 10.1, 10.2)."""
from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "forty2.improvement"
    label = "improvement"
    verbose_name = "Nonconformity and improvement"

    def ready(self):
        """Register pages, API, checks, readiness blockers and My work (docs/architecture.md, "Registering an
        app")."""
        from . import loop

        loop.register()  # the improvement log, its 10.1 check and the links into other apps (closing the loop)
