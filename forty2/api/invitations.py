"""/api/v1/orgs/{org}/invitations: invite people, re-send and revoke (owners only; ISO/IEC 42001 5.3, 7.4).

The link comes back in ``link`` only when no mail server is configured (or the mail failed), for the owner to
pass on, exactly as the People page shows it; otherwise it exists only in the mail. Links are built from
FORTY2_SITE_URL, never from the request's Host header. Roles carry a plain-words
``role_description`` (forty2/tenancy/roles.py)."""

from datetime import datetime
from typing import Literal

from django.http import Http404
from ninja import Query, Router, Schema, Status
from pydantic import Field

from forty2.tenancy import invitations
from forty2.tenancy.access import require
from forty2.tenancy.models import Invitation, InvitationState, Role
from forty2.tenancy.roles import describe

from .common import Page, StrictSchema, UtcDatetime, json_response, org_membership, paginate

router = Router(tags=["People"])


class InvitationIn(StrictSchema):
    email: str = Field(..., max_length=254, description="The person's e-mail address.",
                       json_schema_extra={"format": "email"})
    role: Literal[tuple(Role.values)]
    access_expires_at: UtcDatetime | None = None


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    role_description: str
    state: str
    access_expires_at: datetime | None
    invited_by: str | None
    created_at: datetime
    sent_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    revoked_at: datetime | None


class InvitationSent(InvitationOut):
    link: str | None
    mail_sent: bool


class InvitationList(Schema):
    items: list[InvitationOut]
    count: int


class InvitationFilters(Page):
    state: Literal[tuple(InvitationState.values)] | None = None


def invitation_out(inv: Invitation) -> dict:
    return {"id": inv.pk, "email": inv.email, "role": inv.role, "role_description": describe(inv.role),
            "state": inv.state, "access_expires_at": inv.access_expires_at,
            "invited_by": inv.invited_by.email if inv.invited_by_id else None, "created_at": inv.created_at,
            "sent_at": inv.sent_at, "expires_at": inv.expires_at, "accepted_at": inv.accepted_at,
            "revoked_at": inv.revoked_at}


def _sent_out(sent) -> dict:
    return {**invitation_out(sent.invitation), "link": sent.link, "mail_sent": sent.mail_sent}


def _owner(request, org: str):
    membership = org_membership(request, org)
    require(membership, "manage_members")
    return membership


def _get(membership, pk: int) -> Invitation:
    inv = (Invitation.objects.select_related("organization", "invited_by")
           .filter(organization=membership.organization, pk=pk).first())
    if inv is None:
        raise Http404
    return inv


@router.get("{org}/invitations", response=InvitationList, summary="List invitations")
def list_invitations(request, org: str, filters: Query[InvitationFilters]):
    membership = _owner(request, org)
    qs = (Invitation.objects.filter(organization=membership.organization).select_related("invited_by")
          .order_by("-created_at"))
    if filters.state:
        items = [inv for inv in qs if inv.state == filters.state]  # state depends on the clock
        return {"items": [invitation_out(i) for i in items[filters.offset: filters.offset + filters.limit]],
                "count": len(items)}
    return paginate(qs, filters, invitation_out)


@router.post("{org}/invitations", response={201: InvitationSent}, summary="Invite a person")
def create_invitation(request, org: str, body: InvitationIn):
    membership = _owner(request, org)
    sent = invitations.invite(membership.organization, email=body.email, role=body.role,
                              access_expires_at=body.access_expires_at, actor=membership.user,
                              actor_membership=membership)
    return json_response(_sent_out(sent), status=201)


@router.post("{org}/invitations/{int:invitation_id}/resend", response=InvitationSent,
             summary="Re-send an invitation (the old link stops working)")
def resend_invitation(request, org: str, invitation_id: int):
    membership = _owner(request, org)
    sent = invitations.resend(_get(membership, invitation_id), actor=membership.user, actor_membership=membership)
    return json_response(_sent_out(sent))


@router.delete("{org}/invitations/{int:invitation_id}", response={204: None}, summary="Revoke an invitation")
def revoke_invitation(request, org: str, invitation_id: int):
    membership = _owner(request, org)
    invitations.revoke(_get(membership, invitation_id), actor=membership.user, actor_membership=membership)
    return Status(204, None)
