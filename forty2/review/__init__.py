"""Management review: the input pack frozen when held, attendance, minutes, decisions and actions (ISO/IEC 42001
9.3)."""
