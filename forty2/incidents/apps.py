"""Concerns raised by anyone, external reports, and AI incidents with the EU AI Act Art. 73 reporting deadline
(ISO/IEC 42001 A.3.3, A.8.3, A.8.4; EU AI Act Art. 26(5), 73)."""
from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "forty2.incidents"
    label = "incidents"
    verbose_name = "Concerns and AI incidents"
