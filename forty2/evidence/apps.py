from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "forty2.evidence"
    label = "evidence"
    verbose_name = "Evidence"
