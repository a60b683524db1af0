from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "forty2.inventory"
    label = "inventory"
    verbose_name = "AI system register"

    def ready(self):
        """What the register adds to the shared faces (docs/architecture.md, "Registering an app")."""
        from django.urls import reverse

        from forty2.api.registry import register_router
        from forty2.records import pages
        from forty2.records.cli import register_kind
        from forty2.tenancy.work import register_work
        from forty2.web import registry as web

        from . import dashboard, faces
        from .cli import ExportAiSystems, ImportAiSystems
        from .definitions import AI_SYSTEM, LINKED
        from .jobs import register as register_import_job
        from .models import AIModel, Dataset, Supplier

        web.register_nav("ai_systems", "AI systems", "inventory:system_list", order=20)
        web.register_dashboard_panel("open_register", "inventory/_dashboard_action.html", dashboard.open_register,
                                     region="actions", order=20)
        web.register_dashboard_panel("register", "inventory/_dashboard_register.html", dashboard.register_figures,
                                     order=20)
        web.register_dashboard_panel("awaiting_approval", "inventory/_dashboard_awaiting.html",
                                     dashboard.awaiting_approval, region="columns", order=20)
        web.register_portfolio_figures("ai_systems", ("AI systems", "Awaiting approval"),
                                       dashboard.portfolio_figures, order=20)
        web.register_history(
            phrases={"ai_system.create": "created {}", "ai_system.update": "changed {}",
                     "ai_system.approve": "approved {}", "ai_system.archive": "archived {}",
                     "ai_system.import": "imported AI systems ({})"},
            subjects={"ai_system": "AI system", "aimodel": "AI model", "dataset": "Dataset", "supplier": "Supplier"},
            # Labels and choice labels come from the record definitions (one declaration per field).
            field_labels={**{f.name: f.title for rt in (*LINKED.values(), AI_SYSTEM) for f in rt.fields},
                          "update_existing": "Updated existing systems", "rows": "Rows", "source": "Source"},
            value_labels={f.name: dict(f.choices.choices) for f in AI_SYSTEM.fields
                          if f.kind == "multi" and f.choices is not None},
            links={"model_ids": AIModel, "dataset_ids": Dataset, "supplier_ids": Supplier},
        )
        register_router("/orgs/", "forty2.inventory.api_io:router", order=20)
        register_router("/orgs/", "forty2.inventory.api:router", order=20)
        register_work("inventory", dashboard.work)
        web.register_record_url("aisystem", lambda org, pk: reverse("inventory:system_detail", args=[org, int(pk)]))
        register_import_job()
        for kind, linked_pages in faces.PAGES.items():  # models, datasets, suppliers: the records kit's faces
            pages.register(linked_pages)
            linked_pages.access.register_import(linked_pages.rt, f"inventory.import_{kind}")
        register_kind("import", ImportAiSystems(), order=20)
        register_kind("export", ExportAiSystems(), order=20)
