from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "forty2.inventory"
    label = "inventory"
    verbose_name = "AI system register"

    def ready(self):
        """What the register adds to the shared faces (docs/architecture.md, "Registering an app")."""
        from forty2.api.registry import register_router
        from forty2.web import registry as web

        from . import api, api_io, dashboard
        from .models import AIModel, AIRole, Dataset, Supplier

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
            field_labels={
                "lifecycle_stage": "Life cycle stage", "ai_roles": "AI roles", "model_ids": "Models",
                "dataset_ids": "Datasets", "supplier_ids": "Suppliers", "business_owner": "Business owner",
                "technical_owner": "Technical owner", "deployment_context": "Where and how it is used",
                "affected_people": "Who is affected", "automation": "Degree of automation",
                "personal_data_notes": "Notes on personal data", "model_version": "Version",
                "update_existing": "Updated existing systems", "rows": "Rows", "source": "Source",
            },
            value_labels={"ai_roles": dict(AIRole.choices)},
            links={"model_ids": AIModel, "dataset_ids": Dataset, "supplier_ids": Supplier},
        )
        register_router("/orgs/", api_io.router, order=20)
        register_router("/orgs/", api.router, order=20)
