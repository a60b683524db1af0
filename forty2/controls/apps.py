from django.apps import AppConfig


class ControlsConfig(AppConfig):
    name = "forty2.controls"
    label = "controls"
    verbose_name = "Statement of Applicability and clause conformity"

    def ready(self):
        from . import links  # noqa: F401  (evidence may support SoA entries and clause assessments)
