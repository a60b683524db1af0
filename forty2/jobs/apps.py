from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "forty2.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
