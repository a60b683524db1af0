"""The internal audit programme and audits: internal, supplier and certification (ISO/IEC 42001 9.2)."""
