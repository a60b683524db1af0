"""What waits for a person: approvals and sign-offs, records overdue for review, inferences to confirm,
invitations to accept (ISO/IEC 42001 5.3 responsibilities assigned and known; 7.3 awareness).

Each app registers a provider from its ``AppConfig.ready()``; the "My work" page and ``GET /api/v1/me/work``
ask every provider for every organisation the person is an active member of. Providers answer for one
membership, in a few queries, and only with what that member's role may act on.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class WorkItem:
    """One thing a person should do: ``title`` in words, ``url`` where it is done."""

    organization: object
    kind: str  # "approval", "sign_off", "review", "inference", "invitation", …
    title: str
    url: str
    due: dt.date | None = None
    detail: str = ""

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()


#: key → provider(membership) -> list[WorkItem]
PROVIDERS: dict[str, Callable] = {}


def register_work(key: str, provider: Callable) -> None:
    """Add a provider of work items; registering the same key again replaces it."""
    PROVIDERS[key] = provider


def items_for(memberships) -> list[WorkItem]:
    """Every provider's items for these memberships: overdue first, then by due date and organisation."""
    found = []
    for membership in memberships:
        if not membership.is_active:
            continue
        for key in sorted(PROVIDERS):
            found.extend(PROVIDERS[key](membership))
    far = dt.date.max
    return sorted(found, key=lambda i: (not i.overdue, i.due or far, i.organization.name.lower(), i.title.lower()))
