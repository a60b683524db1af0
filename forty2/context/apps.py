from django.apps import AppConfig


class ContextConfig(AppConfig):
    name = "forty2.context"
    label = "context"
    verbose_name = "Context, interested parties and scope"

    def ready(self):
        """Add the context records to the shared faces and the clause checks (docs/architecture.md,
        "Registering an app")."""
        from forty2.api.registry import register_router
        from forty2.records import pages
        from forty2.records.cli import register_record_kinds
        from forty2.web import registry as web

        from . import checks, faces

        checks.register_clause_checks()
        cli_names = {"issues": "context-issues", "parties": "interested-parties", "legal": "legal-requirements",
                     "exclusions": "scope-exclusions", "aims-risks": "aims-risks"}
        for prefix, p in faces.PAGES.items():
            pages.register(p)
            p.access.register_import(p.rt, f"context.import_{p.name}")
            register_record_kinds(cli_names[prefix], p.rt, p.access, order=60)
        web.register_nav("context", "Context and scope", "context:overview", order=15)
        register_router("/orgs/", "forty2.context.api:router", order=15)
