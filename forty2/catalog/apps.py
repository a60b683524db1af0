from django.apps import AppConfig
from django.db.models.signals import post_migrate


def load_shipped_catalog(sender, app_config=None, apps=None, using="default", **kwargs):
    """After ``migrate`` (and after a test flush): load or upgrade the shipped frameworks and crosswalks.

    Skipped when the catalog tables are not (or not yet fully) migrated, e.g. ``migrate catalog zero``."""
    from django.apps import apps as current_apps

    if apps is not None:
        for model in current_apps.get_app_config("catalog").get_models():
            try:
                state = apps.get_model("catalog", model.__name__)
            except LookupError:
                return
            if {f.column for f in state._meta.concrete_fields} != {f.column for f in model._meta.concrete_fields}:
                return
    from .loader import sync_shipped

    sync_shipped()


class CatalogConfig(AppConfig):
    name = "forty2.catalog"
    label = "catalog"
    verbose_name = "Catalog"

    def ready(self):
        post_migrate.connect(load_shipped_catalog, sender=self, dispatch_uid="forty2.catalog.load_shipped")
