"""Competence requirements per role, evidence of competence per person, the gap view and the actions that close
gaps (ISO/IEC 42001 7.2, A.4.6)."""
