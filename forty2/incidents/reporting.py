"""The EU AI Act Art. 73 view of one incident, read from the register: which affected systems are high-risk
(``inventory.AISystem.ai_act_tier``, written by the EU AI Act app), the organisation's role for each (the current
classification's answer, else the register's roles), the deadline and who reports to whom."""

from django.utils import timezone

from forty2.aiact.models import AIActClassification
from forty2.inventory.models import AISystem

from . import art73

HIGH_RISK = "high_risk"


def systems_of(incident) -> list:
    found = getattr(incident, "_systems", None)
    if found is None:
        found = list(incident.ai_systems.all())  # the kit's prefetched links when there are any
        incident._systems = found
    return found


def high_risk_systems(incident) -> list:
    return [s for s in systems_of(incident) if s.ai_act_tier == HIGH_RISK and s.archived_at is None]


def deadline_of(incident) -> art73.Deadline:
    return art73.reporting_deadline(incident.aware_on, high_risk=bool(high_risk_systems(incident)),
                                    serious=incident.serious, death=incident.death, widespread=incident.widespread)


def routes_of(incident) -> list[art73.Route]:
    systems = high_risk_systems(incident)
    if not systems:
        return []
    answers = dict(AIActClassification.objects.filter(
        organization=incident.organization_id, ai_system__in=systems, is_current=True)
        .values_list("ai_system_id", "answers"))
    suppliers = {}
    for link in AISystem.suppliers.through.objects.filter(aisystem_id__in=[s.pk for s in systems]).select_related(
            "supplier").order_by("supplier__name"):
        suppliers.setdefault(link.aisystem_id, []).append(link.supplier.name)
    out = []
    for s in systems:
        role = art73.role_for((answers.get(s.pk) or {}).get("role"), s.ai_roles)
        out.append(art73.route_for(s.name, role, member_state=s.geography, providers=suppliers.get(s.pk, [])))
    return out


def panel(incident, now=None) -> dict:
    """The Art. 73 panel of an incident's page: deadline, countdown in words, who reports to whom."""
    deadline = deadline_of(incident)
    routes = routes_of(incident) if deadline.applies else []
    deployer = any(r.role == art73.DEPLOYER for r in routes)
    return {"deadline": deadline, "countdown": art73.countdown(deadline, reported_on=incident.reported_on,
                                                               now=now or timezone.now()),
            "routes": routes, "deployer": deployer, "incident": incident,
            "provider_missing": deployer and incident.provider_informed_on is None}
