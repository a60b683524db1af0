"""A consultant's portfolio across organisations and the weekly digest (ISO/IEC 42001 9.1, 9.3)."""
