"""People of the organisation, departments, AIMS roles with responsibilities and authorities, role assignments and
the RACI matrix over the AIMS processes (ISO/IEC 42001 5.3, A.3.2)."""
