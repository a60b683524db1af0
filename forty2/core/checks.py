"""What a production install still lacks: ``forty2 check --deploy`` (Django's checks plus these)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def forty2_deploy_checks(app_configs=None, **kwargs):
    found = []

    def warn(id_, msg, hint):
        found.append(Warning(msg, hint=hint, id=f"forty2.W{id_:03d}"))

    if not settings.SECRET_KEY_FROM_ENV:
        warn(1, "FORTY2_SECRET_KEY is not set; a key file in the data directory is used.",
             "Set FORTY2_SECRET_KEY to a long random value kept in your secret store.")
    if not settings.IS_POSTGRES:
        warn(2, "The database is SQLite (embedded mode).",
             "For more than a small team set DATABASE_URL=postgres://… and run `forty2 worker` processes.")
    if not settings.EMAIL_HOST:
        warn(3, "No SMTP server configured; e-mails (password resets) are written to files.",
             "Set FORTY2_EMAIL_HOST, FORTY2_EMAIL_PORT, FORTY2_EMAIL_USER, FORTY2_EMAIL_PASSWORD.")
    if not settings.SESSION_COOKIE_SECURE:
        warn(4, "Cookies are not marked Secure.", "Serve over HTTPS and set FORTY2_SECURE_COOKIES=true.")
    if set(settings.ALLOWED_HOSTS) <= {"localhost", "127.0.0.1", "[::1]", "testserver"}:
        warn(5, "FORTY2_ALLOWED_HOSTS only allows local addresses.",
             "Set FORTY2_ALLOWED_HOSTS to the host name(s) users reach Forty2 at.")
    if settings.SECURE_PROXY_SSL_HEADER and not settings.ALLAUTH_TRUSTED_PROXY_COUNT:
        warn(7, "FORTY2_BEHIND_PROXY is set but FORTY2_TRUSTED_PROXY_COUNT is 0.",
             "Set it to the number of proxies in front of Forty2, or every client shares the proxy's address "
             "for login throttling and lockout.")
    if settings.IS_POSTGRES and not settings.S3_BUCKET:
        warn(8, "Stored files (uploads) are kept on this server's disk under FORTY2_DATA_DIR/files.",
             "With several servers or workers, set FORTY2_S3_BUCKET (and FORTY2_S3_ENDPOINT_URL, FORTY2_S3_REGION, "
             "FORTY2_S3_ACCESS_KEY, FORTY2_S3_SECRET_KEY) or share that directory between them.")
    if not settings.REDIS_URL and settings.IS_POSTGRES:
        warn(6, "Throttling and lockout state lives in the database cache.",
             "That is correct but slower; set REDIS_URL to share it through Redis.")
    problem = csp_problem()
    if problem:
        warn(9, f"The Content-Security-Policy {problem}.",
             "Keep csp.middleware.CSPMiddleware and the CONTENT_SECURITY_POLICY of forty2/settings.py: scripts and "
             "styles from 'self' only, never 'unsafe-inline' or 'unsafe-eval' (OWASP ASVS 5.0 V3.4.3).")
    for origin in oidc_origins_outside_form_action():
        warn(10, f"Sign-in through the OpenID Connect provider at {origin} would be blocked by the "
                 "Content-Security-Policy (form-action).",
             f"Add {origin} to FORTY2_CSP_FORM_ACTION (comma-separated origins).")
    if 0 < settings.SECURE_HSTS_SECONDS < HSTS_YEAR:
        warn(11, f"HSTS lasts {settings.SECURE_HSTS_SECONDS} seconds, less than a year.",
             f"Set FORTY2_HSTS_SECONDS={HSTS_YEAR} once HTTPS works (OWASP ASVS 5.0 V3.4.1).")
    return found


def oidc_origins_outside_form_action() -> list[str]:
    """Origins of configured OpenID Connect providers missing from the policy's form-action: the sign-in form
    posts to Forty2, which redirects to the provider, and browsers apply form-action to that redirect."""
    directives = (getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}).get("DIRECTIVES") or {}
    allowed = set(directives.get("form-action") or [])
    if "*" in allowed or not allowed:
        return []
    providers = getattr(settings, "SOCIALACCOUNT_PROVIDERS", None) or {}
    missing = []
    for app in (providers.get("openid_connect") or {}).get("APPS") or []:
        url = urlsplit(str((app.get("settings") or {}).get("server_url") or ""))
        origin = f"{url.scheme}://{url.netloc}" if url.scheme and url.netloc else None
        if origin and origin not in allowed and f"{url.scheme}:" not in allowed and origin not in missing:
            missing.append(origin)
    return missing


HSTS_YEAR = 365 * 24 * 3600

#: Sources that would let an injected inline script or style run (or load from anywhere).
LOOSE_SOURCES = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:", "data:"}


def csp_problem() -> str | None:
    """What is wrong with the Content-Security-Policy, or None when scripts and styles are held to 'self'."""
    if "csp.middleware.CSPMiddleware" not in settings.MIDDLEWARE:
        return "is not sent (csp.middleware.CSPMiddleware is not in MIDDLEWARE)"
    directives = (getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}).get("DIRECTIVES") or {}
    for name in ("script-src", "style-src"):
        sources = directives.get(name) or directives.get("default-src")
        if not sources:
            return f"sets no {name} (nor default-src)"
        loose = sorted(LOOSE_SOURCES & set(sources))
        if loose:
            return f"allows {' '.join(loose)} in {name}"
    return None
