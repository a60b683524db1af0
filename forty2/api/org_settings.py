"""/api/v1/orgs/{org}/settings: the organisation's sign-in security, one versioned whole (ISO/IEC 42001 5.3;
access to documented information, 7.5.3). Every member reads it; only owners change it (forty2/tenancy/services.py
``update_settings``, audited). A PATCH keeps the API's version rule: ``version`` (or If-Match with the ETag) is
required, a stale one is applied unless a setting sent was changed since by someone else (409 with the saved
values). ``sso_only`` here replaces ``/settings/sso-only`` (forty2/api/sso.py, deprecated)."""

from ninja import Router, Schema
from pydantic import Field, StrictInt

from forty2.accounts import sso
from forty2.tenancy import services

from .common import PATCH_ANSWERS, StrictSchema, json_response, org_membership, patch_version, with_etag

router = Router(tags=["Organisation"])


class SettingsOut(Schema):
    require_totp: bool
    require_totp_for_tokens: bool
    sso_only: bool = Field(description="Members open the organisation only from a session signed in through "
                                       "single sign-on; turning it on revokes the organisation's API tokens.")
    version: int = Field(description="The settings' version: send it back with a PATCH (or If-Match with the "
                                     "ETag).")


class SettingsPatch(StrictSchema):
    require_totp: bool | None = None
    require_totp_for_tokens: bool | None = None
    sso_only: bool | None = Field(None, description="Turning it on needs a configured provider and a browser "
                                                    "session signed in through it, never a token (422 otherwise).")
    version: StrictInt | None = Field(None, description="The version you read (or send If-Match with the ETag); "
                                                        "without either, 422.")


def _out(org):
    return with_etag(json_response({**{key: getattr(org, key) for key in services.ALL_SETTINGS},
                                    "version": org.version}), org)


@router.get("{org}/settings", response=SettingsOut, summary="The organisation's sign-in security")
def get_settings(request, org: str):
    return _out(org_membership(request, org).organization)


@router.patch("{org}/settings", response=SettingsOut, summary="Change the organisation's sign-in security",
              openapi_extra=PATCH_ANSWERS)
def patch_settings(request, org: str, body: SettingsPatch):
    membership = org_membership(request, org)
    data = body.dict(exclude_unset=True)
    version = patch_version(request, data, membership.organization.pk)
    by_sso = getattr(request, "api_token", None) is None and sso.signed_in_with_sso(request)
    changed = services.update_settings(membership.organization, actor=membership.user, actor_membership=membership,
                                       version=version, signed_in_with_sso=by_sso, **data)
    return _out(changed)
