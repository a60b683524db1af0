"""What an SoA entry's justification may link to (ISO/IEC 42001 6.1.3 f: the risks, impact assessments, legal and
contractual requirements that call for a control).

An extension point: each kind of record is registered with a function that names the linked records of one
organisation and a function that gives their page. The risk app (issue 9) registers ``risk`` and
``impact_assessment`` from its ``AppConfig.ready``::

    from forty2.controls.justifications import register
    register("risk", "Risk", names=lambda org, ids: {...}, url=lambda org, pk: ...)

and proposes controls chosen in risk treatment plans with :func:`forty2.controls.services.propose_applicable`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass
class LinkKind:
    key: str
    label: str
    names: Callable  # (org, ids) -> {id: name} of the organisation's records only
    url: Callable | None = None  # (org, pk) -> page


#: what an SoA justification may link to, by record type (registered by the apps with :func:`register`)
TARGETS: dict[str, LinkKind] = {}


def register(key: str, label: str, *, names, url=None) -> None:
    TARGETS[key] = LinkKind(key, label, names, url)


def _ai_systems(org, ids):
    from forty2.inventory.models import AISystem

    return dict(AISystem.objects.for_org(org).filter(pk__in=ids).values_list("pk", "name"))


def _requirements(org, ids):
    from forty2.catalog.models import Requirement

    return {r.pk: f"{r.framework.label} {r.ref} {r.title}" for r in
            Requirement.objects.select_related("framework").filter(pk__in=ids)}


def _requirement_url(org, pk):
    from forty2.catalog.models import Requirement

    r = Requirement.objects.select_related("framework").filter(pk=pk).first()
    return reverse("catalog:requirement", args=[org.slug, r.framework.slug, r.ref]) if r else None


register("ai_system", "AI system", names=_ai_systems,
         url=lambda org, pk: reverse("inventory:system_detail", args=[org.slug, pk]))
register("requirement", "Legal, contractual or framework requirement", names=_requirements, url=_requirement_url)
