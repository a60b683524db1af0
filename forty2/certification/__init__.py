"""The certification cycle: certification body, stage 1 and stage 2, the decision, the three-year certificate,
surveillance and recertification (ISO/IEC 42001 as audited by a certification body; ISO/IEC 17021-1 practice)."""
