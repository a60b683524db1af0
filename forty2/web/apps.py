from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "forty2.web"
    label = "web"
    verbose_name = "Web"
