from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "forty2.inventory"
    label = "inventory"
    verbose_name = "AI system register"

    def ready(self):
        from forty2.jobs.registry import register

        from .jobs import KIND, run_import

        register(KIND, label="AI system import", run=run_import, action="import_records",
                 outcome_template="inventory/_import_job_outcome.html")
