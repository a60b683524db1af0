"""Backup, verify and restore of a whole installation: database and stored files (ISO/IEC 42001 7.5.3)."""
from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "forty2.backup"
    label = "backup"
    verbose_name = "Backup"
