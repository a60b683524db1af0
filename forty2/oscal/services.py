"""Export an organisation's AIMS as OSCAL (ISO/IEC 42001 7.5.3 documented information; 9.2, 10.2 for audit
results and corrective actions): the one entry point the API and the CLI share.

Who may export: whoever may export records may export the catalog, the profile and the SSP (every role, as
they may read the SoA). The assessment results and the POA&M cover every audit of the organisation, while an
external auditor sees only the audits whose team they are on (forty2/audits/services.py ``visible``): an
external auditor is refused those two (403). Every export is one ``oscal.export`` audit event naming the model,
the document's UUID and the SHA-256 of the JSON written.
"""

import hashlib
import json

from django.db import transaction

from forty2.core import audit
from forty2.core.errors import InvalidInput, PermissionDenied, field_error
from forty2.tenancy.access import require
from forty2.tenancy.models import Role

from . import profile, results, ssp
from .common import MODELS

BUILDERS = {
    "catalog": profile.catalog,
    "profile": profile.profile,
    "ssp": ssp.ssp,
    "assessment-results": results.assessment_results,
    "poam": results.poam,
}
LABELS = {"catalog": "catalog", "profile": "profile (SoA selection)", "ssp": "system security plan",
          "assessment-results": "assessment results", "poam": "plan of action and milestones"}
AUDIT_MODELS = frozenset({"assessment-results", "poam"})
if set(BUILDERS) != set(MODELS):  # every model the API offers has a builder
    raise ImportError(f"OSCAL models without a builder: {sorted(set(MODELS) ^ set(BUILDERS))}")


def check_model(model: str) -> str:
    if model not in BUILDERS:
        raise InvalidInput([field_error("model", f"Unknown OSCAL model '{model}'; use one of: "
                                                 f"{', '.join(MODELS)}.", "enum", "path")])
    return model


def may_export(membership, model: str) -> None:
    require(membership, "export_records")
    if model in AUDIT_MODELS and membership.role == Role.EXTERNAL_AUDITOR:
        raise PermissionDenied("An external auditor sees only the audits whose team they are on, so may not export "
                               f"the organisation's {LABELS[model]}.")


def render(document: dict) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def export(membership, model: str) -> tuple[dict, bytes]:
    """(document, its JSON) for ``model`` of the membership's organisation; audited as ``oscal.export``."""
    check_model(model)
    may_export(membership, model)
    org = membership.organization
    with transaction.atomic():
        document = BUILDERS[model](org)
        data = render(document)
        root = next(iter(document.values()))
        audit.record("oscal.export", org=org, actor=membership.user, object_type="organization",
                     object_id=org.pk, object_repr=f"OSCAL {LABELS[model]}",
                     changes={"model": model, "uuid": root["uuid"],
                              "sha256": hashlib.sha256(data).hexdigest()})
    return document, data
