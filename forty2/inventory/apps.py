from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "forty2.inventory"
    label = "inventory"
    verbose_name = "AI system register"
