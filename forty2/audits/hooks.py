"""Hooks the apps above audits fill in from their ``ready()`` (the layers: improvement sits above audits, so audits
never imports it nor names its URLs).

``FINDING_LINK(org_slug, item) -> str | None``: the address of the page that raises a finding from a checklist
item with an observation, opportunity for improvement or nonconformity. The improvement app sets it, e.g.::

    hooks.FINDING_LINK = lambda org, item: (reverse("improvement:finding_create", args=[org])
                                            + f"?audit_item={item.pk}")

While it is None the checklist shows no link.

``CARRIED_OVER(audit) -> list[(ref, note)]``: what an earlier certification audit left open that this audit must
look at first (ISO/IEC 17021-1 surveillance: minor nonconformities carried over with their action plans). The
certification app sets it; the checklist opens with those refs, each with its note."""

from collections.abc import Callable

FINDING_LINK: Callable | None = None
CARRIED_OVER: Callable | None = None

#: results that raise a finding (9.2.1, 10.2)
FINDING_RESULTS = frozenset({"observation", "ofi", "minor_nc", "major_nc"})


def finding_link(org_slug: str, item) -> str | None:
    if FINDING_LINK is None or item.result not in FINDING_RESULTS:
        return None
    return FINDING_LINK(org_slug, item)


def carried_over(audit) -> list[tuple[str, str]]:
    return list(CARRIED_OVER(audit)) if CARRIED_OVER is not None else []
