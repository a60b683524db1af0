from django.apps import AppConfig


class CompetenceConfig(AppConfig):
    name = "forty2.competence"
    label = "competence"
    verbose_name = "Competence"
