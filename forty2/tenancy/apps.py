from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "forty2.tenancy"
    label = "tenancy"
    verbose_name = "Tenancy"
