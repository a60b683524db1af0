"""Documents, their versions and the communication plan, declared once for the records kit (ISO/IEC 42001 5.2,
7.4, 7.5, A.2.2-A.2.4); see docs/architecture.md, "Adding a record type"."""

from forty2.records.definition import Field, RecordType

from .models import Communication, Document, DocumentVersion, TransparencyPage

DOCUMENT = RecordType(
    model=Document, name="document", label="Document", unique=("reference",), default_ordering="reference",
    fields=[
        Field("reference", "Reference", "A short unique code, e.g. 'POL-01' (7.5.2 identification).",
              required=True, sort=True, search=True),
        Field("title", "Title", "For example 'AI policy'.", required=True, sort=True, search=True),
        Field("kind", "Kind", "Policy, procedure, plan, external document …", filter=True, sort=True),
        Field("purpose", "Purpose", "What the document is for and the clauses or controls it serves.", rows=3,
              search=True),
        Field("owner", "Owner", "Who keeps it current and reviews it on time (7.5.3, A.2.4)."),
        Field("classification", "Classification", "Who may read it (7.5.3 protection).", filter=True,
              widget="inline"),
        Field("review_interval_months", "Review every (months)", "How often it is reviewed (A.2.4).",
              minimum=1, maximum=60, keep_when_blank=True),
        Field("retention_years", "Keep for (years)", "How long a retired version is kept before disposal "
              "(7.5.3 retention and disposition).", minimum=0, maximum=100, keep_when_blank=True),
        Field("related_ids", "Related policies", "Other organisational policies this one touches: information "
              "security, privacy, quality (A.2.3).", attr="related", column="related", out="related"),
        Field("publisher", "Publisher", "External documents: who issues it (a standards body, a regulator, a "
              "supplier)."),
        Field("external_version", "Issue or version", "External documents: the edition you hold."),
        Field("external_url", "Link", "External documents: where the current edition is published."),
    ],
    fieldsets=[
        ("Document", "What it is and who owns it (ISO/IEC 42001 7.5.2).",
         ["reference", "title", "kind", "purpose", "owner", "classification"]),
        ("Review and retention", "When it is reviewed and how long it is kept (7.5.3, A.2.4).",
         ["review_interval_months", "retention_years", "related_ids"]),
        ("External documents", "Standards, laws and supplier documentation you rely on (7.5.3).",
         ["publisher", "external_version", "external_url"]),
    ],
)

DOCUMENT_VERSION = RecordType(
    model=DocumentVersion, name="document_version", label="Document version", default_ordering="-number",
    fields=[
        Field("body", "Content", "Markdown: headings with #, lists with -, links as [text](https://…).", rows=24),
        Field("change_summary", "What changed", "A sentence on what this version changes and why (7.5.2).",
              rows=2),
        Field("reviewer", "Reviewer", "Who reviews it before approval; not the author, not the approver "
              "(A.2.4, four eyes)."),
    ],
)

COMMUNICATION = RecordType(
    model=Communication, name="communication", label="Communication", default_ordering="subject",
    fields=[
        Field("subject", "What", "What is communicated, e.g. 'AI policy to all staff'.", required=True, sort=True,
              search=True),
        Field("audience", "With whom", "People, roles or interested parties.", required=True, search=True),
        Field("channel", "How", "Intranet, e-mail, induction, board pack, public website …"),
        Field("timing", "When", "When or how often, e.g. 'on approval and at induction'."),
        Field("responsible", "By whom", "Who makes sure it goes out (7.4 e)."),
        Field("document_ids", "Documents", "The controlled documents it communicates.", attr="documents",
              column="documents", out="documents"),
        Field("last_sent", "Last sent", "Set when a sending is recorded.", read_only=True),
        Field("notes", "Notes", rows=2),
    ],
)

TRANSPARENCY = RecordType(
    model=TransparencyPage, name="transparency_page", label="Transparency page", default_ordering="id",
    fields=[
        Field("intro", "What you tell the public", "Markdown: how and why you use AI, your commitments, where to "
              "learn more (A.8.2).", rows=10),
        Field("concern_contact", "How to raise a concern", "An address, a form or a phone number people can use "
              "to question an AI-supported decision or report a problem (A.8.3, A.8.5).", rows=3),
        Field("show_certification", "Show our ISO/IEC 42001 certification status", short="Certification status"),
        Field("system_ids", "AI systems disclosed", "Each is shown with its purpose and how people oversee it.",
              attr="systems", column="systems", out="systems"),
    ],
)
