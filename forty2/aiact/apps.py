from django.apps import AppConfig


class AiactConfig(AppConfig):
    name = "forty2.aiact"
    label = "aiact"
    verbose_name = "AI Act"
