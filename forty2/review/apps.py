"""Management review (ISO/IEC 42001 9.3)."""
from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "forty2.review"
    label = "review"
    verbose_name = "Management review"

    def ready(self):
        """Register pages, API, checks and My work (docs/architecture.md, "Registering an app")."""
