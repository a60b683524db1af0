"""What training puts in a person's My work (ISO/IEC 42001 7.2 d, 7.3; EU AI Act Art. 26(2)): their own trainings
expiring within 30 days or expired (not yet renewed); for those who manage the AIMS, the human overseers of
high-risk AI systems who are not trained for them."""

from django.urls import reverse

from forty2.tenancy.roles import can
from forty2.tenancy.work import WorkItem

from . import queries


def work(membership) -> list[WorkItem]:
    org, user = membership.organization, membership.user
    items = []
    person = queries.active_people(org).filter(user=user).first()
    if person is not None:
        groups = queries.person_records(org, person)
        url = reverse("training:person", args=[org.slug, person.pk])
        for r in groups["expiring"]:
            items.append(WorkItem(org, "training", f"Renew your training ‘{r.course}’ (expires soon)", url,
                                  due=r.expires_on))
        for r in groups["expired"]:
            items.append(WorkItem(org, "training", f"Renew your training ‘{r.course}’ (expired)", url,
                                  due=r.expires_on))
    if can(membership, "approve"):  # owners and AIMS managers
        systems = [s for s in queries.in_scope_systems(org) if s.ai_act_tier == queries.HIGH_RISK]
        holders = queries.holders_by_system(org, systems)
        for s in systems:
            untrained = [h.person.name for h in holders[s.pk] if h.gap]
            if untrained:
                items.append(WorkItem(org, "training", f"Train the human overseers of the high-risk system ‘{s}’ "
                                                       "(EU AI Act Art. 26(2))",
                                      reverse("training:system_literacy", args=[org.slug, s.pk]),
                                      detail="Not trained: " + ", ".join(untrained)))
    return items

