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


def requirement_url(org_slug: str, pk: str) -> str | None:
    """The page of the requirement an audit event names (its framework and ref, one query)."""
    from django.urls import reverse

    from .models import Requirement

    found = Requirement.objects.filter(pk=int(pk)).values_list("framework__slug", "ref").first()
    return reverse("catalog:requirement", args=[org_slug, *found]) if found else None


class CatalogConfig(AppConfig):
    name = "forty2.catalog"
    label = "catalog"
    verbose_name = "Catalog"

    def ready(self):
        """Load the shipped catalog after ``migrate``; register what the catalog adds to the shared faces
        (docs/architecture.md, "Registering an app")."""
        from forty2.api.registry import register_router
        from forty2.tenancy.work import register_work
        from forty2.web import registry as web

        from . import work


        web.register_nav("catalog", "Standards catalog", "catalog:index", order=90)
        web.register_history(
            phrases={"catalog.import": "imported the catalog {}",
                     "catalog.load_text": "loaded licensed text into {}",
                     "catalog.clear_text": "removed the licensed text from {}",
                     "requirement_status.set": "set the status of {}",
                     "requirement_status.confirm_inference": "confirmed the inferred status of {}",
                     "requirement_status.reject_inference": "rejected the inferred status of {}"},
            subjects={"catalog": "Standards catalog", "requirement_status": "Requirement status"},
            short_verbs={"load_text": "licensed text loaded", "clear_text": "licensed text removed",
                         "set": "status set", "confirm_inference": "inference confirmed",
                         "reject_inference": "inference rejected"},
            field_labels={"inference": "Inference", "from": "Inferred from", "from_status": "Its status",
                          "requirement_status.provenance": "Mapping source"},
            choices_of={"from_status": "inferred_from_status", "relationship": "inferred_relationship"},
            diff_suffixes=(".set", ".confirm_inference"),
            plain_keys=("inference",),
        )
        register_router("/catalog/", "forty2.catalog.api:router", order=90)
        register_router("/orgs/", "forty2.catalog.api:org_router", order=90)
        post_migrate.connect(load_shipped_catalog, sender=self, dispatch_uid="forty2.catalog.load_shipped")
        register_work("catalog", work.work)
        web.register_record_url("requirement", requirement_url)
