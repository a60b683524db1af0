from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "forty2.training"
    label = "training"
    verbose_name = "Training and AI literacy"
