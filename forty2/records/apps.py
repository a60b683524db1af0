from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "forty2.records"
    label = "records"
    verbose_name = "Records kit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """The worker's sweep of interrupted imports; each record type's owners for the role rules (tenancy sits
        below this kit, so the kit tells it); the declaration checks of ``forty2 check`` (forty2/records/checks.py)."""
        from django.core import checks as django_checks

        from forty2.jobs.registry import register_sweep
        from forty2.tenancy.roles import register_owner_fields
        from forty2.tenancy.work import register_work
        from forty2.web.registry import register_history

        from . import approvals, checks, staging
        from .definition import record_types

        register_sweep("records.import_stages", staging.sweep)  # imports whose process was killed
        types = record_types()
        for rt in types:
            register_owner_fields(rt.model, rt.owner_fields)
        # History reads every record type's events with its declared label ("changed this SoA entry").
        register_history(nouns={key: rt.label for rt in types for key in (rt.name, rt.object_type)})
        django_checks.register(checks.declarations, "forty2")
        register_work("approvals", approvals.work)  # every registered approval waiting or gone stale
