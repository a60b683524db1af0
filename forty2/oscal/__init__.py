"""OSCAL exports of the AIMS: catalog, profile, SSP, assessment results and POA&M (ISO/IEC 42001 7.5.3)."""
