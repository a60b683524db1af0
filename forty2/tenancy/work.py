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

from forty2.core.registry import Registrations


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
PROVIDERS_BY = Registrations("My work providers", skip=(__name__,))


def register_work(key: str, provider: Callable) -> None:
    """Add a provider of work items; the same key from a second place replaces it and ``forty2 check`` reports
    both registrants."""
    PROVIDERS_BY.note(key)
    PROVIDERS[key] = provider


def invitations_for(user) -> list[WorkItem]:
    """Invitations to other organisations waiting for this person's address (the link is in their mail: only
    its digest is stored); not one accepted, revoked or expired, nor one to an organisation the person already
    belongs to (accepted through another link, or added meanwhile)."""
    from .models import Invitation, Membership

    now = timezone.now()
    pending = (Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True, revoked_at__isnull=True,
                                         expires_at__gt=now)
               .exclude(organization__in=Membership.objects.filter(user=user).values("organization"))
               .select_related("organization", "invited_by").order_by("organization_id", "-created_at"))
    return [WorkItem(i.organization, "invitation", f"Accept the invitation to {i.organization.name} as "
                                                   f"{i.get_role_display()}", "", due=i.expires_at.date(),
                     detail="Use the link in the invitation mail" + (f" from {i.invited_by}" if i.invited_by else ""))
            for i in pending]


@dataclass(frozen=True)
class PersonWork:
    """What waits for the person behind a request, and the organisations left out and why (the page names
    them; the API leaves them out the same way)."""

    items: list
    closed: list  # [(organization, reason)]


def for_request(request) -> PersonWork:
    """The one list behind the "My work" page and ``GET /api/v1/me/work``: a token sees the organisation it was
    issued for; a browser session every organisation the person is an active member of, except those it may
    not open — an organisation requiring two-factor authentication while the person has none, one admitting
    single sign-on only to a session signed in otherwise (the pages and the API refuse those alike)."""
    from forty2.accounts.services import has_totp

    from .access import sso_refusal
    from .models import Membership

    token = getattr(request, "api_token", None)
    if token is not None:
        return PersonWork(items_for([token.membership]), [])
    memberships = list(Membership.objects.active().filter(user=request.user)
                       .select_related("organization", "user").order_by("organization__name"))
    open_, closed = [], []
    totp = None
    for m in memberships:
        reason = sso_refusal(request, m.organization)
        if reason is None and m.organization.require_totp:
            totp = has_totp(request.user) if totp is None else totp
            if not totp:
                reason = f"{m.organization.name} requires two-factor authentication: set up an authenticator app."
        if reason is None:
            open_.append(m)
        else:
            closed.append((m.organization, reason))
    return PersonWork(items_for(open_, user=request.user), closed)


def items_for(memberships, user=None) -> list[WorkItem]:
    """Every provider's items for these memberships (and ``user``'s pending invitations): overdue first, then
    by due date and organisation."""
    found = invitations_for(user) if user is not None else []
    for membership in memberships:
        if not membership.is_active:
            continue
        for key in sorted(PROVIDERS):
            found.extend(PROVIDERS[key](membership))
    far = dt.date.max
    return sorted(found, key=lambda i: (not i.overdue, i.due or far, i.organization.name.lower(), i.title.lower()))
