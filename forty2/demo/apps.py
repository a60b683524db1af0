from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo organisations and the ``forty2 demo`` command; the top layer, which may use every app."""

    name = "forty2.demo"
    label = "demo"
    verbose_name = "Demo"
