"""Reports an auditor, a board or a certification body reads: PDF, DOCX and XLSX (ISO/IEC 42001 7.5, 9.1)."""
from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "forty2.reports"
    label = "reports"
    verbose_name = "Reports"
