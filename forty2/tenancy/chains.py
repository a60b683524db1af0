"""Which audit chains must exist and what people call them (ISO/IEC 42001 7.5.3; docs/architecture.md,
"Audit chain").

``core.audit`` knows chains only by id; this module, which sees organisations, names them and lists the
chains whose absence is itself tampering (finding 5 of issue #14): every organisation's (its creation opens
it), every organisation whose creation the installation chain records (even if its row is gone), and the
installation's once anything was created."""

from forty2.accounts.models import User
from forty2.core import audit
from forty2.core.models import AuditEvent

from .models import Organization


def chain_labels() -> tuple[dict[str, str], set[str]]:
    """``(labels, required)``: ``{"org:3": "acme-health", …}`` and the chains that must exist."""
    labels = {audit.chain_for(org): org.slug for org in Organization.objects.only("pk", "slug")}
    required = set(labels)
    created = AuditEvent.objects.filter(chain=audit.INSTALLATION, action="organization.create",
                                        object_type="organization").values_list("object_id", "changes")
    for object_id, changes in created:
        chain = audit.chain_for_id(object_id)
        required.add(chain)
        slug = changes.get("slug") if isinstance(changes, dict) else None
        labels.setdefault(chain, slug or chain)
    if required or User.objects.exists():
        required.add(audit.INSTALLATION)
    return labels, required


def organization_ids() -> dict[str, int]:
    """``{"org:3": 3, …}`` for the chains of existing organisations."""
    return {audit.chain_for(org): org.pk for org in Organization.objects.only("pk")}
