from django.apps import AppConfig


class ContextConfig(AppConfig):
    name = "forty2.context"
    label = "context"
    verbose_name = "Context, interested parties and scope"

    def ready(self):
        """Add the context records' clause checks (docs/architecture.md, "Registering an app")."""
        from . import checks

        checks.register_clause_checks()
