from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "forty2.catalog"
    label = "catalog"
    verbose_name = "Catalog"
