"""``forty2 check --deploy``: single sign-on over plain HTTP.

allauth takes the ID token straight from the provider's token endpoint and, as OpenID Connect Core 3.1.3.7
allows, trusts TLS for its origin: an ``http://`` issuer would let anyone on the path forge sign-ins
(OWASP ASVS 5.0 12.3.1, TLS for every outbound connection)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def oidc_over_https(app_configs=None, **kwargs):
    apps = settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])
    return [Warning(f"The single sign-on provider '{app['provider_id']}' is reached over plain HTTP.",
                    hint="Set FORTY2_OIDC_ISSUER (or the issuer in FORTY2_OIDC_PROVIDERS) to its https:// URL.",
                    id="forty2.W040")
            for app in apps if not str(app.get("settings", {}).get("server_url", "")).startswith("https://")]
