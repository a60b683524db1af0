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


def register_approvals() -> None:
    """My work lists AI systems under review and approvals gone stale through the records kit's approval
    registry (forty2/records/approvals.py), for members who may approve (ISO/IEC 42001 5.3, 7.5.2)."""
    from django.urls import reverse

    from forty2.records.approvals import Approvable, register_approvable

    from .definitions import AI_SYSTEM
    from .queries import attach_links
    from .services import approved_content

    link_fields = [(f.name, f.out_name) for f in AI_SYSTEM.fields if f.kind == "links"]

    def content(system):
        links = {name: sorted(item["id"] for item in system.links[out]) for name, out in link_fields}
        return approved_content(system, links)

    def live(org):
        return (AISystem.objects.for_org(org).filter(archived_at__isnull=True)
                .select_related("business_owner", "technical_owner").order_by("updated_at"))

    register_approvable(AI_SYSTEM.name, Approvable(
        record_type=AI_SYSTEM.name, noun="AI system", records=live, content=content, load=attach_links,
        waiting=lambda org: live(org).filter(status="under_review"),
        url=lambda slug, system: reverse("inventory:system_detail", args=[slug, system.pk]),
        ask="Approve or reject the AI system ‘{name}’", ask_again="Re-approve ‘{name}’: changed since it was approved",
        detail=lambda s: f"Under review since {s.updated_at:%d %b %Y}" if s.status == "under_review" else ""))
