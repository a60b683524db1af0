from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "forty2.records"
    label = "records"
    verbose_name = "Records kit"
    default_auto_field = "django.db.models.BigAutoField"
