from django.urls import include, path

from forty2.accounts.views import email_management_disabled, sso_links_disabled
from forty2.api.urls import api
from forty2.documents.views import public_transparency

urlpatterns = [
    path("api/v1/", api.urls),
    path("accounts/email/", email_management_disabled, name="account_email"),
    path("accounts/3rdparty/", sso_links_disabled, name="socialaccount_connections"),
    path("accounts/3rdparty/signup/", sso_links_disabled, name="socialaccount_signup"),
    path("accounts/", include("allauth.urls")),
    path("o/<slug:org>/", include("forty2.aiact.urls")),  # …/ai-systems/<pk>/ai-act/ and …/risk-profile/
    path("o/<slug:org>/ai-systems/", include("forty2.inventory.urls")),
    path("o/<slug:org>/catalog/", include("forty2.catalog.urls")),
    path("o/<slug:org>/competence/", include("forty2.competence.urls")),
    path("o/<slug:org>/context/", include("forty2.context.urls")),
    path("o/<slug:org>/people/", include("forty2.people.urls")),
    path("o/<slug:org>/objectives/", include("forty2.monitoring.urls")),
    path("o/<slug:org>/documents/", include("forty2.documents.urls")),
    path("t/<slug:org>/", public_transparency, name="public_transparency"),
    path("o/<slug:org>/jobs/", include("forty2.jobs.urls")),
    path("o/<slug:org>/controls/", include("forty2.controls.urls")),
    path("o/<slug:org>/evidence/", include("forty2.evidence.urls")),
    path("o/<slug:org>/risks/", include("forty2.risk.urls")),
    path("o/<slug:org>/training/", include("forty2.training.urls")),
    path("o/<slug:org>/incidents/", include("forty2.incidents.urls")),
    path("o/<slug:org>/audits/", include("forty2.audits.urls")),
    path("o/<slug:org>/improvements/", include("forty2.improvement.log")),  # the improvement log (10.1)
    path("o/<slug:org>/nonconformities/", include("forty2.improvement.urls")),
    path("o/<slug:org>/management-reviews/", include("forty2.review.urls")),
    path("o/<slug:org>/plan/", include("forty2.planning.urls")),
    path("o/<slug:org>/certification/", include("forty2.certification.urls")),
    path("o/<slug:org>/reports/", include("forty2.reports.urls")),
    path("c/<slug:org>/", include("forty2.incidents.public_urls")),  # the public concern channel (no login)
    path("portfolio/", include("forty2.portfolio.urls")),  # the weekly digest's opt-out
    path("", include("forty2.web.urls")),
]


def handler404(request, exception):
    """JSON for the API (docs/architecture.md, "API conventions"), the friendly page everywhere else."""
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"detail": "Not found."}, status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)
