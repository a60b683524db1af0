"""AI objectives, their metrics and measurements, thresholds, breaches and overdue measurements (ISO/IEC 42001 6.2,
9.1, A.6.2.6)."""
