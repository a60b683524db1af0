"""/api/v1/orgs/{org}/settings: the organisation's sign-in security (ISO/IEC 42001 5.3; access to documented
information, 7.5.3). Every member reads it; only owners change it (forty2/tenancy/services.py, audited)."""

from ninja import Router, Schema

from forty2.tenancy import services

from .common import StrictSchema, org_membership

router = Router(tags=["Organisation"])


class SettingsOut(Schema):
    require_totp: bool
    require_totp_for_tokens: bool


class SettingsPatch(StrictSchema):
    require_totp: bool | None = None
    require_totp_for_tokens: bool | None = None


def _out(org) -> dict:
    return {key: getattr(org, key) for key in services.SETTINGS}


@router.get("{org}/settings", response=SettingsOut, summary="The organisation's sign-in security")
def get_settings(request, org: str):
    return _out(org_membership(request, org).organization)


@router.patch("{org}/settings", response=SettingsOut, summary="Change the organisation's sign-in security")
def patch_settings(request, org: str, body: SettingsPatch):
    membership = org_membership(request, org)
    changed = services.update_settings(membership.organization, actor=membership.user,
                                       actor_membership=membership, **body.dict(exclude_unset=True))
    return _out(changed)
