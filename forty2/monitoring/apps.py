from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "forty2.monitoring"
    label = "monitoring"
    verbose_name = "AI objectives and monitoring"

    def ready(self):
        """Add objectives, metrics and measurements to the shared faces, the clause checks (6.2, 9.1, A.6.2.6)
        and My work (docs/architecture.md, "Registering an app")."""
        from forty2.api.registry import register_router
        from forty2.records import pages
        from forty2.tenancy.work import register_work
        from forty2.web import registry as web

        from . import checks, faces, work
        from .definitions import MEASUREMENT, METRIC, OBJECTIVE

        checks.register_clause_checks()
        pages.register(faces.OBJECTIVE_PAGES, nav=("Objectives and monitoring", 48))
        pages.register(faces.METRIC_PAGES)
        faces.OBJECTIVE_ACCESS.register_import(OBJECTIVE, "monitoring.import_objectives")
        faces.METRIC_ACCESS.register_import(METRIC, "monitoring.import_metrics")
        if MEASUREMENT is not None:
            faces.MEASUREMENT_ACCESS.register_import(MEASUREMENT, "monitoring.import_measurements",
                                                     update_hint="add each value as a new row")
        web.register_history(
            phrases={"metric.measure": ("recorded measurements of {}", "recorded measurements"),
                     "metric.delete_measurement": ("deleted a measurement of {}", "deleted a measurement"),
                     "metric.respond": ("recorded the response to a breach of {}", "recorded the response to a breach"),
                     "metric.incident": ("opened an incident from a breach of {}", "opened an incident from a breach")},
            subjects={"measurement": "Measurement"},
            short_verbs={"measure": "measured", "delete_measurement": "measurement deleted",
                         "respond": "breach answered", "incident": "incident opened"},
            field_labels={"metric.count": "Measurements", "metric.values": "Values", "metric.first": "From",
                          "metric.last": "To", "metric.sha256": "SHA-256 of the values",
                          "metric.measurement": "Measurement", "metric.reason": "Reason",
                          "metric.response": "Response", "metric.source": "Source", "metric.value": "Value",
                          "metric.measured_at": "Measured at", "metric.incident": "Incident"})
        register_work("monitoring", work.work)
        register_router("/orgs/", "forty2.monitoring.api:router", order=50)
