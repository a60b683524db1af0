from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "forty2.incidents"
    label = "incidents"
    verbose_name = "Concerns and AI incidents"
