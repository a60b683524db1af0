from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "forty2.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from . import checks  # noqa: F401
