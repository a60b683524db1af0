"""The certification project plan and timeline, and the planning of changes to the AIMS (ISO/IEC 42001 6.3)."""
