from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "forty2.documents"
    label = "documents"
    verbose_name = "Documents, policies and acknowledgements"
