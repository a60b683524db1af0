"""The certification project plan and planned changes (ISO/IEC 42001 6.3)."""
from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "forty2.planning"
    label = "planning"
    verbose_name = "Plan and changes"

    def ready(self):
        """Register pages, API, checks and My work (docs/architecture.md, "Registering an app")."""
