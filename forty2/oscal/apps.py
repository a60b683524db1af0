"""OSCAL exports of the AIMS: catalog, profile, SSP, assessment results and POA&M (ISO/IEC 42001 7.5.3)."""
from django.apps import AppConfig


class OscalConfig(AppConfig):
    name = "forty2.oscal"
    label = "oscal"
    verbose_name = "OSCAL"

    def ready(self):
        """Register the API route, the ``forty2 export oscal`` kind and the history wording
        (docs/architecture.md, "Registering an app")."""
        from forty2.api.registry import register_router
        from forty2.records.cli import register_kind
        from forty2.web import registry as web

        from .cli import ExportOscal

        register_router("/orgs/", "forty2.oscal.api:router", order=90)
        register_kind("export", ExportOscal(), order=95)
        web.register_history(phrases={"oscal.export": ("exported the {}", "exported an OSCAL document of it")},
                             subjects={"oscal": "OSCAL export"})
