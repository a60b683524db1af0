"""The public concern channel's own throttle (cache-based, fixed one-hour windows).

The client is known only by a keyed hash of its address, the organisation, the bucket and the window
(HMAC-SHA-256 with the installation's secret key): it lives in the cache until the window ends and is never
written to a concern, an audit event or a log line. The address itself is never stored anywhere.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600
#: submissions and follow-up look-ups per client, organisation and hour
LIMITS = {"submit": getattr(settings, "FORTY2_CONCERNS_PER_HOUR", 5),
          "follow_up": getattr(settings, "FORTY2_CONCERN_FOLLOW_UPS_PER_HOUR", 20)}


def _client(request) -> str:
    try:
        from allauth.core.internal.httpkit import get_client_ip

        address = get_client_ip(request)
    except Exception:  # a misconfigured proxy count: fall back to the socket's address
        address = None
    return address or request.META.get("REMOTE_ADDR", "") or "unknown"


def key_for(request, org, bucket: str, now: float | None = None) -> str:
    window = int((now or time.time()) // WINDOW_SECONDS)
    message = f"{bucket}:{org.pk}:{window}:{_client(request)}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return f"forty2:concerns:{digest}"


def allow(request, org, bucket: str) -> bool:
    """Count one attempt; False once the client has used up this window's allowance."""
    key = key_for(request, org, bucket)
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count <= LIMITS[bucket]
