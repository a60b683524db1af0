"""Findings against a clause or an Annex A control, told by the app that keeps them (ISO/IEC 42001 10.2, 9.1).

The controls app sits below the nonconformity app and knows nothing of it: that app registers two functions here
from its ``ready()`` with :func:`register_open_findings`. ``findings(org, ref)`` lists the findings against one
clause or SoA entry for its page; ``nonconforming(org)`` gives the refs with a nonconformity still open, which the
gap assessment shows as not conforming and readiness scores 0 (an applicable control counts as not implemented)
until the nonconformity is closed.
"""

from collections.abc import Callable
from dataclasses import dataclass

from forty2.core.registry import Registrations


@dataclass(frozen=True)
class FindingRow:
    """One finding as a clause's or control's page shows it."""

    title: str
    kind: str  # in words: "Major nonconformity"
    state: str  # in words: "Open", "Corrective actions under way", "Closed"
    is_open: bool
    raised_on: object
    url: str


_FINDINGS: list[Callable] = []
_NONCONFORMING: list[Callable] = []
HOOKS_BY = Registrations("findings hooks", skip=(__name__,))


def register_open_findings(findings: Callable, nonconforming: Callable) -> None:
    """``findings(org, ref) -> [FindingRow]`` and ``nonconforming(org) -> set of refs`` (one query each)."""
    HOOKS_BY.note("findings")
    _FINDINGS[:] = [findings]
    _NONCONFORMING[:] = [nonconforming]


def findings(org, ref: str) -> list[FindingRow]:
    return [row for fn in _FINDINGS for row in fn(org, ref)]


def nonconforming(org) -> set[str]:
    out: set[str] = set()
    for fn in _NONCONFORMING:
        out |= set(fn(org))
    return out
