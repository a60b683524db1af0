from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "forty2.portfolio"
    label = "portfolio"
    verbose_name = "Portfolio"

    def ready(self):
        """The portfolio draws the home page of a member of several organisations and serves
        ``GET /api/v1/portfolio`` (docs/architecture.md, "Registering an app")."""
        from forty2.api.registry import register_router
        from forty2.web import registry as web

        from . import views

        web.register_portfolio_page(views.page)
        web.register_history(phrases={"user.digest_preference": "changed the weekly digest choice of {}"})
        register_router("/portfolio", "forty2.portfolio.api:router", order=4)
