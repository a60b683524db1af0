from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "forty2.records"
    label = "records"
    verbose_name = "Records kit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from forty2.jobs.registry import register_sweep

        from . import staging

        register_sweep("records.import_stages", staging.sweep)  # imports whose process was killed
