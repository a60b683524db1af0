from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "forty2.files"
    label = "files"
    verbose_name = "Stored files"
