"""The "Risks and impact assessments" section of an AI system's page (ISO/IEC 42001 6.1.2, 6.1.4), registered
in :class:`forty2.risk.apps.RiskConfig` so the register's page need not know this app."""

from forty2.tenancy.roles import can

from . import queries
from .assessments import approval_state, fria_required


def system_section(request, membership, system) -> dict:
    risks, assessments = queries.for_system(system.organization, system)
    return {"system": system, "org": system.organization, "risks": list(risks),
            "assessments": [(ia, approval_state(ia)) for ia in assessments],
            "fria_required": fria_required(system),
            "may_create": membership is not None and system.archived_at is None
            and can(membership, "create_record")}
