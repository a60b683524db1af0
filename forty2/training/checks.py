"""What the training records let the clause checks see (ISO/IEC 42001 7.3 awareness; EU AI Act Art. 4 AI literacy,
Art. 26(2) human oversight by competent people). Content, not existence: a course nobody passed, a training that
expired or an AI policy nobody acknowledged does not pass; with no role holder or no operator at all nothing does.
"""

from django.urls import reverse

from . import queries


def role_holders_aware(org, ctx) -> bool:
    """Every active holder of an AIMS role holds a valid AI-literacy or awareness training (so none of theirs has
    only expired ones) and, when they have a login, acknowledged the AI policy version in force."""
    holders = list(queries.active_people(org).filter(pk__in=queries.role_holder_ids(org)))
    if not holders:
        return False
    held = queries.held_by(org, [p.pk for p in holders])
    if any(held.get(p.pk) is None or held[p.pk].literacy_rank == 0 for p in holders):
        return False
    with_login = [p for p in holders if p.user_id]
    if not with_login:
        return True
    policy = queries.ai_policy_in_force(org)
    if policy is None:
        return False
    acknowledged = queries.policy_acknowledged_by(org, policy)
    return all(p.user_id in acknowledged for p in with_login)


def operators_literate(org, ctx) -> bool:
    """Every operator and overseer of every in-scope AI system is trained for it (a valid record of a course
    naming the system, or a general practitioner-level course); every in-scope high-risk system has at least one
    human overseer; and there is at least one operator or overseer to check."""
    from types import SimpleNamespace

    from forty2.people.models import RoleKind

    kinds = (RoleKind.AI_OPERATOR, RoleKind.HUMAN_OVERSIGHT)
    in_scope = queries.in_scope_systems(org)
    held = queries.assignments_in_force(org).filter(ai_system__isnull=False).values("ai_system_id")
    # a high-risk system nobody holds a role for has no human overseer (one EXISTS, not a row per system)
    if in_scope.filter(ai_act_tier=queries.HIGH_RISK).exclude(pk__in=held).exists():
        return False
    # only the systems someone holds a role for are read (the rest have no holder to check)
    systems = [SimpleNamespace(pk=pk, ai_act_tier=tier) for pk, tier in
               in_scope.filter(pk__in=held).order_by("pk").values_list("pk", "ai_act_tier")]
    holders = queries.holders_by_system(org, systems)
    seen = False
    for s in systems:
        relevant = [h for h in holders[s.pk] if any(k in kinds for k in h.kinds)]
        if s.ai_act_tier == queries.HIGH_RISK and not any(h.oversees for h in relevant):
            return False
        for h in relevant:
            seen = True
            if not all(ok for k, ok in h.trained_as.items() if k in kinds):
                return False
    return seen


def register_clause_checks() -> None:
    from forty2.controls.checks import Check, register

    register("7.3", Check(
        "aims_roles_aware",
        "Every active holder of an AIMS role has a valid (not expired) AI-literacy or awareness training and, "
        "if they sign in, has acknowledged the AI policy version in force",
        role_holders_aware, lambda org: reverse("training:awareness", args=[org.slug])))
    register("7.3", Check(
        "ai_literacy_operators",
        "Staff operating or overseeing AI systems are AI-literate: every operator and human overseer of every "
        "in-scope AI system holds a valid training for that system or a general practitioner-level course, and "
        "every high-risk system has a human overseer (EU AI Act Art. 4, 26(2))",
        operators_literate, lambda org: reverse("training:literacy", args=[org.slug])))
