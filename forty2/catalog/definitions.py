"""The organisation's standing on a requirement, declared for the records kit (ISO/IEC 42001 9.1, 6.1.3)."""

from forty2.records.definition import Field, RecordType

from .models import RequirementStatus

REQUIREMENT_STATUS = RecordType(
    model=RequirementStatus, name="requirement_status", label="Requirement status", plural="requirement statuses",
    default_ordering="requirement__position",
    fields=[
        Field("status", "Status", "Where the organisation stands on this requirement (9.1 evaluation).",
              required=True, filter=True, sort=True),
        Field("note", "Note", "How it is met, or what is missing; the evidence to look at.", rows=3,
              max_length=5000),
        Field("source", "How it was reached", "Assessed by a person, inferred from a mapping, or imported.",
              read_only=True, filter=True),
    ],
)
