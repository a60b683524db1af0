"""Reports an auditor, a board or a certification body reads: PDF, DOCX and XLSX (ISO/IEC 42001 7.5, 9.1)."""
