"""The certification cycle."""
from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "forty2.certification"
    label = "certification"
    verbose_name = "Certification"

    def ready(self):
        """Register pages, API, checks and My work (docs/architecture.md, "Registering an app")."""
