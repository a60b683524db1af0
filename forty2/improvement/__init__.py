"""Findings, nonconformities with corrective action, and the improvement log (ISO/IEC 42001 10.1, 10.2)."""
