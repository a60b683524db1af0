"""Template helpers of the risk app: the AI system page's "Risks and impact assessments" section."""

from django import template

from forty2.risk import queries
from forty2.risk.assessments import approval_state, fria_required
from forty2.tenancy.roles import can

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.inclusion_tag("risk/_system_section_body.html", takes_context=True)
def risk_section(context, system):
    """The risks and impact assessments of one AI system (ISO/IEC 42001 6.1.2, 6.1.4), for its page."""
    membership = getattr(context.get("request"), "membership", None)
    risks, assessments = queries.for_system(system.organization, system)
    assessments = list(assessments)
    return {"system": system, "org": system.organization, "risks": list(risks),
            "assessments": [(ia, approval_state(ia)) for ia in assessments],
            "fria_required": fria_required(system),
            "may_create": membership is not None and system.archived_at is None and can(membership, "create_record")}
