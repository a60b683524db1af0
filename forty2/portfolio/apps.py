"""A consultant's portfolio across organisations and the weekly digest (ISO/IEC 42001 9.1, 9.3)."""
from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "forty2.portfolio"
    label = "portfolio"
    verbose_name = "Portfolio"
