"""Which installed framework a file means, whatever the file calls it (ISO/IEC 42001 4.2: one requirement set
per standard, never a silent second copy).

A framework is known by its slug, the URN or OSCAL id it was imported with, the aliases recorded on it, and, for
the frameworks Forty2 ships, the identifiers other publishers use for them (:data:`SHIPPED_ALIASES`).
:func:`find` answers deterministically: a shipped framework wins over an imported one, then the oldest.
"""

import re

from .models import Framework, Origin

#: identifiers other publishers give the frameworks Forty2 ships (CISO Assistant library URNs)
SHIPPED_ALIASES = {
    "iso-iec-42001-2023": ["urn:intuitem:risk:framework:iso42001-2023", "urn:intuitem:risk:framework:iso42001"],
    "iso-iec-27001-2022": ["urn:intuitem:risk:framework:iso27001-2022"],
    "iso-9001-2015": ["urn:intuitem:risk:framework:iso9001-2015", "urn:intuitem:risk:framework:iso9001"],
    "nist-ai-rmf-1.0": ["urn:intuitem:risk:framework:nist-ai-rmf-1.0", "urn:intuitem:risk:framework:nist-ai-rmf"],
    "eu-ai-act-2024-1689": ["urn:intuitem:risk:framework:ai-act", "urn:intuitem:risk:framework:eu-ai-act"],
}


def normalise(identifier: str) -> str:
    return re.sub(r"\s+", "", str(identifier or "")).lower()


def identifiers(framework: Framework) -> set[str]:
    names = {framework.slug, framework.urn, *(framework.aliases or [])}
    if framework.origin == Origin.SHIPPED:
        names.update(SHIPPED_ALIASES.get(framework.slug, []))
    return {normalise(n) for n in names if n}


def find(*candidates: str) -> Framework | None:
    """The installed framework known by any of ``candidates`` (slug, URN, OSCAL id, alias), or None."""
    wanted = {normalise(c) for c in candidates if c}
    if not wanted:
        return None
    matches = [fw for fw in Framework.objects.order_by("pk") if identifiers(fw) & wanted]
    matches.sort(key=lambda fw: (fw.origin != Origin.SHIPPED, fw.pk))
    return matches[0] if matches else None
