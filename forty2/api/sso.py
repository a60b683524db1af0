"""/api/v1/orgs/{org}/settings/sso-only: whether the organisation admits single sign-on sessions only
(forty2/tenancy/services.py ``set_sso_only``; ISO/IEC 42001 5.3, 7.5.3). Every member reads it; only owners
change it, audited. Turning it on needs a browser session signed in through single sign-on, never a token.

Deprecated: ``sso_only`` is a setting of ``GET/PATCH /api/v1/orgs/{org}/settings`` (forty2/api/org_settings.py),
which is versioned; these two routes stay for one release, marked deprecated in the OpenAPI document."""

from ninja import Router, Schema

from forty2.accounts import sso
from forty2.tenancy import services

from .common import StrictSchema, org_membership

router = Router(tags=["Organisation"])


class SsoOnly(Schema):
    sso_only: bool


class SsoOnlyIn(StrictSchema):
    sso_only: bool


DEPRECATED = ("Deprecated: read and change `sso_only` with GET and PATCH /api/v1/orgs/{org}/settings (versioned); "
              "this route goes in the next release.")


@router.get("{org}/settings/sso-only", response=SsoOnly, summary="Whether only single sign-on opens the organisation",
            description=DEPRECATED, deprecated=True)
def get_sso_only(request, org: str):
    return {"sso_only": org_membership(request, org).organization.sso_only}


@router.put("{org}/settings/sso-only", response=SsoOnly,
            summary="Admit single sign-on sessions only (turning it on revokes the organisation's API tokens)",
            description=DEPRECATED, deprecated=True)
def put_sso_only(request, org: str, body: SsoOnlyIn):
    membership = org_membership(request, org)
    by_sso = getattr(request, "api_token", None) is None and sso.signed_in_with_sso(request)
    changed = services.set_sso_only(membership.organization, required=body.sso_only, signed_in_with_sso=by_sso,
                                    actor=membership.user, actor_membership=membership)
    return {"sso_only": changed.sso_only}
