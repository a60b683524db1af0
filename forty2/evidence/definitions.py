"""Evidence and evidence requests, declared once for the records kit (ISO/IEC 42001 7.5, 9.1, 9.2)."""

from forty2.records.definition import Field, RecordType

from .models import Evidence, EvidenceRequest

EVIDENCE = RecordType(
    model=Evidence, name="evidence", label="Evidence", plural="evidence", default_ordering="title",
    fields=[
        Field("title", "Title", "What this shows, e.g. 'Model validation report, sepsis model v2.3'.", required=True,
              sort=True, search=True),
        Field("description", "Description", "What it proves and for which period (7.5.2).", rows=3, search=True),
        Field("url", "Link", "For link evidence: where the record lives (a ticket, a wiki page, a repository)."),
        Field("owner", "Owner", "Who keeps it current (A.3.2)."),
        Field("effective_date", "Effective date", "When the evidence took effect, e.g. the date a report was "
              "signed; may differ from the upload date.", sort=True),
        Field("valid_until", "Valid until", "When it expires and must be renewed; expired evidence blocks "
              "certification readiness.", sort=True),
        Field("kind", "Kind", "A file or a link.", read_only=True, filter=True),
    ],
)

EVIDENCE_REQUEST = RecordType(
    model=EvidenceRequest, name="evidence_request", label="Evidence request", default_ordering="due_date",
    fields=[
        Field("title", "What is needed", "E.g. 'Bias test results for the CV screening model'.", required=True),
        Field("description", "Details", "What would satisfy the request and where it will be used.", rows=3),
        Field("assignee", "Asked of", "The member who should provide it; they see it on their dashboard."),
        # required, but checked by the service: the kit puts min_length on required fields, which a date cannot take
        Field("due_date", "Due by", "When it is needed.", sort=True),
        Field("status", "Status", "", read_only=True, filter=True),
    ],
)
