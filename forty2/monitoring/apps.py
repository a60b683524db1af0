from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "forty2.monitoring"
    label = "monitoring"
    verbose_name = "AI objectives and monitoring"
