"""Which records evidence may support: an extension point filled by the apps above (ISO/IEC 42001 7.5).

``controls`` registers ``soa_entry`` and ``clause_assessment``; the risk app registers ``risk`` and
``impact_assessment``, the audit app ``audit``. Each kind gives a function that returns the names of one
organisation's records by id (so a link to another organisation's record is refused), one for its page, and
one that loads the record (so linking and unlinking can ask who may edit it, :func:`forty2.evidence.services.link`).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Linkable:
    key: str
    label: str
    names: Callable  # (org, ids) -> {id: name}
    url: Callable | None = None  # (org, pk) -> URL
    get: Callable | None = None  # (org, pk) -> the record, or None


#: the records evidence may support, by record type (registered by the apps with :func:`register`)
LINKABLES: dict[str, Linkable] = {}


def register(key: str, label: str, *, names, url=None, get=None) -> None:
    LINKABLES[key] = Linkable(key, label, names, url, get)
