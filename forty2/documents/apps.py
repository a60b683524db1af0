from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "forty2.documents"
    label = "documents"
    verbose_name = "Documents, policies and acknowledgements"

    def ready(self):
        """Add the documents' clause checks (docs/architecture.md, "Registering an app")."""
        from . import checks

        checks.register_clause_checks()
