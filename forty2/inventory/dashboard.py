"""What the register adds to the organisation's overview and to the portfolio (ISO/IEC 42001 4.1, A.4.2: the
organisation knows its AI systems). Registered in :class:`forty2.inventory.apps.InventoryConfig`."""

from django.db.models import Count, Q

from .models import AISystem, LifecycleStage


def open_register(request, membership) -> dict:
    """The overview's primary action: open the register."""
    return {}


def register_figures(request, membership) -> dict:
    """How many AI systems are in the register, in total and per life cycle stage (one query)."""
    systems = AISystem.objects.for_org(membership.organization).filter(archived_at__isnull=True)
    per_stage = dict(systems.order_by().values_list("lifecycle_stage").annotate(n=Count("id")))
    return {"total": sum(per_stage.values()),
            "by_stage": [(value, label, per_stage.get(value, 0)) for value, label in LifecycleStage.choices]}


def awaiting_approval(request, membership) -> dict:
    """The ten AI systems that have waited longest for approval."""
    systems = AISystem.objects.for_org(membership.organization).filter(archived_at__isnull=True)
    return {"awaiting_approval": systems.filter(status="under_review").order_by("updated_at")[:10]}


def portfolio_figures(organizations) -> dict:
    """{organization id: (AI systems, awaiting approval)} for every organisation of the portfolio, in one
    aggregate query."""
    rows = (AISystem.objects.filter(organization__in=organizations, archived_at__isnull=True)
            .values("organization")
            .annotate(systems=Count("id"), in_review=Count("id", filter=Q(status="under_review"))))
    return {row["organization"]: (row["systems"], row["in_review"]) for row in rows}


def work(membership) -> list:
    """My work: AI systems waiting for approval, and approvals gone stale, for members who may approve (a few
    queries for the whole register: the approvals and the links of every approved system at once)."""
    from django.urls import reverse

    from forty2.records.approvals import content_hash
    from forty2.records.models import Approval
    from forty2.tenancy.roles import can
    from forty2.tenancy.work import WorkItem

    from .definitions import AI_SYSTEM
    from .queries import attach_links
    from .services import approved_content

    if not can(membership, "approve"):
        return []
    org = membership.organization
    systems = AISystem.objects.for_org(org).filter(archived_at__isnull=True)
    items = []
    for system in systems.filter(status="under_review").order_by("updated_at")[:100]:
        items.append(WorkItem(org, "approval", f"Approve or reject the AI system ‘{system.name}’",
                              reverse("inventory:system_detail", args=[org.slug, system.pk]),
                              detail=f"Under review since {system.updated_at:%d %b %Y}"))
    approved = attach_links(list(systems.filter(status="approved")
                                 .select_related("business_owner", "technical_owner")[:500]))
    hashes = dict(Approval.objects.filter(organization=org, record_type=AI_SYSTEM.name, kind="approval",
                                          withdrawn_at__isnull=True, object_id__in=[s.pk for s in approved])
                  .values_list("object_id", "content_hash"))
    for system in approved:
        if system.pk in hashes and hashes[system.pk] != content_hash(approved_content(system)):
            items.append(WorkItem(org, "approval", f"Re-approve ‘{system.name}’: changed since it was approved",
                                  reverse("inventory:system_detail", args=[org.slug, system.pk])))
    return items
