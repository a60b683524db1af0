"""The portfolio page: the home page of a member of several organisations (ISO/IEC 42001 9.1, 9.3), registered
with web's home (forty2/web/registry.py ``register_portfolio_page``), and the digest opt-out (7.4)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import digest, service


def page(request, memberships):
    """The table of :func:`forty2.portfolio.service.rows`, sorted by ``?sort=`` (name, readiness, next_date,
    blockers, overdue)."""
    sort = request.GET.get("sort") if request.GET.get("sort") in service.SORTS else "name"
    found = service.rows(request.user, request, memberships=memberships, sort=sort)
    heads = [{"key": key, "label": label, "href": "?" + urlencode({"sort": key}),
              "aria_sort": "ascending" if key == sort else ""} for key, (label, _k, _d) in service.SORTS.items()]
    return render(request, "portfolio/portfolio.html", {
        "rows": found, "columns": service.columns(), "sort": sort, "heads": {h["key"]: h for h in heads},
        "digest_on": digest.wants_digest(request.user)})


@login_required
@require_POST
def digest_preference(request):
    """Turn the weekly digest on or off for the signed-in person (``weekly_digest``: "on" or "off")."""
    value = request.POST.get("weekly_digest")
    if value not in ("on", "off"):
        messages.error(request, "Choose whether to receive the weekly digest: on or off.")
    else:
        digest.set_preference(request.user, value == "on")
        messages.success(request, "You will receive the weekly digest." if value == "on"
                         else "You will no longer receive the weekly digest.")
    return redirect("/")
