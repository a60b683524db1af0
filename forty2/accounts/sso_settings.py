"""Single sign-on providers (OpenID Connect) read from the environment, for ``forty2/settings.py``.

Plain Python, no Django imports: the settings module calls :func:`oidc_apps` while it loads. The client secret
is read from ``FORTY2_OIDC_CLIENT_SECRET`` or the file ``FORTY2_OIDC_CLIENT_SECRET_FILE`` and kept in the
settings only: never in the database (no ``SocialApp`` rows), never in an error message or a log line
(OWASP ASVS 5.0 V13.3 secret management: the file can be one a secret store mounts).

One provider::

    FORTY2_OIDC_ISSUER=https://login.example.com/realms/acme   # where /.well-known/openid-configuration lives
    FORTY2_OIDC_CLIENT_ID=forty2
    FORTY2_OIDC_CLIENT_SECRET=…          (or FORTY2_OIDC_CLIENT_SECRET_FILE=/run/secrets/oidc)
    FORTY2_OIDC_NAME=Acme login          # the button says "Sign in with Acme login"
    FORTY2_OIDC_ID=sso                   # in the callback URL: <site>/accounts/oidc/sso/login/callback/
    FORTY2_OIDC_DOMAINS=acme.example     # optional: the only e-mail domains this provider may vouch for

Several: ``FORTY2_OIDC_PROVIDERS`` as a JSON list of objects with the keys ``id``, ``name``, ``issuer``,
``client_id``, ``client_secret`` or ``client_secret_file``, and optionally ``domains`` (a list); it replaces the
single-provider variables. With several providers, give each its ``domains``: otherwise any of them could vouch
for any address (OWASP ASVS 5.0 6.8.1). The issuer must be written exactly as the provider's discovery document
and ID tokens give it (a trailing slash matters).
"""

import json
import re
from pathlib import Path

_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")


class OidcConfigError(ValueError):
    """A provider is misconfigured; the message names the variable and never contains the secret."""


def _secret(entry: dict, where: str) -> str:
    secret, path = entry.get("client_secret"), entry.get("client_secret_file")
    if path:
        try:
            secret = Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise OidcConfigError(f"{where}: cannot read the client secret file {path} ({exc.strerror}).") from None
    if not secret:
        raise OidcConfigError(f"{where}: the client secret is missing (client_secret or client_secret_file).")
    return secret


def _app(entry: dict, where: str) -> dict:
    if not isinstance(entry, dict):
        raise OidcConfigError(f"{where}: each provider is an object with id, name, issuer, client_id, "
                              "client_secret.")
    provider_id = str(entry.get("id") or "sso").strip()
    if not _ID.match(provider_id):
        raise OidcConfigError(f"{where}: id '{provider_id[:40]}' must be 1-40 lower-case letters, digits, "
                              "hyphens.")
    issuer = str(entry.get("issuer") or "").strip()
    if not re.match(r"^https?://[^/\s]+", issuer):
        raise OidcConfigError(f"{where}: issuer must be the provider's http(s) URL.")
    domains = entry.get("domains") or []
    if isinstance(domains, str):
        domains = domains.split(",")
    domains = sorted({str(d).strip().lower().lstrip("@") for d in domains if str(d).strip()})
    client_id = str(entry.get("client_id") or "").strip()
    if not client_id:
        raise OidcConfigError(f"{where}: client_id is missing.")
    name = str(entry.get("name") or "single sign-on").strip()[:60]
    return {
        "provider_id": provider_id,
        "name": name,
        "client_id": client_id,
        "secret": _secret(entry, where),
        "settings": {
            "server_url": issuer.rstrip("/"),
            # the ID token's "iss" must be the configured issuer exactly, whatever the discovery document says
            "openid_configuration_overrides": {"issuer": issuer},
            "oauth_pkce_enabled": True,  # the code is bound to this browser's session (RFC 7636)
            "fetch_userinfo": True,
            # the e-mail domains this provider may vouch for; empty: any (forty2/accounts/adapter.py)
            "email_domains": domains,
        },
    }


def oidc_apps(environ) -> list[dict]:
    """allauth ``SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]`` from the environment; ``[]`` when none."""
    raw = (environ.get("FORTY2_OIDC_PROVIDERS") or "").strip()
    if raw:
        try:
            entries = json.loads(raw)
        except ValueError as exc:
            raise OidcConfigError(f"FORTY2_OIDC_PROVIDERS is not valid JSON ({exc.msg} at position {exc.pos}).") \
                from None
        if not isinstance(entries, list):
            raise OidcConfigError("FORTY2_OIDC_PROVIDERS must be a JSON list of provider objects.")
        apps = [_app(entry, f"FORTY2_OIDC_PROVIDERS[{i}]") for i, entry in enumerate(entries)]
    elif environ.get("FORTY2_OIDC_ISSUER") or environ.get("FORTY2_OIDC_CLIENT_ID"):
        apps = [_app({"id": environ.get("FORTY2_OIDC_ID"), "name": environ.get("FORTY2_OIDC_NAME"),
                      "issuer": environ.get("FORTY2_OIDC_ISSUER"), "client_id": environ.get("FORTY2_OIDC_CLIENT_ID"),
                      "client_secret": environ.get("FORTY2_OIDC_CLIENT_SECRET"),
                      "client_secret_file": environ.get("FORTY2_OIDC_CLIENT_SECRET_FILE"),
                      "domains": environ.get("FORTY2_OIDC_DOMAINS")}, "FORTY2_OIDC_*")]
    else:
        apps = []
    ids = [app["provider_id"] for app in apps]
    if len(set(ids)) != len(ids):
        raise OidcConfigError("FORTY2_OIDC_PROVIDERS: every provider needs its own id.")
    return apps


def provider_origins(apps: list[dict]) -> list[str]:
    """The origins of the providers' issuers, for the Content-Security-Policy's form-action: the sign-in form
    posts to Forty2, which redirects the browser to the provider, and browsers hold that redirect to the
    form-action of the page the form was on."""
    origins = []
    for app in apps:
        match = re.match(r"^(https?://[^/?#]+)", str((app.get("settings") or {}).get("server_url") or ""))
        if match and match.group(1) not in origins:
            origins.append(match.group(1))
    return origins
