"""Courses, sessions and per-person training records, AI literacy per AI system and awareness (ISO/IEC 42001 7.2,
7.3; EU AI Act Art. 4 and 26(2))."""
