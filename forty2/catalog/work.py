"""My work: statuses inferred through the crosswalks that wait for a person to confirm or reject them
(ISO/IEC 42001 9.1; an inference is never applied silently), in the frameworks the organisation uses.
Registered in :mod:`forty2.catalog.apps`."""

from collections import Counter

from django.urls import reverse

from forty2.tenancy.roles import can
from forty2.tenancy.work import WorkItem

from . import inference, status_providers
from .models import RequirementStatus
from .services import SET_STATUS

#: the management system's own standard: every organisation uses it
AIMS_FRAMEWORK = "iso-iec-42001-2023"


def frameworks_in_use(org) -> set[int]:
    """The ids of the frameworks ``org`` uses: ISO/IEC 42001 and every framework in which it recorded a status
    first-hand (assessed or imported, e.g. an ISO/IEC 27001 SoA it brought). A framework reached only through a
    crosswalk is not one it chose (issue #15: no ISO 27001 / 9001 work for an organisation that never chose
    them). One query."""
    from .models import Framework

    used = set(RequirementStatus.objects.for_org(org).filter(source__in=inference.FIRST_HAND)
               .values_list("requirement__framework_id", flat=True).distinct())
    return used | set(Framework.objects.filter(slug=AIMS_FRAMEWORK).values_list("pk", flat=True))


def work(membership) -> list[WorkItem]:
    if not can(membership, SET_STATUS):
        return []
    org = membership.organization
    used = frameworks_in_use(org)
    pending = [i for i in inference.compute(org) if i.state == "pending" and i.implied_status is not None
               and i.target.framework_id in used]
    per_framework = Counter((i.target.framework.slug, i.target.framework.label) for i in pending)
    return [_item(org, slug, label, n) for (slug, label), n in sorted(per_framework.items())]


def _item(org, slug, label, n) -> WorkItem:
    url = reverse("catalog:framework", args=[org.slug, slug]) + "?pending=1"
    if status_providers.has_providers(slug):  # decided in the SoA / clause assessment: suggestions only
        return WorkItem(org, "inference", f"Review {n} suggestion{'s' if n != 1 else ''} for {label} from mapped "
                        "requirements", url, detail="Suggested by the crosswalks from statuses you recorded "
                        "elsewhere; decide them in the Statement of Applicability or the clause assessment.")
    return WorkItem(org, "inference", f"Confirm or reject {n} inferred status{'es' if n != 1 else ''} in {label}",
                    url, detail="Suggested by the crosswalks from statuses you recorded elsewhere.")
