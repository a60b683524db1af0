"""Backup, verify and restore of a whole installation: database and stored files (ISO/IEC 42001 7.5.3)."""
