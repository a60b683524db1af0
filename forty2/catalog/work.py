"""My work: statuses inferred through the crosswalks that wait for a person to confirm or reject them
(ISO/IEC 42001 9.1; an inference is never applied silently). Registered in :mod:`forty2.catalog.apps`."""

from collections import Counter

from django.urls import reverse

from forty2.tenancy.roles import can
from forty2.tenancy.work import WorkItem

from . import inference
from .services import SET_STATUS


def work(membership) -> list[WorkItem]:
    if not can(membership, SET_STATUS):
        return []
    org = membership.organization
    pending = [i for i in inference.compute(org) if i.state == "pending" and i.implied_status is not None]
    per_framework = Counter((i.target.framework.slug, i.target.framework.label) for i in pending)
    return [WorkItem(org, "inference", f"Confirm or reject {n} inferred status{'es' if n != 1 else ''} in {label}",
                     reverse("catalog:framework", args=[org.slug, slug]),
                     detail="Suggested by the crosswalks from statuses you recorded elsewhere.")
            for (slug, label), n in sorted(per_framework.items())]
