"""OSCAL exports of the AIMS: catalog, profile, SSP, assessment results and POA&M (ISO/IEC 42001 7.5.3)."""
from django.apps import AppConfig


class OscalConfig(AppConfig):
    name = "forty2.oscal"
    label = "oscal"
    verbose_name = "OSCAL"
