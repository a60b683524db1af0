"""The certification record declared once for the records kit (the versioned, audited write path and the merge-aware
edit form); status, dates and the certificate's issue come only from recorded events (services.py)."""

from forty2.records.definition import Field, RecordType

from .models import Certification

CERTIFICATION = RecordType(
    model=Certification, name="certification", label="certification", default_ordering="id",
    fields=[
        Field("certification_body", "Certification body", "The body that audits and certifies the AIMS."),
        Field("accreditation_body", "Accreditation body", "Who accredits the certification body for "
              "ISO/IEC 42001 (e.g. a national accreditation body)."),
        Field("scope", "Scope of certification", "What the certificate covers, as the certification body words "
              "it (it follows the AIMS scope, 4.3).", rows=4),
        Field("standard", "Standard", "The standard certified against."),
        Field("certificate_number", "Certificate number", "As printed on the certificate."),
        Field("status", "Status", read_only=True),
        Field("decision_date", "Decision date", read_only=True),
        Field("issued_on", "Issued", read_only=True),
        Field("expires_on", "Expires", read_only=True),
    ],
    fieldsets=[
        ("Certification body", "Who certifies, and who accredits them.", ["certification_body", "accreditation_body"]),
        ("Certificate", "What is certified, against what.", ["scope", "standard", "certificate_number"]),
    ],
)
